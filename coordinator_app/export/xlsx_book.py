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
written (a full history has half a million), and every text is an inline string, so one
escaping function (``_Sheet``) sees all of it.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Literal

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from coordinator_app.domain.errors import InvalidInput

Forbidden = Literal["refuse", "replace"]
Kind = Literal["text", "int", "hours", "date"]
Value = str | int | float | date | datetime | None
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell, in UTF-16 code units
FORMULA_LIKE = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
REPLACEMENT = "\ufffd"
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
_ESCAPE_START = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
_EPOCH = datetime(1899, 12, 30)
_DAY = timedelta(days=1)
_CHECKED_KEPT = 200_000  # distinct texts remembered as checked (then forgotten, not grown)


def xstring(text: str) -> str:
    """A cell's text as Excel shows it: OOXML's ``_xHHHH_`` escapes decoded (openpyxl
    returns them as stored). One left-to-right pass, so ``_x005F_x0041_`` is ``_x0041_``."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


class _Sheet(Worksheet):  # type: ignore[misc]
    """XlsxWriter's worksheet with a correct escape: its own misses an escape that shares
    its underscore with the one before (``_x005F_x0041_`` came back as ``_x005FA``)."""

    @staticmethod
    def _escape_control_characters(data: object) -> object:
        if not isinstance(data, str):
            return data
        if "_x" in data:
            data = _ESCAPE_START.sub("_x005F_", data)
        if data.isprintable():  # most text: no control character to look for
            return data
        return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", data)


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
        add = self._book.add_format
        self._bold = add({"bold": True})
        self._bold_quoted = add({"bold": True, "quote_prefix": True, "align": "left"})
        self._quoted = add({"quote_prefix": True, "align": "left"})
        self._date = add({"num_format": "dd/mm/yyyy"})
        self._moment = add({"num_format": "dd/mm/yyyy hh:mm:ss"})
        self._hours = add({"num_format": "0.00"})
        # Text as given -> as written and its style: each distinct text is checked once.
        self._ok: dict[str, tuple[str, object]] = {}
        self._days: dict[date, float] = {}
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
        sheet = self._book.add_worksheet(name, worksheet_class=_Sheet)
        sheet.freeze_panes(1, 0)
        self._sheet_name, self._header = name, list(header)
        fitted = [len(h) + 2 for h in header]
        for column, text in enumerate(header):
            if text:
                shown, style = self._text(text, 1, column)
                bold = self._bold if style is None else self._bold_quoted
                sheet.write_string(0, column, shown, bold)
        hours = {n for n, kind in enumerate(kinds) if kind == "hours"}
        # The undecorated writers (the public ones first parse "A1"-style arguments): a
        # tenth of a big return's time. tests/export/test_xlsx_book.py covers each.
        text_cell, number = sheet._write_string, sheet._write_number
        boolean = sheet._write_boolean
        ok, date_format, hours_format = self._ok, self._date, self._hours
        for r, row in enumerate(rows, start=1):
            # The hot loop of a big return: half a million rows for a full history.
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    if not value:
                        continue
                    known = ok.get(value)
                    shown, style = known if known is not None else self._text(value, r + 1, c)
                    text_cell(r, c, shown, style)
                    if widths is None:
                        fitted[c] = max(fitted[c], min(60, len(shown) + 2))
                elif isinstance(value, bool):
                    boolean(r, c, value)
                elif isinstance(value, int):
                    number(r, c, value)
                elif isinstance(value, float):
                    if not math.isfinite(value):
                        self._refuse_number(value, r + 1, c)
                    number(r, c, value, hours_format if c in hours else None)
                elif isinstance(value, datetime):
                    number(r, c, (value.replace(tzinfo=None) - _EPOCH) / _DAY, self._moment)
                    fitted[c] = max(fitted[c], 21)
                elif isinstance(value, date):
                    serial = self._days.get(value)
                    if serial is None:
                        serial = self._days[value] = float((value - _EPOCH.date()).days)
                    number(r, c, serial, date_format)
                    fitted[c] = max(fitted[c], 12)
                else:
                    raise TypeError(f"{type(value).__name__} is not a cell value")
            if on_row is not None:
                on_row()
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

    def _text(self, value: str, row: int, column: int) -> tuple[str, object]:
        """The text as it will be written and its style (quoted when it looks like a
        formula), checked and remembered once per distinct text."""
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
        if len(self._ok) >= _CHECKED_KEPT:
            self._ok.clear()
        known = self._ok[value] = (shown, self._quoted if shown.startswith(FORMULA_LIKE) else None)
        return known

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
