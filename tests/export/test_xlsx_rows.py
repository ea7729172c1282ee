"""Reading one column of a return's sheet by its heading (``Workbook.column``), against
the rows read whole: XlsxWriter's workbooks, shared strings, columns past Z, and a sheet
whose cells do not name their place."""

from __future__ import annotations

import io
import re
import zipfile

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


def _whole_column(book: Workbook, heading: str) -> list[object]:
    rows = book.rows("Milestones")
    at = next(rows).index(heading)
    return [cells[at] for cells in rows if at < len(cells) and cells[at] is not None]


def test_a_column_is_what_the_whole_rows_hold() -> None:
    book = Workbook(_xlsxwriter_book())
    expected = ["Nursing & midwifery", "Allied <health>", "Nursing"]
    assert list(book.column("Milestones", "Pathway")) == expected
    assert _whole_column(book, "Pathway") == expected
    assert list(book.column("Milestones", "Code")) == ["V0", "V1", "V2", "V3"]
    assert list(book.column("Milestones", "No such heading")) == []


def test_shared_strings_and_cells_without_their_place() -> None:
    made = OpenpyxlWorkbook()
    sheet = made.active
    sheet.title = "Milestones"
    sheet.append(["Code", "Pathway"])
    for row in (["V1", "Nursing"], ["V2", None], ["V3", "Nursing"]):
        sheet.append(row)
    out = io.BytesIO()
    made.save(out)
    book = Workbook(out.getvalue())
    assert list(book.column("Milestones", "Pathway")) == ["Nursing", "Nursing"]

    # The same sheet with every cell's r="…" taken away: cells are placed in order.
    placeless = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(out.getvalue())) as source,
        zipfile.ZipFile(placeless, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<c r="[A-Z]+\d+"', b"<c", data)
            target.writestr(item, data)
    book = Workbook(placeless.getvalue())
    assert list(book.column("Milestones", "Pathway")) == ["Nursing", "Nursing"]
    assert list(book.column("Milestones", "Code")) == ["V1", "V2", "V3"]
