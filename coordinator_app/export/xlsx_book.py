"""Every workbook the app writes goes through here, onto XlsxWriter (openpyxl only reads).

- Text is always written as text (``write_string``; the workbook's strings_to_formulas,
  strings_to_numbers and strings_to_urls are off): never a formula, a number or a link.
  Text that would start a formula once edited in Excel (``=``, ``+``, ``-``, ``@``, tab, CR
  and their full-width forms) also gets the quote-prefix style.
- XML 1.0 cannot hold C0 control characters other than tab, LF and CR, U+FFFE, U+FFFF or
  half a surrogate pair. Each book chooses: ``refuse`` (a sentence naming the cell and what
  to do: the signed return never changes data silently) or ``replace`` (each such
  character becomes U+FFFD, the visible replacement mark: for the coordinator's own files,
  which must still be written).
- NaN and infinity are refused with a sentence: a cell cannot hold them.
- Text longer than a cell holds (32,767 UTF-16 units) is refused, never cut.
- Text that reads as an Excel escape (``_xHHHH_``) is escaped itself, ``_x005F_xHHHH_``,
  as Excel does, and CR is stored as ``_x000D_`` (XML readers would turn it into LF).
  openpyxl hands such text back as stored: ``xstring`` decodes it as Excel and LibreOffice do.
- The same content gives the same bytes: the document's dates are the caller's ``created``
  and XlsxWriter dates every ZIP member 1980-01-31.

Every book is in XlsxWriter's constant-memory mode: each row streams to disk as it is
written (a full history has half a million) and every text is an inline string. The rows'
XML is written here a row at a time (``xlsx_cells``), in the bytes XlsxWriter would write.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Literal, NoReturn

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.export.xlsx_cells import (
    MAX_COLUMNS,
    MAX_ROWS,
    ColumnLetters,
    boolean_tail,
    finish,
    number_tail,
    text_tail,
)

Forbidden = Literal["refuse", "replace"]
Kind = Literal["text", "int", "hours", "date"]
Value = str | int | float | date | datetime | None
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell, in UTF-16 code units
FORMULA_LIKE = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
REPLACEMENT = "\ufffd"
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
_EPOCH = datetime(1899, 12, 30)
_DAY = timedelta(days=1)
_DATE_WIDTH, _MOMENT_WIDTH = 12, 21  # a fitted column's least width for its dates, moments
# Bold, bold quoted, quoted (text that would start a formula), date, moment, hours.
STYLES: tuple[dict[str, object], ...] = (
    {"bold": True},
    {"bold": True, "quote_prefix": True, "align": "left"},
    {"quote_prefix": True, "align": "left"},
    {"num_format": "dd/mm/yyyy"},
    {"num_format": "dd/mm/yyyy hh:mm:ss"},
    {"num_format": "0.00"},
)
_CHECKED_KEPT = 200_000  # distinct texts remembered as checked (then forgotten, not grown)


def xstring(text: str) -> str:
    """A cell's text as Excel shows it: OOXML's ``_xHHHH_`` escapes decoded (openpyxl
    returns them as stored). One left-to-right pass, so ``_x005F_x0041_`` is ``_x0041_``."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def cell_name(row: int, column: int) -> str:
    """``C12`` for row 12 (1-based, as the sheet shows it) and the third column (0-based)."""
    return str(xl_rowcol_to_cell(row - 1, column))


class Book:
    """``with Book(...) as book:`` then ``add_sheet`` in order, each with all its rows; the
    workbook is finished on leaving the block, or its temporary files removed on an error.
    ``target`` is a path or a binary file (BytesIO); ``remedy`` is what a refusal tells
    the user to do next."""

    def __init__(
        self,
        target: Path | IO[bytes],
        *,
        created: datetime,
        forbidden: Forbidden,
        remedy: str,
    ) -> None:
        # Its own folder for the rows streamed to disk, so a refusal halfway leaves nothing.
        self._scratch = tempfile.TemporaryDirectory(
            prefix="coordinator-xlsx-", ignore_cleanup_errors=True
        )
        self._book = Workbook(
            str(target) if isinstance(target, Path) else target,
            {
                "constant_memory": True,
                "tmpdir": self._scratch.name,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "nan_inf_to_errors": False,
            },
        )
        # Fixed document dates (XlsxWriter would take the clock): same content, same bytes.
        utc = created.astimezone(UTC) if created.tzinfo else created
        self._book.set_properties({"created": utc.replace(tzinfo=None)})
        self._forbidden = forbidden
        self._remedy = remedy
        # Style numbers fixed here, in this order (XlsxWriter numbers a style on first use,
        # and the rows are written past it).
        self._bold, self._bold_quoted, self._quoted, self._date, self._moment, self._hours = (
            self._book.add_format(spec)._get_xf_index() for spec in STYLES
        )
        # Text as given -> its cell's XML and width: each distinct text is checked once.
        self._ok: dict[str, tuple[str, int]] = {}
        self._days: dict[date, str] = {}
        self._sheet_name, self._header = "", [""]  # where a refusal says it is

    def add_sheet(
        self,
        name: str,
        header: Sequence[str],
        rows: Iterable[Sequence[Value]],
        *,
        kinds: Sequence[Kind] = (),
        widths: Sequence[float] | None = None,
        on_row: Callable[[], None] | None = None,
    ) -> None:
        """One sheet: a bold, frozen header row, then ``rows``. A float in an ``hours``
        column shows two decimals; without ``widths``, columns fit their text (to 60)."""
        sheet = self._book.add_worksheet(name)
        sheet.freeze_panes(1, 0)
        self._sheet_name, self._header = name, list(header)
        fitted = [len(h) + 2 for h in header]
        fit = widths is None
        hours = {n for n, kind in enumerate(kinds) if kind == "hours"}
        letters = ColumnLetters()
        write = sheet.row_data_fh.write  # constant memory: the file XlsxWriter streams rows to
        named = [n for n, text in enumerate(header) if text]
        cells = [f'<c r="{letters[n]}1"{self._heading(header[n], n)}' for n in named]
        first_row, last_row = (0, 0) if named else (-1, -1)
        first_column, last_column = (named[0], named[-1]) if named else (MAX_COLUMNS, -1)
        if cells:
            write('<row r="1">' + "".join(cells) + "</row>")
        ok, days = self._ok, self._days
        hours_style = f' s="{self._hours}"'
        pending: list[str] = []  # rows written a thousand at a time: fewer, larger writes
        for r, row in enumerate(rows, start=1):
            # The hot loop of a big return: half a million rows for a full history.
            if r >= MAX_ROWS:
                self._refuse_length()
            at = f'{r + 1}"'
            cells.clear()
            column = -1
            for c, value in enumerate(row):
                if isinstance(value, str):
                    if not value:
                        continue
                    known = ok.get(value) or self._text_cell(value, r + 1, c)
                    tail = known[0]
                    if fit and known[1] > fitted[c]:
                        fitted[c] = known[1]
                elif value is None:
                    continue
                elif type(value) is int:
                    tail = f"><v>{value:.16G}</v></c>"
                elif type(value) is date and value in days:
                    tail = days[value]
                    if fitted[c] < _DATE_WIDTH:
                        fitted[c] = _DATE_WIDTH
                elif type(value) is float and c in hours and math.isfinite(value):
                    tail = f"{hours_style}><v>{value:.16G}</v></c>"
                else:
                    tail = self._tail(value, r + 1, c, c in hours, fitted)
                if column < 0 and c < first_column:
                    first_column = c
                column = c
                cells.append(f'<c r="{letters[c]}{at}{tail}')
            if cells:
                pending.append(f'<row r="{r + 1}">' + "".join(cells) + "</row>")
                if len(pending) == 1000:
                    write("".join(pending))
                    pending.clear()
                last_column = max(last_column, column)
                if first_row < 0:
                    first_row = r
                last_row = r
            if on_row is not None:
                on_row()
        write("".join(pending))
        finish(sheet, (first_row, last_row), (first_column, last_column))
        for column, width in enumerate(widths if widths is not None else fitted):
            sheet.set_column(column, column, width)

    def __enter__(self) -> Book:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            if kind is None:
                self._book.close()
            else:  # streamed rows' files are still open: closed so they can be removed
                for sheet in self._book.worksheets():
                    handle = getattr(sheet, "row_data_fh", None)
                    if handle is not None:
                        handle.close()
        finally:
            self._scratch.cleanup()

    def _heading(self, text: str, column: int) -> str:
        shown = self._checked(text, 1, column)
        return text_tail(shown, self._bold_quoted if shown.startswith(FORMULA_LIKE) else self._bold)

    def _text_cell(self, value: str, row: int, column: int) -> tuple[str, int]:
        """A text cell's XML after its reference (quoted when it looks like a formula) and
        the column width it asks for, checked and remembered once per distinct text."""
        shown = self._checked(value, row, column)
        style = self._quoted if shown.startswith(FORMULA_LIKE) else 0
        if len(self._ok) >= _CHECKED_KEPT:
            self._ok.clear()
        known = self._ok[value] = (text_tail(shown, style), min(60, len(shown) + 2))
        return known

    def _tail(self, value: object, row: int, column: int, hours: bool, fitted: list[int]) -> str:
        """Any other cell's XML after its reference: numbers (an enumeration's member as its
        value), dates, moments, booleans."""
        if isinstance(value, bool):
            return boolean_tail(value, 0)
        if isinstance(value, int):
            return number_tail(int(value), 0)
        if isinstance(value, float):
            if not math.isfinite(value):
                self._refuse_number(value, row, column)
            return number_tail(float(value), self._hours if hours else 0)
        if isinstance(value, datetime):
            fitted[column] = max(fitted[column], _MOMENT_WIDTH)
            return number_tail((value.replace(tzinfo=None) - _EPOCH) / _DAY, self._moment)
        if isinstance(value, date):
            known = self._days.get(value)
            if known is None:
                serial = float((value - _EPOCH.date()).days)
                known = self._days[value] = number_tail(serial, self._date)
            fitted[column] = max(fitted[column], _DATE_WIDTH)
            return known
        raise TypeError(f"{type(value).__name__} is not a cell value")

    def _checked(self, value: str, row: int, column: int) -> str:
        """The text as it will be written: refused or marked where XML cannot carry it,
        refused where longer than a cell holds."""
        shown = value
        if _FORBIDDEN.search(value):
            if self._forbidden == "refuse":
                self._refuse_text(value, row, column)
            shown = _FORBIDDEN.sub(REPLACEMENT, value)
        if len(shown) > MAX_CELL_TEXT // 2:
            units = len(shown.encode("utf-16-le", "surrogatepass")) // 2
            if units > MAX_CELL_TEXT:
                raise InvalidInput(
                    f"A value in {self._where(row, column)} is {units:,} characters long; a "
                    f"spreadsheet cell holds at most {MAX_CELL_TEXT:,} (an emoji counts as two).",
                    f"Shorten that text in Coordinator. {self._remedy}",
                )
        return shown

    def _refuse_length(self) -> NoReturn:
        raise InvalidInput(
            f"Sheet {self._sheet_name} would need more than {MAX_ROWS:,} rows, the most a "
            "spreadsheet holds.",
            f"Choose a shorter period. {self._remedy}",
        )

    def _refuse_text(self, value: str, row: int, column: int) -> None:
        found = _FORBIDDEN.search(value)
        assert found is not None
        char = found.group()
        code = f"U+{ord(char):04X}"
        if char < " ":
            what = f"the control character {code}"
        elif "\ud800" <= char <= "\udfff":
            what = f"half of a character ({code}), a broken piece of text"
        else:
            what = f"the non-character {code}"
        raise InvalidInput(
            f"A value in {self._where(row, column)} holds {what}, which a spreadsheet "
            "cannot store.",
            f"Retype that text in Coordinator (the character is invisible). {self._remedy}",
        )

    def _refuse_number(self, value: float, row: int, column: int) -> None:
        raise InvalidInput(
            f"A value in {self._where(row, column)} is {value} (not a number a spreadsheet "
            "cell can hold).",
            f"Correct that figure in Coordinator. {self._remedy}",
        )

    def _where(self, row: int, column: int) -> str:
        heading = self._header[column] if column < len(self._header) else ""
        named = f", column {heading}" if heading and row > 1 else ""
        return f"sheet {self._sheet_name}{named}, row {row:,} (cell {cell_name(row, column)})"


def save(
    path: Path,
    build: Callable[[Book], None],
    *,
    created: datetime,
    forbidden: Forbidden,
    remedy: str,
) -> None:
    """Write ``path`` through a temporary file beside it, renamed into place only when
    whole: a crash or a refusal never leaves half a workbook under the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".writing-", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        with Book(Path(temp), created=created, forbidden=forbidden, remedy=remedy) as book:
            build(book)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
