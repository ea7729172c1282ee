"""Reading the rows of named sheets of a verified return's workbook, fast: the sheet's XML
streamed with ElementTree, nothing else parsed. openpyxl's read-only mode sizes every sheet
of a workbook as it opens it, which in a return means reading into the Shifts sheet too;
combining sixty large returns spent most of its time there.

Cells come back as the workbook stores them: text (inline or shared strings), numbers
(whole ones as int), booleans; a date is its serial number (``serial_date`` turns it into
a date). Only ever used on a workbook that passed the bundle's checks (its size, parts and
rows are bounded before anything reads it). A part holding a DTD (entities, the "billion
laughs") is refused before it is parsed: no workbook the app writes has one, and openpyxl
without defusedxml would use this same parser."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from html import unescape
from xml.etree.ElementTree import Element, iterparse

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _CELL, _VALUE = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v"
_INLINE, _TEXT = f"{_MAIN}is", f"{_MAIN}t"
_EPOCH = date(1899, 12, 30)
_ROW_RE = re.compile(rb"<row\b[^>]*?(?:/>|>(.*?)</row>)", re.S)
_CELL_RE = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_T_RE = re.compile(rb"<t(?:\s[^>]*)?>(.*?)</t>", re.S)
_V_RE = re.compile(rb"<v>(.*?)</v>", re.S)
_TYPE_RE = re.compile(rb'\bt="([A-Za-z]+)"')
_REF_RE = re.compile(rb'\br="([A-Z]{1,3})\d+"')
_ANY_CELL_RE = re.compile(rb"<c[\s/>]")
Cell = str | int | float | bool | None


class Workbook:
    """The sheets of an xlsx by name; ``rows(name)`` streams one sheet's rows."""

    def __init__(self, data: bytes) -> None:
        self._zip = zipfile.ZipFile(io.BytesIO(data))
        self._paths = self._sheet_paths()
        self._shared: list[str] | None = None

    @property
    def sheetnames(self) -> list[str]:
        return list(self._paths)

    def close(self) -> None:
        self._zip.close()

    def rows(self, name: str) -> Iterator[list[Cell]]:
        """Each row's cells from column A, gaps as None; blank rows are skipped."""
        _refuse_dtd(self._zip, self._paths[name])
        data = self._zip.read(self._paths[name])
        if b"<row" in data:  # rows without a namespace prefix
            yield from self._plain_rows(data)
            return
        with self._zip.open(self._paths[name]) as source:
            for _event, element in iterparse(source):  # noqa: S314 - no DTD
                if element.tag == _ROW:
                    yield self._row(element)
                    element.clear()

    def columns(self, name: str, headings: Sequence[str]) -> Iterator[dict[str, Cell]]:
        """Each row below the first as {heading: cell} for ``headings`` (texts of the first
        row; one not there is left out), rows with none of them filled skipped. Where every
        cell names its place (``<c r="D7"``), as XlsxWriter and Excel write them, one
        pattern finds those columns' cells and nothing else is decoded: several times
        faster on a large return's sheets than reading every cell of every row."""
        _refuse_dtd(self._zip, self._paths[name])
        data = self._zip.read(self._paths[name])
        first = _ROW_RE.search(data)
        placed = first is not None and len(_ANY_CELL_RE.findall(data)) == data.count(b'<c r="')
        if first is None or not placed:  # prefixed, or a cell without its place
            yield from _picked(self.rows(name), headings)
            return
        heading_row = next(self._plain_rows(data[first.start() : first.end()]), [])
        wanted = {_letters(n): h for n, h in enumerate(heading_row) if h in headings}
        if not wanted:
            return
        letters = b"|".join(wanted)
        pattern = re.compile(rb'<c r="(' + letters + rb')(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
        row: dict[str, Cell] = {}
        at = b""
        for cell in pattern.finditer(data, first.end()):
            if cell.group(2) != at and row:
                yield row
                row = {}
            at = cell.group(2)
            value = self._plain_value(cell.group(3), cell.group(4) or b"")
            if value is not None:
                row[str(wanted[cell.group(1)])] = value
        if row:
            yield row

    def _plain_rows(self, data: bytes) -> Iterator[list[Cell]]:
        """The unprefixed form XlsxWriter (and Excel) write, read with regular expressions: a
        tenth of the time of building elements. Anything else takes the parser's way."""
        for row in _ROW_RE.finditer(data):
            cells: list[Cell] = []
            for cell in _CELL_RE.finditer(row.group(1) or b""):
                reference = _REF_RE.search(cell.group(1))
                where = reference.group(1).decode("ascii") if reference else ""
                column = _column(where, len(cells))
                cells.extend([None] * (column - len(cells)))
                cells.append(self._plain_value(cell.group(1), cell.group(2) or b""))
            yield cells

    def _plain_value(self, attributes: bytes, inner: bytes) -> Cell:
        kind_found = _TYPE_RE.search(attributes)
        kind = kind_found.group(1).decode("ascii") if kind_found else "n"
        if kind == "inlineStr":
            return unescape("".join(t.decode("utf-8") for t in _T_RE.findall(inner)))
        value_found = _V_RE.search(inner)
        if value_found is None:
            return None
        return self._typed(kind, unescape(value_found.group(1).decode("utf-8")))

    def _row(self, row: Element) -> list[Cell]:
        cells: list[Cell] = []
        for cell in row:
            if cell.tag != _CELL:
                continue
            column = _column(cell.get("r", ""), len(cells))
            cells.extend([None] * (column - len(cells)))
            cells.append(self._value(cell))
        return cells

    def _value(self, cell: Element) -> Cell:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(_INLINE)
            return (
                "".join(str(t.text or "") for t in inline.iter(_TEXT)) if inline is not None else ""
            )
        value = cell.findtext(_VALUE)
        if value is None:
            return None
        return self._typed(kind, value)

    def _typed(self, kind: str, value: str) -> Cell:
        if kind == "s":
            shared = self._strings()
            index = int(value)
            return shared[index] if 0 <= index < len(shared) else None
        if kind in ("str", "e"):
            return str(value)
        if kind == "b":
            return bool(value == "1")
        number = float(value)
        return (
            int(number)
            if number.is_integer() and "." not in value and "E" not in value.upper()
            else number
        )

    def _strings(self) -> list[str]:
        if self._shared is None:
            self._shared = []
            if "xl/sharedStrings.xml" in self._zip.namelist():
                _refuse_dtd(self._zip, "xl/sharedStrings.xml")
                with self._zip.open("xl/sharedStrings.xml") as source:
                    for _event, element in iterparse(source):  # noqa: S314 - no DTD
                        if element.tag == f"{_MAIN}si":
                            self._shared.append("".join(t.text or "" for t in element.iter(_TEXT)))
                            element.clear()
        return self._shared

    def _sheet_paths(self) -> dict[str, str]:
        from xml.etree.ElementTree import fromstring

        rels = fromstring(_without_dtd(self._zip.read("xl/_rels/workbook.xml.rels")))  # noqa: S314
        targets = {
            r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PACKAGE_REL}Relationship")
        }
        book = fromstring(_without_dtd(self._zip.read("xl/workbook.xml")))  # noqa: S314
        paths = {}
        for sheet in book.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_REL}id"), "")
            path = (
                target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            )
            paths[sheet.get("name", "")] = path
        return paths


def _without_dtd(head: bytes) -> bytes:
    if b"<!DOCTYPE" in head[:4096] or b"<!ENTITY" in head[:4096]:
        raise ValueError("an xlsx part holds a DTD")
    return head


def _refuse_dtd(book: zipfile.ZipFile, path: str) -> None:
    """A DTD can only come before the root element, in the part's first bytes."""
    with book.open(path) as source:
        _without_dtd(source.read(4096))


def _column(reference: str, default: int) -> int:
    """The 0-based column of a cell reference ("C7" -> 2); ``default`` when there is none."""
    number = 0
    for char in reference:
        if not char.isalpha():
            break
        number = number * 26 + (ord(char.upper()) - 64)
    return number - 1 if number else default


def _picked(rows: Iterator[list[Cell]], headings: Sequence[str]) -> Iterator[dict[str, Cell]]:
    """``Workbook.columns`` from whole rows."""
    heading_row = next(rows, [])
    wanted = [(n, str(h)) for n, h in enumerate(heading_row) if h in headings]
    for cells in rows:
        row = {h: cells[n] for n, h in wanted if n < len(cells) and cells[n] is not None}
        if row:
            yield row


def _letters(column: int) -> bytes:
    """A 0-based column's letters (2 -> b"C", 26 -> b"AA")."""
    letters = ""
    column += 1
    while column:
        column, left = divmod(column - 1, 26)
        letters = chr(65 + left) + letters
    return letters.encode("ascii")


def serial_date(value: Cell) -> date | None:
    """An Excel date serial (the 1900 system, as the app writes) as a date."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not 1 <= value < 2_958_466:  # up to 31/12/9999
        return None
    return _EPOCH + timedelta(days=int(value))
