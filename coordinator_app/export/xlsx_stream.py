"""A small streaming XLSX writer for the return workbook's big sheets.

openpyxl (write-only, with lxml) and XlsxWriter both spend 5-15 µs on every cell: a monthly
return of 50,000 shifts took 4-6 s against a 1 s target (benchmarks/run). This writes
the few parts a workbook needs (OOXML, ECMA-376) with each row as one formatted string:

- text goes in the shared-strings table, each distinct text once (checked and XML-escaped
  once; a carriage return as ``&#13;``, which XML readers would otherwise turn into a line
  feed); text that looks like a formula gets the quote-prefix style, so it stays text even
  after an edit in Excel; nothing is ever written as a formula;
- dates are serial numbers with a dd/mm/yyyy style; hours carry a 0.00 style;
- every sheet has its dimension, frozen header row and column widths.

Each sheet's rows go to a spooled temporary file first (its dimension is only known at the
end), so memory stays flat however many rows there are. Entry times are fixed: the same
content gives the same bytes. openpyxl reads the result back in the tests, cell by cell.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import IO, Literal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

Style = Literal["text", "bold", "date", "hours", "int"]
Value = str | int | float | date | None
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
FORMULA_LIKE = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_STAMP = (2026, 1, 1, 0, 0, 0)
_EPOCH = date(1899, 12, 30)
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# Cell formats (cellXfs) in styles.xml, by index.
_S_BOLD, _S_DATE, _S_HOURS, _S_QUOTED = 1, 2, 3, 4
_BOLD, _QUOTED = f' s="{_S_BOLD}"', f' s="{_S_QUOTED}"'
_PRESERVE = ' xml:space="preserve"'
_STYLES = f"""{_XML}<styleSheet xmlns="{_MAIN}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" \
applyAlignment="1"><alignment horizontal="left"/></xf></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def text_xml(value: str) -> str:
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def _attribute(value: str) -> str:
    return text_xml(value).replace('"', "&quot;")


class StreamingWorkbook:
    """``add_sheet`` in order, each with all its rows; then ``close`` for the bytes."""

    def __init__(self) -> None:
        self._buffer = io.BytesIO()
        # Level 1: a few percent bigger, several times faster than the default.
        self._zip = zipfile.ZipFile(self._buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._names: list[str] = []
        self._strings: dict[str, int] = {}
        self._text_cells: dict[tuple[str, bool], str] = {}
        self._string_cells = 0

    def add_sheet(
        self,
        name: str,
        header: Sequence[str],
        styles: Sequence[Style],
        widths: Sequence[float],
        rows: Iterable[Sequence[Value]],
        refuse: Callable[[str, int], None] | None = None,
        on_row: Callable[[], None] | None = None,
    ) -> None:
        """``refuse(text, column)`` is called with a text no cell can hold (too long, or a
        control character) and should raise a clear message; ``on_row`` hears each row."""
        letters = [get_column_letter(n) for n in range(1, len(header) + 1)]
        with tempfile.SpooledTemporaryFile(max_size=8 << 20) as body:
            writer = io.TextIOWrapper(body, encoding="utf-8", newline="")
            writer.write(self._row(1, letters, header, ["bold"] * len(header), refuse))
            count = 1
            for row in rows:
                count += 1
                writer.write(self._row(count, letters, row, styles, refuse))
                if on_row is not None:
                    on_row()
            writer.flush()
            writer.detach()
            body.seek(0)
            self._names.append(name)
            self._write_sheet(len(self._names), letters, widths, count, body)

    def _row(
        self,
        number: int,
        letters: list[str],
        values: Sequence[Value],
        styles: Sequence[Style],
        refuse: Callable[[str, int], None] | None,
    ) -> str:
        # The hot loop of a big return (half a million rows for a full history). A cell's
        # reference is written only after a skipped (empty) one; otherwise cells follow on.
        cells: list[str] = []
        add = cells.append
        text_cells = self._text_cells
        gap = False
        for column, value in enumerate(values):
            if value is None or value == "":
                gap = True
                continue
            if isinstance(value, str):
                bold = styles[column] == "bold"
                cell = text_cells.get((value, bold))
                if cell is None:
                    cell = self._text_cell(value, bold, column, refuse)
                if gap:  # this cell's place must be said: the one before it was skipped
                    cell = f'<c r="{letters[column]}{number}"{cell[2:]}'
                add(cell)
                gap = False
                continue
            ref = f' r="{letters[column]}{number}"' if gap else ""
            gap = False
            if isinstance(value, bool):
                add(f'<c{ref} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, date):
                day = value.date() if isinstance(value, datetime) else value
                add(f'<c{ref} s="{_S_DATE}"><v>{(day - _EPOCH).days}</v></c>')
            elif styles[column] == "hours":
                add(f'<c{ref} s="{_S_HOURS}"><v>{value!r}</v></c>')
            else:
                add(f"<c{ref}><v>{value!r}</v></c>")
        self._string_cells += len(cells)
        return f'<row r="{number}">{"".join(cells)}</row>'

    def _text_cell(
        self, value: str, bold: bool, column: int, refuse: Callable[[str, int], None] | None
    ) -> str:
        """A text cell's XML, made once for each distinct text (and checked then)."""
        index = self._strings.get(value)
        if index is None:
            if len(value) > MAX_CELL_TEXT or ILLEGAL_CHARACTERS_RE.search(value):
                if refuse is not None:
                    refuse(value, column)
                raise ValueError(f"column {column + 1} holds text no spreadsheet cell can store")
            index = self._strings[value] = len(self._strings)
        style = _QUOTED if value.startswith(FORMULA_LIKE) else (_BOLD if bold else "")
        cell = self._text_cells[(value, bold)] = f'<c t="s"{style}><v>{index}</v></c>'
        return cell

    def _write_sheet(
        self, number: int, letters: list[str], widths: Sequence[float], rows: int, body: IO[bytes]
    ) -> None:
        last = f"{letters[-1]}{rows}" if letters else "A1"
        cols = "".join(
            f'<col min="{n}" max="{n}" width="{w:.1f}" customWidth="1"/>'
            for n, w in enumerate(widths, start=1)
        )
        head = (
            f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="A1:{last}"/>'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
            'activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        )
        info = zipfile.ZipInfo(f"xl/worksheets/sheet{number}.xml", _STAMP)
        info.compress_type = zipfile.ZIP_DEFLATED
        with self._zip.open(info, "w", force_zip64=True) as part:
            part.write(head.encode("utf-8"))
            while chunk := body.read(1 << 20):
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")

    def _shared_strings(self) -> str:
        items = "".join(f"<si><t{_space(text)}>{text_xml(text)}</t></si>" for text in self._strings)
        unique = len(self._strings)
        return (
            f'{_XML}<sst xmlns="{_MAIN}" count="{self._string_cells}" uniqueCount="{unique}">'
            f"{items}</sst>"
        )

    def close(self) -> bytes:
        sheets = "".join(
            f'<sheet name="{_attribute(name)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, name in enumerate(self._names, start=1)
        )
        count = len(self._names)
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_CT}.worksheet+xml"/>'
            for n in range(1, count + 1)
        )
        parts = {
            "[Content_Types].xml": (
                f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" '
                'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
                f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
                f'<Override PartName="/xl/sharedStrings.xml" '
                f'ContentType="{_CT}.sharedStrings+xml"/>'
                f"{overrides}</Types>"
            ),
            "_rels/.rels": (
                f'{_XML}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
                f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ),
            "xl/workbook.xml": (
                f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews>'
                f'<workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets></workbook>'
            ),
            "xl/_rels/workbook.xml.rels": (
                f'{_XML}<Relationships xmlns="{_PKG}">{rels}<Relationship Id="rId{count + 1}" '
                f'Type="{_REL}/styles" Target="styles.xml"/><Relationship Id="rId{count + 2}" '
                f'Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
            ),
            "xl/styles.xml": _STYLES,
            "xl/sharedStrings.xml": self._shared_strings(),
        }
        for name, xml in parts.items():
            info = zipfile.ZipInfo(name, _STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            self._zip.writestr(info, xml.encode("utf-8"))
        self._zip.close()
        return self._buffer.getvalue()


def _space(text: str) -> str:
    """Keep leading and trailing spaces (XML readers may drop them otherwise)."""
    return _PRESERVE if text and (text[0].isspace() or text[-1].isspace()) else ""
