"""xlsx_book writes each row's XML itself (xlsx_cells): the sheet's data must be the bytes
XlsxWriter writes for the same cells through its own API, and a sheet too long for a
spreadsheet is refused with a sentence rather than cut."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from datetime import UTC, date, datetime
from enum import IntEnum, StrEnum

import pytest
import xlsxwriter

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.export.xlsx_book import FORMULA_LIKE, STYLES, Book, Value
from coordinator_app.export.xlsx_cells import MAX_ROWS
from tests.export.test_xlsx_book import TEXTS

MADE = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
EPOCH = datetime(1899, 12, 30)


class Unit(StrEnum):
    HOURS = "hours"


class Band(IntEnum):
    FIVE = 5


# XlsxWriter's own escape turns "_x005F_x0041_" into "_x005FA" (xlsx_cells says why):
# that one text is left out of the comparison and read back in test_xlsx_book.py.
SAME_TEXTS = tuple(t for t in TEXTS if t != "_x005F_x0041_")
HEADER = ("Code", "=Odd heading", "Hours", "Count", "When", "Moment", "Flag")
ROWS: list[tuple[Value | bool, ...]] = [
    *[
        (text, text, n / 4, n, date(2026, 1, 1 + n % 28), None, n % 2 == 0)
        for n, text in enumerate(SAME_TEXTS)
    ],
    (None, None, 2.5, Band.FIVE, None, datetime(2026, 11, 2, 9, 30, 15), None),
    (None, Unit.HOURS, None, 10**17, None, None, None),
    (None, None, None, 0.75, None, None, None),  # a fraction outside an hours column
    ("trailing space ", "new line\n", None, None, None, None, None),
    (None, "", None, None, None, None, None),  # no cell at all: no row
    (),
    ("last", None, 1e-7, -3, date(1900, 3, 1)),
]


def _sheet_data(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    dimension = re.search("<dimension [^>]*/>", xml)
    rows = re.search("<sheetData>.*</sheetData>", xml, re.S)
    assert dimension is not None and rows is not None
    return dimension.group() + rows.group()


def _ours() -> bytes:
    out = io.BytesIO()
    with Book(out, created=MADE, forbidden="refuse", remedy="") as book:
        book.add_sheet(
            "Mixed", HEADER, ROWS, kinds=("text", "text", "hours"), widths=[9] * len(HEADER)
        )
    return out.getvalue()


def _xlsxwriter_alone() -> bytes:
    """The same cells through XlsxWriter's public writers, with the styles xlsx_book uses
    numbered in the same order."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
    bold, bold_quoted, quoted, day, moment, hours = (book.add_format(s) for s in STYLES)
    for style in (bold, bold_quoted, quoted, day, moment, hours):
        style._get_xf_index()
    sheet = book.add_worksheet("Mixed")
    for column, text in enumerate(HEADER):
        sheet.write_string(0, column, text, bold_quoted if text.startswith("=") else bold)
    for r, row in enumerate(ROWS, start=1):
        for c, value in enumerate(row):
            if isinstance(value, str) and value:
                style = quoted if value.startswith(FORMULA_LIKE) else None
                sheet.write_string(r, c, value, style)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, datetime):
                sheet.write_number(r, c, (value - EPOCH).total_seconds() / 86400, moment)
            elif isinstance(value, date):
                sheet.write_number(r, c, float((value - EPOCH.date()).days), day)
            elif isinstance(value, float):
                sheet.write_number(r, c, value, hours if c == 2 else None)
            elif isinstance(value, int):
                sheet.write_number(r, c, int(value))
    book.close()
    return out.getvalue()


def test_rows_are_the_bytes_xlsxwriter_writes_for_the_same_cells() -> None:
    ours = _sheet_data(_ours())
    assert ours == _sheet_data(_xlsxwriter_alone())
    assert '<dimension ref="A1:G' in ours and 'xml:space="preserve"' in ours  # not vacuous
    assert ">hours<" in ours and "<v>5</v>" in ours  # enumerations written as their values


def test_a_sheet_longer_than_a_spreadsheet_holds_is_refused_not_cut() -> None:
    rows = itertools.repeat((1,), MAX_ROWS)  # with the header, one row too many
    with (
        pytest.raises(InvalidInput, match="Sheet Long would need more than 1,048,576 rows"),
        Book(io.BytesIO(), created=MADE, forbidden="refuse", remedy="") as book,
    ):
        book.add_sheet("Long", ("Count",), rows)
