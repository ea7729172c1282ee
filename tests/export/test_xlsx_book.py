"""Every workbook goes through XlsxWriter (xlsx_book): text of every script, and text that
looks like a formula, a number, a link or an Excel escape, reads back exactly with openpyxl
and with LibreOffice; characters XML cannot carry are refused in the signed return and
shown as U+FFFD in the coordinator's own files; NaN is refused; a refusal leaves no file."""

from __future__ import annotations

import csv
import math
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.export.consolidate import Refused, write_consolidated
from coordinator_app.export.return_workbook import (
    Column,
    Figure,
    ReturnContent,
    Sheet,
    write_return_workbook,
)
from coordinator_app.export.sheets import read_table, write_table
from coordinator_app.export.xlsx_book import REPLACEMENT, xstring

TEXTS = (
    "İstanbul'da ılık: ĞÜŞÖÇ ığüşöç",  # Turkish dotted and dotless i
    "مرحبا، كيف حالك؟",  # Arabic, right to left
    "ሰላም እንዴት ነህ",  # Ethiopic (Amharic)
    "👩🏽‍⚕️ nurse 🏥 ✅",  # emoji: a ZWJ sequence, skin tone, variation selector
    "=1+1",
    '=HYPERLINK("http://example.invalid","x")',
    "+44 7700 900123",
    "-2",
    "@SUM(A1)",
    "＝1+1",  # full-width forms
    "＋1",
    "－1",
    "＠x",
    "_x0041_",  # an Excel escape as text: must not become "A"
    "_x005F_x0041_",
    "tab\tinside",
    "\tleading tab",
    "line\nfeed",
    "carriage\rreturn",
    "  spaces kept  ",
    "123",  # never a number
    "1e5",
    "0044",
    "TRUE",  # never a boolean
    "http://example.invalid/page",  # never a link
    "2026-01-02",  # never a date
    "& < > \" '",
)
FORBIDDEN = ("bell\x07", "nul\x00", "a\uffffb", "a\ufffeb", "half\ud800", "esc\x1b[0m")

MADE = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def _content(texts: tuple[str, ...]) -> ReturnContent:
    columns = (Column("Text", "text", "any text"), Column("Hours", "hours", "a number"))
    return ReturnContent(
        trust_code="RUH",
        trust_name="Generated Trust",
        period_label="2026-10",
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        created_at=datetime(2026, 11, 2, 9),
        figures=(Figure("shifts_attended", "Shifts attended", 7, "shifts"),),
        months=(),
        notes=(),
        sheets=(Sheet("Texts", "texts", columns, [(t, 1.25) for t in texts]),),
    )


def _openpyxl_texts(path: Path, sheet: str) -> list[str]:
    book = load_workbook(path)
    cells = [row[0] for row in book[sheet].iter_rows(min_row=2)]
    assert {c.data_type for c in cells} == {"s"}  # never a formula, number or boolean
    assert all(c.hyperlink is None for c in cells)
    quoted = {xstring(c.value) for c in cells if c.quotePrefix}
    assert quoted == {t for t in map(xstring, (c.value for c in cells)) if t[0] in "=+-@\t＝＋－＠"}
    return [xstring(c.value) for c in cells]


def _libreoffice_texts(path: Path, sheet: str, tmp_path: Path) -> list[str]:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / "lo-out"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            # Comma, double quote, UTF-8, from row 1; -1: every sheet to its own file.
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with (out / f"{path.stem}-{sheet}.csv").open(encoding="utf-8", newline="") as handle:
        return [row[0] for row in list(csv.reader(handle))[1:]]


def test_the_return_reads_back_exactly_in_openpyxl_and_libreoffice(tmp_path: Path) -> None:
    path = tmp_path / "return.xlsx"
    path.write_bytes(write_return_workbook(_content(TEXTS)))
    assert _openpyxl_texts(path, "Texts") == list(TEXTS)
    assert _libreoffice_texts(path, "Texts", tmp_path) == list(TEXTS)


@pytest.mark.parametrize("text", FORBIDDEN)
def test_the_return_refuses_what_xml_cannot_carry_naming_the_cell(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"sheet Texts, column Text, row 3 \(cell A3\)"):
        write_return_workbook(_content(("fine", text)))


def test_a_table_shows_what_xml_cannot_carry_as_the_replacement_mark(tmp_path: Path) -> None:
    path = tmp_path / "own.xlsx"
    write_table(
        path,
        "Problems",
        ("Text", "When"),
        [(t, date(2026, 1, 2)) for t in TEXTS + FORBIDDEN],
        MADE,
    )
    shown = [t.translate({0: REPLACEMENT, 7: REPLACEMENT, 0x1B: REPLACEMENT}) for t in FORBIDDEN]
    shown = [s.replace("\uffff", REPLACEMENT).replace("\ufffe", REPLACEMENT) for s in shown]
    shown = [s.replace("\ud800", REPLACEMENT) for s in shown]
    assert shown[0] == "bell\ufffd" and shown[4] == "half\ufffd"
    expected = list(TEXTS) + shown
    assert _openpyxl_texts(path, "Problems") == expected
    header, rows = read_table(path)
    assert header == ["Text", "When"] and rows[0] == [TEXTS[0], datetime(2026, 1, 2)]
    assert _libreoffice_texts(path, "Problems", tmp_path) == expected


@pytest.mark.parametrize("number", [math.nan, math.inf])
def test_a_table_refuses_nan_and_leaves_no_file(tmp_path: Path, number: float) -> None:
    path = tmp_path / "own.xlsx"
    with pytest.raises(InvalidInput, match=r"column Amount, row 3 \(cell B3\)"):
        write_table(path, "Claims", ("Who", "Amount"), [("A", 1.5), ("B", number)], MADE)
    assert list(tmp_path.iterdir()) == []  # nor a half-written temporary file


def test_numbers_dates_and_moments_keep_their_types(tmp_path: Path) -> None:
    path = tmp_path / "own.xlsx"
    moment = datetime(2026, 11, 2, 9, 30, 15, tzinfo=UTC)
    write_table(
        path, "Mixed", ("A", "B", "C", "D", "E"), [(3, 2.5, date(2026, 1, 2), moment, True)], MADE
    )
    sheet = load_workbook(path)["Mixed"]
    assert [c.value for c in sheet[2]] == [
        3,
        2.5,
        datetime(2026, 1, 2),
        moment.replace(tzinfo=None),
        True,
    ]
    assert sheet["C2"].number_format == "dd/mm/yyyy"
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"


def test_every_date_column_is_wide_enough_for_its_dates(tmp_path: Path) -> None:
    # The second column's date was already written (and remembered) in the first: its
    # column must still be sized for a date, or Excel shows ##### in it.
    path = tmp_path / "own.xlsx"
    day = date(2026, 1, 2)
    write_table(path, "Dates", ("A", "B"), [(day, day)], MADE)
    sheet = load_workbook(path)["Dates"]
    assert [sheet.column_dimensions[c].width >= 12 for c in "AB"] == [True, True]


def test_two_builds_of_a_large_return_are_byte_identical() -> None:
    rows = [(f"RUH-{n:06d}", n / 4) for n in range(20_000)]
    content = _content(())
    sheet = replace(content.sheets[0], rows=rows)
    first = write_return_workbook(replace(content, sheets=(sheet,)))
    assert write_return_workbook(replace(content, sheets=(sheet,))) == first


def test_the_combined_workbook_marks_what_xml_cannot_carry(tmp_path: Path) -> None:
    # A refused file's name comes from the programme manager's disk: anything may be in it.
    path = tmp_path / "combined.xlsx"
    refused = [Refused("late\x07return.zip", "bad_zip", "=not a formula \uffff")]
    made = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    write_consolidated(path, [], refused, ["RUH"], date(2026, 11, 27), made)
    sheet = load_workbook(path)["Refused"]
    assert [c.value for c in sheet[2]] == [
        "late\ufffdreturn.zip",
        "bad_zip",
        "=not a formula \ufffd",
    ]
    assert sheet["C2"].data_type == "s" and sheet["C2"].quotePrefix
