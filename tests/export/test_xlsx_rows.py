"""Reading some columns of a return's sheet by their headings (``Workbook.columns``),
against the rows read whole: XlsxWriter's workbooks, shared strings, columns past Z, a sheet
whose cells do not name their place and one whose elements carry a namespace prefix."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import xlsxwriter
from openpyxl import Workbook as OpenpyxlWorkbook

from coordinator_app.export.xlsx_rows import Workbook

HEADINGS = ["Code", *[f"Spare {n}" for n in range(27)], "Pathway"]  # Pathway is column AC


def _xlsxwriter_book() -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("Milestones")
    sheet.write_row(0, 0, HEADINGS)
    for n, pathway in enumerate(["Nursing & midwifery", None, "Allied <health>", "Nursing"]):
        sheet.write_string(n + 1, 0, f"V{n}")
        if pathway is not None:
            sheet.write_string(n + 1, len(HEADINGS) - 1, pathway)
    book.close()
    return out.getvalue()


def _pathways(book: Workbook) -> list[object]:
    return [row["Pathway"] for row in book.columns("Milestones", ["Pathway"])]


def test_columns_hold_what_the_whole_rows_hold() -> None:
    book = Workbook(_xlsxwriter_book())
    expected = ["Nursing & midwifery", "Allied <health>", "Nursing"]
    assert _pathways(book) == expected
    rows = book.rows("Milestones")
    at = next(rows).index("Pathway")
    assert [cells[at] for cells in rows if at < len(cells) and cells[at] is not None] == expected
    both = list(book.columns("Milestones", ["Code", "Pathway"]))
    assert both[1] == {"Code": "V1"} and both[2] == {"Code": "V2", "Pathway": "Allied <health>"}
    assert list(book.columns("Milestones", ["No such heading"])) == []


def _rewritten(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            part = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                part = change(part)
            target.writestr(item, part)
    return out.getvalue()


def test_shared_strings_cells_without_their_place_and_prefixed_elements() -> None:
    made = OpenpyxlWorkbook()
    sheet = made.active
    sheet.title = "Milestones"
    sheet.append(["Code", "Pathway"])
    for row in (["V1", "Nursing"], ["V2", None], ["V3", "Nursing"]):
        sheet.append(row)
    out = io.BytesIO()
    made.save(out)
    assert _pathways(Workbook(out.getvalue())) == ["Nursing", "Nursing"]
    # Every cell's r="…" taken away: the cells are placed in order.
    placeless = _rewritten(out.getvalue(), lambda x: re.sub(rb'<c r="[A-Z]+\d+"', b"<c", x))
    assert _pathways(Workbook(placeless)) == ["Nursing", "Nursing"]
    codes = [row["Code"] for row in Workbook(placeless).columns("Milestones", ["Code"])]
    assert codes == ["V1", "V2", "V3"]

    # The main namespace bound to a prefix: <x:row>, <x:c>… (another writer's form).
    def prefixed(part: bytes) -> bytes:
        part = part.replace(b'xmlns="http', b'xmlns:x="http', 1)
        return re.sub(rb"<(/?)(?=[a-zA-Z])", rb"<\1x:", part)

    assert _pathways(Workbook(_rewritten(out.getvalue(), prefixed))) == ["Nursing", "Nursing"]
