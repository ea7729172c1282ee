"""Importing coordinators' spreadsheets: all or nothing, reports, matching, exact text."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from coordinator_app.data import audit, audit_anchor
from coordinator_app.data.models import AuditEntryRow
from coordinator_app.data.vault import Vault
from coordinator_app.services.progress import Cancelled, Progress
from coordinator_app.services.volunteers import volunteer_export, volunteers
from coordinator_app.services.volunteers.volunteer_import import (
    ImportRefused,
    import_volunteers,
    preview,
)
from coordinator_app.services.volunteers.volunteers import ListFilter

TODAY = date(2026, 11, 27)
HEADER = [
    "First name",
    "Last name",
    "Date of birth",
    "Email",
    "Mobile/Phone",
    "Immigration status",
    "Date joined",
    "Languages",
    "Profession",
]
GOOD = [
    [
        "Generated",
        "Person-One",
        "03/04/1990",
        "one@example.org",
        "020 7946 0001",
        "Refugee",
        "1/2/2026",
        "Arabic, English",
        "Nurse",
    ],
    [
        "Generated",
        "Person-Two",
        datetime(1985, 12, 31),
        "two@example.org",
        "0113 496 0002",
        "Asylum seeker",
        datetime(2026, 3, 1),
        "Tigrinya",
        "Midwife",
    ],
    [
        '=HYPERLINK("x")',
        "+44 7700 900123",
        "1 Jan 1979",
        "",
        "",
        "humanitarian protection",
        "2026-05-06",
        "",
        "@admin",
    ],
]


def xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # typed text, as a coordinator's sheet holds it
    book.save(path)
    return path


def test_good_sheet_imports_and_reimport_adds_nobody(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    sheet = xlsx(tmp_path / "volunteers.xlsx", GOOD)
    first = import_volunteers(vault, sheet, TODAY)
    assert (first.added, first.already_present) == (3, 0)
    seen = preview(vault, sheet, TODAY)
    rows = volunteers.all_records(vault, TODAY)
    assert [m.row for m in seen.matched] == [2, 3, 4]
    assert {m.code for m in seen.matched} == {r.code for r in rows}
    again = import_volunteers(vault, sheet, TODAY)
    assert (again.added, again.already_present) == (0, 3)
    two = next(r for r in rows if r.details.family_name == "Person-Two")
    assert two.details.date_of_birth == date(1985, 12, 31)
    assert two.details.status == "asylum_seeker" and two.details.phone == "+441134960002"
    odd = next(r for r in rows if r.details.given_names.startswith("="))
    assert odd.details.given_names == '=HYPERLINK("x")'
    assert odd.details.family_name == "+44 7700 900123"
    assert odd.details.profession == "@admin"


def test_csv_with_semicolons_and_windows_encoding(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    path = tmp_path / "v.csv"
    path.write_bytes(
        "Forename;Surname;DOB;Status\nJosé;Person-Café;31/01/1990;refugee\n".encode("cp1252")
    )
    result = import_volunteers(vault, path, TODAY)
    assert result.added == 1
    assert volunteers.all_records(vault, TODAY)[0].details.family_name == "Person-Café"


@pytest.mark.parametrize(
    ("bad_row", "column", "words"),
    [
        (["", "", "01/01/1990", "", "", "", "", "", ""], "First name", "at least one name"),
        # A day that does not exist is said as such, not as a wrong format.
        (
            ["A", "B", "31/02/1988", "", "", "", "", "", ""],
            "Date of birth",
            "February 1988 has no day 31",
        ),
        (["A", "B", "12/13/1988", "", "", "", "", "", ""], "Date of birth", "there is no month 13"),
        (["A", "B", "01/01/2099", "", "", "", "", "", ""], "Date of birth", "future"),
        (["A", "B", "01/01/2020", "", "", "", "", "", ""], "Date of birth", "16"),
        (["A", "B", "", "no-at-sign", "", "", "", "", ""], "Email", "not complete"),
        (["A", "B", "", "", "12", "", "", "", ""], "Mobile/Phone", "phone number"),
        (["A", "B", "", "", "", "Martian", "", "", ""], "Immigration status", "status"),
        (["A", "B", "", "", "", "", "soon", "", ""], "Date joined", "not a date"),
        (GOOD[0], "First name", "same person as row 2"),
    ],
)
def test_any_bad_row_imports_nothing_and_reports_row_column_reason(
    new_vault: tuple[Vault, str], tmp_path: Path, bad_row: list[object], column: str, words: str
) -> None:
    vault, _ = new_vault
    sheet = xlsx(tmp_path / "v.xlsx", [GOOD[0], GOOD[1], bad_row])
    report = tmp_path / "problems.xlsx"
    with pytest.raises(ImportRefused) as caught:
        import_volunteers(vault, sheet, TODAY, report=report)
    assert volunteers.count(vault, ListFilter(include_archived=True), TODAY) == 0
    problem = caught.value.problems[0]
    assert (problem.row, problem.column) == (4, column)
    assert words in problem.reason
    assert ("dd/mm/yyyy" in problem.reason) == (words == "not a date")
    saved = openpyxl.load_workbook(report).active
    assert saved is not None
    assert [c.value for c in saved[1]] == ["Row", "Column", "Problem"]
    assert saved.cell(2, 1).value == 4 and saved.cell(2, 2).value == column


def test_preview_guesses_the_mapping_and_a_fixed_mapping_is_used(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    sheet = xlsx(tmp_path / "v.xlsx", [["Person-X", "Generated"]], header=["Col A", "Col B"])
    from coordinator_app.domain.errors import InvalidInput

    with pytest.raises(InvalidInput):
        preview(vault, sheet, TODAY)
    seen = preview(vault, sheet, TODAY, mapping={0: "family_name", 1: "given_names"})
    assert (seen.rows, seen.new, seen.problems) == (1, 1, ())
    assert (
        import_volunteers(vault, sheet, TODAY, mapping={0: "family_name", 1: "given_names"}).added
        == 1
    )
    assert volunteers.all_records(vault, TODAY)[0].details.full_name == "Generated Person-X"


def test_list_export_writes_formula_like_text_as_text(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    import_volunteers(vault, xlsx(tmp_path / "in.xlsx", GOOD), TODAY)
    out = tmp_path / "list.xlsx"
    assert volunteer_export.export_volunteer_list(vault, out, TODAY) == 3
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    values = {c.value for row in sheet.iter_rows(min_row=2) for c in row}
    assert '=HYPERLINK("x")' in values and "+44 7700 900123" in values and "@admin" in values
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
    import zipfile

    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml  # no formula anywhere in the file


def _sheet_of(path: Path, people: int, last: list[object] | None = None) -> Path:
    """``people`` generated rows (more than two of the import's batches), then ``last``."""
    rows: list[list[object]] = [
        [
            f"Generated{n}",
            "Person-Bulk",
            date(1980, 1, 1) + timedelta(days=17 * n),
            f"bulk{n}@example.org",
            f"020 7946 0{n:03d}",
            "Refugee",
            "1/2/2026",
            "Arabic",
            "Nurse",
        ]
        for n in range(people)
    ]
    return xlsx(path, rows + ([last] if last else []))


def _trail(vault: Vault) -> tuple[list[tuple[str, str]], bool, list[str]]:
    """The audit entries (action, detail), whether the chain verifies, and any fault
    against the key file's anchor."""
    with vault.unit_of_work() as session:
        rows = session.execute(
            select(AuditEntryRow.action, AuditEntryRow.detail_json).order_by(AuditEntryRow.id)
        )
        entries = [(a, d) for a, d in rows]
        anchor = vault.outliving_record(audit_anchor.RECORD)
        return entries, audit.verify_chain(session).ok, audit_anchor.faults_now(session, anchor)


def test_a_big_sheet_with_one_bad_row_at_the_end_imports_nobody(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    before = _trail(vault)
    late = ["Generated", "Person-Late", "30/02/1990", "", "", "", "", "", ""]
    with pytest.raises(ImportRefused) as caught:
        import_volunteers(vault, _sheet_of(tmp_path / "v.xlsx", 450, late), TODAY)
    assert [(p.row, p.column) for p in caught.value.problems] == [(452, "Date of birth")]
    assert volunteers.count(vault, ListFilter(include_archived=True), TODAY) == 0
    assert _trail(vault) == before


def test_a_cancel_between_batches_keeps_nobody_then_the_import_is_audited_person_by_person(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    sheet = _sheet_of(tmp_path / "v.xlsx", 450)
    before = _trail(vault)
    seen: list[tuple[int, str]] = []

    def listen(done: int, _total: int, label: str) -> None:
        seen.append((done, label))
        if label == "Adding volunteers…" and done == 200:
            progress.cancel()  # after the first batch was written, before the last

    progress = Progress(listen)
    with pytest.raises(Cancelled):
        import_volunteers(vault, sheet, TODAY, progress=progress)
    assert (0, "Adding volunteers…") in seen and (200, "Adding volunteers…") in seen
    assert volunteers.count(vault, ListFilter(include_archived=True), TODAY) == 0
    assert _trail(vault) == before

    done = import_volunteers(vault, sheet, TODAY)
    assert (done.added, done.already_present) == (450, 0)
    people = volunteers.all_records(vault, TODAY)
    assert sorted(r.details.given_names for r in people) == sorted(
        f"Generated{n}" for n in range(450)
    )
    assert len({r.code for r in people}) == 450
    assert all(r.details.barriers == () for r in people)
    entries, chained, faults = _trail(vault)
    assert entries[: len(before[0])] == before[0]
    added = entries[len(before[0]) :]
    assert added == [
        ("volunteer_imported", json.dumps({"code": r.code}, separators=(",", ":")))
        for r in sorted(people, key=lambda r: r.id)
    ] + [("volunteers_import", '{"added":450,"already_present":0}')]
    assert chained and faults == []
    assert import_volunteers(vault, sheet, TODAY).already_present == 450
