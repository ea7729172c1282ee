"""Importing a coordinator's spreadsheet of 2,000 volunteers (generated people) into a fresh
copy of the demo vault each run, against openpyxl reading the same file alone. Target
(issue 17): <= 3 s.
"""

from __future__ import annotations

import random
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import load_workbook

from benchmarks.common import Bench, Result, result, timed
from coordinator_app.domain import immigration
from coordinator_app.export.sheets import Cell, write_table
from coordinator_app.services.demo import demo_people
from coordinator_app.services.vault import vaults
from coordinator_app.services.volunteers.volunteer_import import import_volunteers

PEOPLE = 2000
IMPORT_TARGET_S = 3.0
# The small run (what the tests run, to keep the runner working) imports a tenth: its
# figure is not compared with anything, and the sheet's size is not what it checks.
PEOPLE_BY_SIZE = {"small": 200}
# Demo vaults number their people from 0; these indexes give other drama phone numbers
# and e-mail addresses, so the sheet's people are new (a few may still match by name and
# birth date, as in a real sheet).
FIRST_INDEX = 10_000
HEADER = (
    "First name",
    "Last name",
    "Preferred name",
    "Date of birth",
    "Email",
    "Mobile/Phone",
    "Postcode",
    "Immigration status",
    "Languages",
    "Profession",
    "English level",
    "Date joined",
)


def write_sheet(path: Path, today: date, people: int = PEOPLE) -> int:
    """The sheet of generated people; one row per (name, birth date), as a real sheet has
    (the import refuses a sheet that lists someone twice)."""
    rng = random.Random(7)
    seen: set[tuple[str, str, date | None]] = set()
    rows: list[tuple[Cell, ...]] = []
    index = FIRST_INDEX
    while len(rows) < people:
        d, _checks = demo_people.person(rng, index, today)
        index += 1
        key = (d.given_names, d.family_name, d.date_of_birth)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            (
                d.given_names,
                d.family_name,
                d.preferred_name,
                d.date_of_birth,
                d.email,
                d.phone,
                d.postcode_district,
                immigration.status_label(d.status),
                ", ".join(s.language for s in d.languages),
                d.profession,
                d.english_level,
                d.joined_on,
            )
        )
    write_table(path, "Volunteers", HEADER, rows, datetime(2026, 11, 27, tzinfo=UTC))
    return len(rows)


def _read_alone(path: Path) -> int:
    book = load_workbook(path, data_only=False)  # as the import reads it
    try:
        return sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def measure(bench: Bench) -> list[Result]:
    today = date.today()
    sheet = bench.work / "import" / "volunteers.xlsx"
    sheet.parent.mkdir(parents=True, exist_ok=True)
    people = write_sheet(sheet, today, PEOPLE_BY_SIZE.get(bench.size, PEOPLE))
    ours: list[float] = []
    base: list[float] = []
    added = present = 0
    for _ in range(bench.runs):
        folder = bench.fresh_copy()  # each import starts from the pristine demo
        vault = vaults.unlock(folder, bench.passphrase)
        try:
            done = timed(ours, import_volunteers, vault, sheet, today)
        finally:
            vault.close()
        added, present = done.added, done.already_present
        shutil.rmtree(folder)
        timed(base, _read_alone, sheet)
    return [
        result(
            "import",
            "s",
            ours,
            base,
            IMPORT_TARGET_S,
            what=(
                f"import a sheet of {people:,} volunteers "
                f"({added:,} added, {present:,} already present)"
            ),
            baseline_is="openpyxl reading the same file alone",
        )
    ]
