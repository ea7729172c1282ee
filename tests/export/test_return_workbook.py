"""The return workbook: text stays text (never a formula), dates stay dates, figures read
back for the verifier, over-long text is refused rather than cut."""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.export.return_workbook import (
    MAX_CELL_TEXT,
    Column,
    Figure,
    ReturnContent,
    Sheet,
    read_totals,
    write_return_workbook,
)
from coordinator_app.export.xlsx_book import xstring

PAYLOADS = (
    "=1+1",
    '=HYPERLINK("http://example.invalid","x")',
    "+44 7700 900123",
    "-2",
    "@SUM(A1)",
    "\tindented",
    "\rcarriage",
    "＝1+1",
    "＋1",
    "－1",
    "＠x",
    "plain",
)
COLUMNS = (Column("Text", "text", "any text"), Column("Date", "date", "a day"))


def _content(texts: list[str]) -> ReturnContent:
    return ReturnContent(
        trust_code="RUH",
        trust_name="Generated Trust",
        period_label="2026-10",
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        created_at=datetime(2026, 11, 2, 9, tzinfo=UTC).replace(tzinfo=None),
        figures=(Figure("shifts_attended", "Shifts attended", 7, "shifts"),),
        months=(),
        notes=("=note that looks like a formula",),
        sheets=(Sheet("Texts", "payloads", COLUMNS, [(t, date(2026, 10, 3)) for t in texts]),),
    )


def _read_back(data: bytes) -> list[tuple[object, str, object]]:
    book = load_workbook(io.BytesIO(data))
    sheet = book["Texts"]
    assert sheet.freeze_panes == "A2"
    # openpyxl hands text back as stored: OOXML's _xHHHH_ escapes (a CR is _x000D_, as
    # Excel writes it) are decoded as Excel decodes them.
    return [
        (
            xstring(r[0].value) if isinstance(r[0].value, str) else r[0].value,
            r[0].data_type,
            r[1].value,
        )
        for r in sheet.iter_rows(min_row=2)
    ]


def test_formula_like_text_reads_back_exactly_as_text() -> None:
    data = write_return_workbook(_content(list(PAYLOADS)))
    back = _read_back(data)
    assert [v for v, _t, _d in back] == list(PAYLOADS)
    assert {t for _v, t, _d in back} == {"s"}  # never "f"
    assert all(d == datetime(2026, 10, 3) for _v, _t, d in back)  # a date, not text
    assert read_totals(data) == {"shifts_attended": 7}
    book = load_workbook(io.BytesIO(data))
    assert book["About"]["B5"].value == "=note that looks like a formula"
    assert book["About"]["B5"].data_type == "s"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(
            # Those XML cannot carry are refused (tests/export/test_xlsx_book.py).
            alphabet=st.characters(
                blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"
            )
        ),
        max_size=8,
    )
)
def test_any_printable_text_round_trips(texts: list[str]) -> None:
    back = _read_back(write_return_workbook(_content(texts)))
    # openpyxl reads an empty cell as None: nothing else may change.
    assert [v if v is not None else "" for v, _t, _d in back] == texts


def test_over_long_text_is_refused_with_a_message_not_cut() -> None:
    with pytest.raises(InvalidInput, match="32,768 characters long"):
        write_return_workbook(_content(["x" * (MAX_CELL_TEXT + 1)]))
    exact = _read_back(write_return_workbook(_content(["y" * MAX_CELL_TEXT])))
    assert exact[0][0] == "y" * MAX_CELL_TEXT


def test_control_characters_are_refused_with_a_message() -> None:
    with pytest.raises(InvalidInput, match="control character"):
        write_return_workbook(_content(["bell\x07"]))


def test_empty_cells_keep_the_others_in_their_columns() -> None:
    columns = (
        Column("A", "text", ""),
        Column("B", "hours", ""),
        Column("C", "text", ""),
        Column("D", "date", ""),
    )
    rows = [
        ("a", None, "c", date(2026, 1, 2)),
        (None, 1.5, "", date(2026, 1, 3)),
        ("=x", 2.25, None, None),
        ("a", 0.0, "a", date(2026, 1, 4)),  # repeated text: one shared string, same value
    ]
    content = replace(_content([]), sheets=(Sheet("Gaps", "", columns, rows),))
    book = load_workbook(io.BytesIO(write_return_workbook(content)))
    got = [[c.value for c in row] for row in book["Gaps"].iter_rows(min_row=2, max_col=4)]
    assert got == [
        ["a", None, "c", datetime(2026, 1, 2)],
        [None, 1.5, None, datetime(2026, 1, 3)],
        ["=x", 2.25, None, None],
        ["a", 0, "a", datetime(2026, 1, 4)],
    ]
    assert book["Gaps"]["A4"].data_type == "s" and book["Gaps"]["A4"].quotePrefix
    assert book["Gaps"]["B3"].number_format == "0.00"
    assert book["Gaps"]["D2"].number_format == "dd/mm/yyyy"
    assert book["Gaps"]["A1"].font.b  # the header row is bold


# Bugs of the hand-written writer this replaced, each shown to fail on it.


def test_a_non_character_is_refused_naming_the_cell_never_written() -> None:
    # U+FFFF made a file no XML parser opens.
    for text, code in (("a\uffffb", "U+FFFF"), ("a\ufffeb", "U+FFFE"), ("x\ud800", "U+D800")):
        with pytest.raises(InvalidInput, match=re.escape(code)) as refused:
            write_return_workbook(_content(["fine", text]))
        assert "sheet Texts, column Text, row 3 (cell A3)" in str(refused.value)
        assert "build the return again" in refused.value.next_step


def test_text_that_looks_like_an_excel_escape_is_escaped_itself() -> None:
    # "_x0041_" was written as it is, so Excel showed "A".
    texts = ["_x0041_", "a_x000D_b_x00e9_", "_X0041_"]  # an upper-case X is no escape
    data = write_return_workbook(_content(texts))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet3.xml").decode()
    assert ">_x005F_x0041_<" in xml and ">a_x005F_x000D_b_x005F_x00e9_<" in xml
    assert ">_X0041_<" in xml
    assert [v for v, _t, _d in _read_back(data)] == texts


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_a_figure_that_is_not_a_number_is_refused_naming_the_cell(number: float) -> None:
    # NaN was written as "nan", which no spreadsheet reads as a number.
    columns = (Column("Code", "text", ""), Column("Service hours", "hours", ""))
    content = replace(
        _content([]), sheets=(Sheet("Hours", "", columns, [("A", 1.0), ("B", number)]),)
    )
    with pytest.raises(InvalidInput, match=r"column Service hours, row 3 \(cell B3\)"):
        write_return_workbook(content)


def test_text_longer_than_a_cell_in_utf16_units_is_refused_not_cut() -> None:
    # An emoji takes two of the 32,767 units a cell holds: XlsxWriter would cut it.
    with pytest.raises(InvalidInput, match="32,768 characters long"):
        write_return_workbook(_content(["😀" * 16_384]))
    exact = _read_back(write_return_workbook(_content(["😀" * 16_383 + "x"])))
    assert exact[0][0] == "😀" * 16_383 + "x"


def test_the_same_content_gives_the_same_bytes() -> None:
    first = write_return_workbook(_content(list(PAYLOADS)))
    assert write_return_workbook(_content(list(PAYLOADS))) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 31, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2026-11-02T09:00:00Z") == 2  # created and modified: created_at
