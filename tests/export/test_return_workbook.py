"""The return workbook: text stays text (never a formula), dates stay dates, figures read
back for the verifier, over-long text is refused rather than cut."""

from __future__ import annotations

import io
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
