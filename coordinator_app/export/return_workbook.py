"""The return workbook (`return.xlsx`): About with a data dictionary, Summary, then one sheet
per kind of record, under pseudonym codes only. Written through ``xlsx_book`` (XlsxWriter,
constant-memory mode): rows stream to disk, so a full history of half a million shifts never
fills memory.

Every text cell is stored as text (never a formula, whatever it starts with); dates are
dates; hours are numbers; header rows are frozen and columns sized. A signed return never
changes data silently: text longer than a cell holds, a character XML cannot carry, or a
figure that is not a number is refused with a message naming the cell, never cut or
replaced. The same content gives the same bytes (the document's date is ``created_at``)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from coordinator_app.domain.return_figures import BarrierCount, MonthHours, Unit
from coordinator_app.export.xlsx_book import MAX_CELL_TEXT as MAX_CELL_TEXT  # tests use it
from coordinator_app.export.xlsx_book import Book, Kind

Value = str | int | float | date | None
# The manifest's content_version: bump it whenever a sheet or column is added, removed or
# changes meaning, and update docs/return-workbook.md with it.
CONTENT_VERSION = 2
SUMMARY = "Summary"
PROGRESS_EVERY = 5_000
REMEDY = "Then build the return again."
_WIDTH = {"text": 24, "int": 12, "hours": 12, "date": 13}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    meaning: str


@dataclass(frozen=True)
class Sheet:
    name: str
    purpose: str
    columns: tuple[Column, ...]
    rows: Iterable[Sequence[Value]]


@dataclass(frozen=True)
class Figure:
    key: str  # as in the manifest's totals
    label: str
    value: int
    unit: Unit


@dataclass(frozen=True)
class ReturnContent:
    trust_code: str
    trust_name: str
    period_label: str
    period_start: date
    period_end: date
    created_at: datetime
    figures: tuple[Figure, ...]
    months: tuple[MonthHours, ...]  # for the summary's chart
    notes: tuple[str, ...]
    sheets: tuple[Sheet, ...]
    barriers: tuple[BarrierCount, ...] = ()  # for the summary's barriers table

    @property
    def totals(self) -> dict[str, int]:
        return {f.key: f.value for f in self.figures}


def write_return_workbook(
    content: ReturnContent, on_rows: Callable[[int], None] | None = None
) -> bytes:
    """The workbook's bytes; ``on_rows`` hears every 5,000 data rows (progress, cancel)."""
    written = 0

    def counted() -> None:
        nonlocal written
        written += 1
        if on_rows is not None and written % PROGRESS_EVERY == 0:
            on_rows(written)

    out = io.BytesIO()
    created = content.created_at
    with Book(out, created=created, forbidden="refuse", remedy=REMEDY) as book:
        _about(book, content)
        _summary(book, content)
        for sheet in content.sheets:
            book.add_sheet(
                sheet.name,
                [c.name for c in sheet.columns],
                sheet.rows,
                kinds=[c.kind for c in sheet.columns],
                widths=[max(_WIDTH[c.kind], len(c.name) + 2) for c in sheet.columns],
                on_row=counted,
            )
    return out.getvalue()


def read_totals(data: bytes) -> dict[str, int]:
    """The Summary sheet's figures by key: what a reader compares with the manifest. Read
    with ``xlsx_rows`` (that sheet alone: openpyxl would size every sheet on opening)."""
    from coordinator_app.export.xlsx_rows import Workbook

    book = Workbook(data)
    try:
        rows = book.rows(SUMMARY)  # no Summary: KeyError, an unreadable return
        next(rows, None)  # the heading
        return {
            str(row[0]): row[2]
            for row in rows
            if len(row) >= 3
            and isinstance(row[0], str)
            and isinstance(row[2], int)
            and not isinstance(row[2], bool)
        }
    finally:
        book.close()


def _about(book: Book, content: ReturnContent) -> None:
    lines: list[Sequence[Value]] = [
        ("Trust", f"{content.trust_name} ({content.trust_code})"),
        ("Period", content.period_label, content.period_start, content.period_end),
        ("Created (UTC)", content.created_at.strftime("%Y-%m-%d %H:%M:%S")),
        *[("Note", note) for note in content.notes],
        (),
        ("Sheet", "Column", "Type", "Meaning"),
    ]
    for sheet in content.sheets:
        lines.append((sheet.name, "", "", sheet.purpose))
        for column in sheet.columns:
            kind = {"hours": "number (hours)", "int": "whole number"}.get(column.kind, column.kind)
            lines.append((sheet.name, column.name, kind, column.meaning))
    book.add_sheet(
        "About",
        ["Helpforce Refugee Volunteer to Career: trust return", "", "", ""],
        lines,
        widths=[22, 40, 14, 90],
    )


def _summary(book: Book, content: ReturnContent) -> None:
    book.add_sheet(
        SUMMARY,
        ["Key", "Figure", "Value", "Unit"],
        [(f.key, f.label, f.value, f.unit) for f in content.figures],
        widths=[30, 60, 12, 10],
    )
