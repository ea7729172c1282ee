"""Worksheet XML written a row at a time, in exactly the bytes XlsxWriter writes.

In constant-memory mode XlsxWriter keeps each cell in a tuple, then writes the finished row
cell by cell through its XML writer: most of a big return's time. ``xlsx_book`` writes each
``<row>`` itself, as one string, into the file XlsxWriter streams rows to
(tests/export/test_xlsx_cells.py compares the bytes with XlsxWriter's own). A cell's XML after
its reference (its "tail") depends only on its value and style, so ``xlsx_book`` builds it
once per distinct text or date and reuses it.
"""

from __future__ import annotations

import re

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

MAX_ROWS = 1_048_576  # a worksheet's rows, the header included
MAX_COLUMNS = 16_384
_ESCAPE_START = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
_MARKUP = re.compile("[&<>]")


class ColumnLetters(dict[int, str]):
    """``letters[2] == "C"``: each column's letters worked out once."""

    def __missing__(self, column: int) -> str:
        letters = self[column] = str(xl_col_to_name(column))
        return letters


def excel_escaped(text: str) -> str:
    """OOXML's escapes as Excel writes them: text that reads as an escape (``_x0041_``) gets
    its underscore escaped (``_x005F_x0041_``), and control characters become ``_xHHHH_``.
    XlsxWriter's own misses an escape that shares its underscore with the one before
    (``_x005F_x0041_`` came back as ``_x005FA``)."""
    if "_x" in text:
        text = _ESCAPE_START.sub("_x005F_", text)
    if text.isprintable():  # most text: no control character to look for
        return text
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _style(style: int) -> str:
    return f' s="{style}"' if style else ""


def text_tail(shown: str, style: int) -> str:
    """An inline text cell after ``<c r="A1"``; leading or trailing space is kept."""
    text = excel_escaped(shown)
    kept = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    if _MARKUP.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'{_style(style)} t="inlineStr"><is><t{kept}>{text}</t></is></c>'


def number_tail(number: float, style: int) -> str:
    """A number cell after ``<c r="A1"`` (Excel's 16 significant digits)."""
    return f"{_style(style)}><v>{number:.16G}</v></c>"


def boolean_tail(value: bool, style: int) -> str:
    return f'{_style(style)} t="b"><v>{int(value)}</v></c>'


def finish(sheet: Worksheet, rows: tuple[int, int], columns: tuple[int, int]) -> None:
    """Tell XlsxWriter the extent of the cells written past it (its ``<dimension>``): first
    and last row, first and last column; nothing when no cell was written."""
    if rows[1] >= 0:
        sheet.dim_rowmin, sheet.dim_rowmax = rows
        sheet.dim_colmin, sheet.dim_colmax = columns
