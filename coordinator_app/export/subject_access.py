"""The subject access files: a workbook with every field of every record (text stays text)
and a PDF a person can read, both naming them (they are theirs)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from coordinator_app.export.pdf import build_atomically, esc, styles
from coordinator_app.export.sheets import put, save_atomically

Tables = Sequence[tuple[str, list[str], list[list[Any]]]]


def write_subject_access(
    workbook: Path, summary: Path, name: str, code: str, today: date, tables: Tables
) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, headings, rows in tables:
        sheet = book.create_sheet(title[:31])
        sheet.append(headings)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                put(
                    sheet.cell(row=r, column=c),
                    value if not isinstance(value, bool) else ("yes" if value else "no"),
                )
        for n in range(1, len(headings) + 1):
            sheet.column_dimensions[get_column_letter(n)].width = 22
        sheet.freeze_panes = "A2"
    save_atomically(book, workbook)
    s = styles()
    story: list[Flowable] = [
        Paragraph("What Coordinator holds about you", s["title"]),
        Paragraph(f"{esc(name)} ({esc(code)}), {today:%d/%m/%Y}", s["subtitle"]),
        Spacer(1, 5 * mm),
        Paragraph(
            "This is every record the volunteer coordinator keeps about you in Coordinator. "
            "The spreadsheet beside it holds the same, field by field.",
            s["body"],
        ),
    ]
    for title, headings, rows in tables:
        story.append(Paragraph(f"{esc(title)} ({len(rows)})", s["heading"]))
        if not rows:
            story.append(Paragraph("Nothing recorded.", s["small"]))
            continue
        shown = [[Paragraph(esc(str(h)), s["small"]) for h in headings]] + [
            [Paragraph(esc("" if v is None else str(v)), s["small"]) for v in row] for row in rows
        ]
        table = Table(shown, repeatRows=1, colWidths=[160 * mm / len(headings)] * len(headings))
        table.setStyle(
            TableStyle(
                [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.6, "black")]
            )
        )
        story.append(table)
    build_atomically(summary, story, "What Coordinator holds about you")
