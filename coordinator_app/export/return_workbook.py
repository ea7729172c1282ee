"""The return workbook (`return.xlsx`): About with a data dictionary, Summary, then one sheet
per kind of record, under pseudonym codes only. Written in openpyxl's write-only mode so a
full history of half a million shifts streams to disk instead of filling memory.

Every text cell is stored as text (never a formula, whatever it starts with); dates are
dates; hours are numbers; header rows are frozen and columns sized. Text longer than a cell
can hold is refused with a message rather than cut."""

from __future__ import annotations

import contextlib
import io
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.return_figures import Unit
from coordinator_app.export.sheets import FORMULA_LIKE

Kind = Literal["text", "int", "hours", "date"]
Value = str | int | float | date | None
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
SUMMARY = "Summary"
_BOLD = Font(bold=True)
_SHEETS = "xl/worksheets/"
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
class MonthHours:
    month: str
    service_minutes: int
    training_minutes: int


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

    @property
    def totals(self) -> dict[str, int]:
        return {f.key: f.value for f in self.figures}


def write_return_workbook(
    content: ReturnContent, on_rows: Callable[[int], None] | None = None
) -> bytes:
    """The workbook's bytes; ``on_rows`` hears every 5,000 data rows (progress, cancel)."""
    book = Workbook(write_only=True)
    _about(book.create_sheet("About"), content)
    _summary(book.create_sheet(SUMMARY), content)
    try:
        _data_sheets(book, content.sheets, on_rows)
    except BaseException:
        for sheet in book.worksheets:  # close the sheets' temporary files now, not at exit
            with contextlib.suppress(Exception):
                sheet.close()
        raise
    with tempfile.TemporaryDirectory(prefix="coordinator-return-") as folder:
        path = Path(folder) / "return.xlsx"
        book.save(path)
        return _keep_carriage_returns(path.read_bytes())


def _keep_carriage_returns(data: bytes) -> bytes:
    """XML readers turn a raw carriage return into a line feed, so a text cell holding one
    would not read back as stored: write it as the character reference ``&#13;`` instead.
    openpyxl puts carriage returns nowhere else in a sheet's XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        infos = source.infolist()
        parts = {i.filename: source.read(i) for i in infos}
    if not any(b"\r" in body for name, body in parts.items() if name.startswith(_SHEETS)):
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            body = parts[info.filename]
            if info.filename.startswith(_SHEETS):
                body = body.replace(b"\r", b"&#13;")
            target.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _data_sheets(
    book: Workbook, sheets: Sequence[Sheet], on_rows: Callable[[int], None] | None
) -> None:
    written = 0
    for sheet in sheets:
        target = book.create_sheet(sheet.name)
        _header(target, sheet.columns)
        for row in sheet.rows:
            target.append(
                [_cell(target, v, sheet, c) for v, c in zip(row, sheet.columns, strict=True)]
            )
            written += 1
            if on_rows is not None and written % 5_000 == 0:
                on_rows(written)


def read_totals(data: bytes) -> dict[str, int]:
    """The Summary sheet's figures by key: what a reader compares with the manifest."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        rows = book[SUMMARY].iter_rows(min_row=2, values_only=True)
        return {
            str(key): value
            for key, _label, value, *_ in rows
            if isinstance(key, str) and isinstance(value, int) and not isinstance(value, bool)
        }
    finally:
        book.close()


def _header(target: WriteOnlyWorksheet, columns: Sequence[Column]) -> None:
    for n, column in enumerate(columns, start=1):
        width = max(_WIDTH[column.kind], len(column.name) + 2)
        target.column_dimensions[get_column_letter(n)].width = width
    target.freeze_panes = "A2"
    cells = []
    for column in columns:
        cell = WriteOnlyCell(target, column.name)
        cell.font = _BOLD
        cells.append(cell)
    target.append(cells)


def _about(target: WriteOnlyWorksheet, content: ReturnContent) -> None:
    columns = (
        Column("Sheet", "text", ""),
        Column("Column", "text", ""),
        Column("Type", "text", ""),
        Column("Meaning", "text", ""),
    )
    about = Sheet("About", "", columns, [])
    target.column_dimensions["D"].width = 90
    lines: list[Sequence[Value]] = [
        ("Helpforce Refugee Volunteer to Career: trust return",),
        ("Trust", f"{content.trust_name} ({content.trust_code})"),
        ("Period", content.period_label, content.period_start, content.period_end),
        ("Created (UTC)", content.created_at.strftime("%Y-%m-%d %H:%M:%S")),
        *[("Note", note) for note in content.notes],
        (),
        ("Sheet", "Column", "Type", "Meaning"),
    ]
    for line in lines:
        target.append([_cell(target, v, about, None) for v in line])
    for sheet in content.sheets:
        target.append([_cell(target, v, about, None) for v in (sheet.name, "", "", sheet.purpose)])
        for column in sheet.columns:
            kind = {"hours": "number (hours)", "int": "whole number"}.get(column.kind, column.kind)
            row = (sheet.name, column.name, kind, column.meaning)
            target.append([_cell(target, v, about, None) for v in row])


def _summary(target: WriteOnlyWorksheet, content: ReturnContent) -> None:
    columns = (
        Column("Key", "text", ""),
        Column("Figure", "text", ""),
        Column("Value", "int", ""),
        Column("Unit", "text", ""),
    )
    _header(target, columns)
    target.column_dimensions["A"].width = 30
    target.column_dimensions["B"].width = 60
    summary = Sheet(SUMMARY, "", columns, [])
    for figure in content.figures:
        target.append(
            [
                _cell(target, v, summary, None)
                for v in (figure.key, figure.label, figure.value, figure.unit)
            ]
        )


def _cell(
    target: WriteOnlyWorksheet, value: Value, sheet: Sheet, column: Column | None
) -> WriteOnlyCell:
    cell = WriteOnlyCell(target)
    if isinstance(value, str):
        _check_text(value, sheet, column)
        cell.value = value
        cell.data_type = "s"  # text stays text, even "=1+1"
        if value.startswith(FORMULA_LIKE):
            cell.quotePrefix = True  # and stays text when someone edits it in Excel
            cell.alignment = Alignment(horizontal="left")
        return cell
    cell.value = value
    if isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"
    elif column is not None and column.kind == "hours":
        cell.number_format = "0.00"
    return cell


def _check_text(value: str, sheet: Sheet, column: Column | None) -> None:
    where = f"{sheet.name}, {column.name}" if column else sheet.name
    if len(value) > MAX_CELL_TEXT:
        raise InvalidInput(
            f"A value in {where} is {len(value):,} characters long; a spreadsheet cell holds "
            f"at most {MAX_CELL_TEXT:,}.",
            "Shorten that text in Coordinator, then build the return again.",
        )
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise InvalidInput(
            f"A value in {where} holds a control character a spreadsheet cannot store.",
            "Retype that text in Coordinator, then build the return again.",
        )
