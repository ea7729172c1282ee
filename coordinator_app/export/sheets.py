"""Reading the coordinators' own spreadsheets (.xlsx, .csv) and writing xlsx where every
text cell is text: a value such as ``=HYPERLINK(...)`` or ``+44 7700 900123`` is read and
written back exactly, never run as a formula."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from coordinator_app.domain.errors import InvalidInput

Cell = str | date | datetime | int | float | None
FORMULA_LIKE = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def read_table(path: Path) -> tuple[list[str], list[list[Cell]]]:
    """Header texts and data rows (blank rows dropped) of the first sheet or the CSV."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            rows = _read_csv(path)
        elif suffix in {".xlsx", ".xlsm"}:
            rows = _read_xlsx(path)
        else:
            raise InvalidInput(
                f"{path.name} is not a spreadsheet Coordinator can read.",
                "Save it as .xlsx or .csv and import that.",
            )
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
        raise InvalidInput(
            f"{path.name} could not be read as a spreadsheet.",
            "Check it opens in Excel, save it again as .xlsx or .csv, then import that.",
        ) from exc
    if not rows:
        raise InvalidInput(f"{path.name} is empty.", "Choose the file with your volunteers.")
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    data = [r for r in rows[1:] if any(c not in (None, "") for c in r)]
    return header, data


def _read_csv(path: Path) -> list[list[Cell]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Windows saves CSV as either
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(path: Path) -> list[list[Cell]]:
    # Not read_only: its lazy cells cannot tell a formula's text from a value in every
    # version; a coordinator's sheet of a few thousand rows fits easily in memory.
    book = load_workbook(path, data_only=False)
    try:
        sheet = book.worksheets[0]
        return [[_cell(c.value) for c in row] for row in sheet.iter_rows()]
    finally:
        book.close()


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, str | date | datetime | int | float):
        return value
    return str(value)  # e.g. an ArrayFormula: kept as the text it shows


def write_table(
    path: Path, title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> None:
    """A one-sheet workbook, written to a temporary file then renamed (never half-written)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in header]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            target = sheet.cell(row=r, column=c)
            put(target, value)
            widths[c - 1] = min(60, max(widths[c - 1], len(str(value or ""))))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    sheet.freeze_panes = "A2"
    save_atomically(book, path)


def put(cell: XlCell, value: Cell) -> None:
    """Store a value; text always as text (data type 's', and a quote prefix when it looks
    like a formula, so Excel keeps it text even after someone edits the cell)."""
    if isinstance(value, datetime | date):
        cell.value = value
        cell.number_format = "DD/MM/YYYY"
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_LIKE):
            cell.alignment = Alignment(horizontal="left")
            cell.quotePrefix = True


def save_atomically(book: Workbook, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".writing-", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        book.save(temp)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
