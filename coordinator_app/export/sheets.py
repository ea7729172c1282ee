"""Reading the coordinators' own spreadsheets (.xlsx, .csv) and writing one-sheet xlsx
(``xlsx_book``) where every text cell is text: a value such as ``=HYPERLINK(...)`` or
``+44 7700 900123`` is read and written back exactly, never run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.export.xlsx_book import Book, Forbidden, save

Cell = str | date | datetime | int | float | None
# The coordinator's own files must still be written: a character XML cannot carry shows as
# U+FFFD (the visible replacement mark) instead of refusing the whole file.
OWN_FILE: Forbidden = "replace"
AGAIN = "Then save the spreadsheet again."


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
    path: Path,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    created: datetime,
) -> None:
    """A one-sheet workbook, written to a temporary file then renamed (never half-written)."""

    def build(book: Book) -> None:
        book.add_sheet(title[:31], header, rows)

    save(path, build, created=created, forbidden=OWN_FILE, remedy=AGAIN)
