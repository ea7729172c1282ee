"""The subject access files: a workbook with every field of every record (text stays text)
and a PDF a person can read, both naming them (they are theirs)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from coordinator_app.export.pdf import build_atomically, esc, styles, table_style
from coordinator_app.export.sheets import AGAIN, OWN_FILE
from coordinator_app.export.xlsx_book import Book, save

Tables = Sequence[tuple[str, list[str], list[list[Any]]]]


def write_subject_access(
    workbook: Path, summary: Path, name: str, code: str, today: date, tables: Tables
) -> None:
    def build(book: Book) -> None:
        for title, headings, rows in tables:
            book.add_sheet(
                title[:31],
                headings,
                ([_value(v) for v in row] for row in rows),
                widths=[22] * len(headings),
            )

    # A character XML cannot carry shows as U+FFFD: the person still gets their data.
    created = datetime.combine(today, time())
    save(workbook, build, created=created, forbidden=OWN_FILE, remedy=AGAIN)
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
        story.append(Paragraph(f"{esc(title, bold=True)} ({len(rows)})", s["heading"]))
        if not rows:
            story.append(Paragraph("Nothing recorded.", s["small"]))
            continue
        story.extend(_records(headings, rows))
    build_atomically(summary, story, "What Coordinator holds about you")


def _value(value: Any) -> Any:
    return ("yes" if value else "no") if isinstance(value, bool) else value


WIDE = 4  # more columns than this read better as one "field: value" block per record


def _records(headings: list[str], rows: list[list[Any]]) -> list[Flowable]:
    """A narrow list as one table; a wide one (a volunteer's record has dozens of fields)
    as a field-and-value block per record, so no column is squeezed to a letter a line.
    Rows may split across pages: a long note can be taller than a page."""
    s = styles()

    def cell(value: Any) -> Paragraph:
        return Paragraph(esc("" if value is None else str(value)), s["small"])

    style = table_style(
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.6, "black")
    )
    if len(headings) <= WIDE:
        shown = [[cell(h) for h in headings]] + [[cell(v) for v in row] for row in rows]
        width = 160 * mm / len(headings)
        table = Table(shown, repeatRows=1, colWidths=[width] * len(headings), splitInRow=1)
        table.setStyle(style)
        return [table]
    blocks: list[Flowable] = []
    for number, row in enumerate(rows, start=1):
        pairs = [[cell("Record"), cell(f"{number} of {len(rows)}")]] + [
            [cell(h), cell(v)] for h, v in zip(headings, row, strict=False)
        ]
        table = Table(pairs, colWidths=[50 * mm, 110 * mm], splitInRow=1)
        table.setStyle(style)
        blocks.extend([table, Spacer(1, 3 * mm)])
    return blocks
