"""Erasure: a volunteer's personal data leaves every page of the vault's files (read
decrypted, free pages included), the counts stay, and the audit log says so without the
values."""

from __future__ import annotations

import json
import zipfile
from datetime import date, time
from pathlib import Path

from sqlalchemy import select

from coordinator_app.data.models import AuditEntryRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.expenses import ExpenseClaim
from coordinator_app.domain.outcomes import OutcomeDetails
from coordinator_app.domain.reviews import ReviewRatings
from coordinator_app.domain.shifts import ShiftTime
from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.services.reports import stats
from coordinator_app.services.shifts import expenses, placements, shifts
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.support import outcomes, plans, reviews
from coordinator_app.services.vault import backups, drafts, vaults
from coordinator_app.services.volunteers import erasure, volunteers
from tests.conftest import PASSPHRASE
from tests.plaintext import plaintext

TODAY = date(2026, 11, 27)
SENTINELS = {
    "given": "Qzxsentinelgiven",
    "family": "Wvxsentinelfamily",
    "email": "qzx.sentinelmail@nhs.example",
    "goals": "Sentinelgoalsqwv",
    "needs": "Sentinelneedsqwv",
    "review": "Sentinelreviewqwv",
    "employer": "Sentinelemployerqwv",
    "expense": "Sentinelexpenseqwv",
}


def test_erasure_leaves_no_byte_of_the_values_and_keeps_the_counts(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    person = volunteers.register(
        vault,
        VolunteerDetails(
            given_names=SENTINELS["given"],
            family_name=SENTINELS["family"],
            email=SENTINELS["email"],
            goals=SENTINELS["goals"],
            role="non_patient_facing",
        ),
        TODAY,
        allow_duplicates=True,
    ).id
    ward = placements.add_placement(
        vault, PlacementDetails("Generated Desk", "non_patient_facing", False)
    )
    (booked,) = shifts.book(
        vault,
        person,
        ward.id,
        ShiftTime(date(2026, 11, 2), time(9), time(13)),
        TODAY,
        override_reason="test",
    )
    shifts.record_outcome(vault, booked.id, "attended")
    plans.save_assessment(vault, person, SENTINELS["needs"], "")
    reviews.add_review(
        vault, person, date(2026, 11, 3), ReviewRatings(3), SENTINELS["review"], TODAY
    )
    outcomes.add_outcome(
        vault,
        person,
        OutcomeDetails(
            "training", date(2026, 11, 4), employer=SENTINELS["employer"], course="Care"
        ),
        TODAY,
    )
    expenses.add_expense(
        vault,
        person,
        ExpenseClaim(date(2026, 11, 2), "travel", 300, True, note=SENTINELS["expense"]),
        TODAY,
    )
    drafts.save_draft(vault, "support_plan", {"volunteer": person, "needs": SENTINELS["needs"]})
    before = stats.vault_stats(vault)
    key = bytes(vault._key())
    vault.fold_log()
    found = plaintext(vault_dir, key)
    assert all(value.encode() in found for value in SENTINELS.values())  # the scan can see

    code = volunteers.all_rows(vault, TODAY)[0].code
    done = erasure.erase(vault, erasure.find_code(vault, code), "Asked to be forgotten")
    assert done.drafts_removed == 1
    after = stats.vault_stats(vault)
    assert after["shifts"] == before["shifts"] and after["hours"] == before["hours"]
    with vault.unit_of_work() as session:
        detail = session.scalar(
            select(AuditEntryRow.detail_json).where(AuditEntryRow.action == "volunteer_erased")
        )
    assert json.loads(str(detail)) == {"code": code, "reason": "Asked to be forgotten"}
    vault.close()

    left = plaintext(vault_dir, key)
    assert [name for name, value in SENTINELS.items() if value.encode() in left] == []
    later = vaults.unlock(vault_dir, PASSPHRASE)
    made = backups.backup(later, [vault_dir.parent / "later-backups"])
    later.close()
    unpacked = vault_dir.parent / "unpacked"
    with zipfile.ZipFile(made.paths[0]) as archive:
        archive.extract("vault.db", unpacked)
    in_backup = plaintext(unpacked, key)
    assert [name for name, value in SENTINELS.items() if value.encode() in in_backup] == []
    reopened = vaults.unlock(vault_dir, PASSPHRASE)
    try:
        assert reopened.integrity().ok
        assert volunteers.all_rows(reopened, TODAY) == []  # archived, nameless
    finally:
        reopened.close()


def test_subject_access_gives_everything_held_and_is_logged(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from coordinator_app.services.volunteers import subject_access

    vault, _ = new_vault
    person = volunteers.register(
        vault,
        VolunteerDetails(given_names="Generated", family_name="Asks-For-Data", goals="Nursing"),
        TODAY,
        allow_duplicates=True,
    ).id
    reviews.add_review(vault, person, date(2026, 11, 3), ReviewRatings(3), "Felt settled", TODAY)
    # A note taller than a page once squeezed into a column: the PDF must still be made.
    long_note = "Generated note about the meeting. " * 150
    reviews.add_review(vault, person, date(2026, 11, 10), ReviewRatings(4), long_note, TODAY)
    made = subject_access.export(vault, person, tmp_path, TODAY)
    book = load_workbook(made.workbook)
    record = {row[0]: row[1] for row in book["Record"].iter_rows(min_row=2, values_only=True)}
    assert record["family_name"] == "Asks-For-Data" and record["goals"] == "Nursing"
    assert [r[-2] for r in book["Review"].iter_rows(min_row=2, values_only=True)] == [
        "Felt settled",
        long_note.strip(),
    ]
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(made.summary).pages)
    assert "Generated Asks-For-Data" in text and "Felt settled" in text
    assert text.count("Generated note about the meeting.") == 150  # all of it, over pages
    with vault.unit_of_work() as session:
        actions = list(session.scalars(select(AuditEntryRow.action)))
    assert "subject_access_export" in actions


OVERRIDE = "Qzx DBS shows a caution overridephrase"


def test_erasure_removes_override_reasons_from_shifts_and_the_audit_trail(
    new_vault: tuple[Vault, str], vault_dir: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from coordinator_app.data import audit
    from coordinator_app.services.volunteers import merging, subject_access

    vault, _ = new_vault
    person = volunteers.register(
        vault, VolunteerDetails(given_names="Generated", family_name="Override-Test"), TODAY
    )
    twin = volunteers.register(
        vault,
        VolunteerDetails(given_names="Generated", family_name="Qzxmergedfamily"),
        TODAY,
        allow_duplicates=True,
    )
    ward = placements.add_placement(
        vault, PlacementDetails("Generated Ward", "non_patient_facing", False)
    )
    (booked,) = shifts.book(
        vault,
        twin.id,
        ward.id,
        ShiftTime(date(2026, 11, 2), time(9), time(13)),
        TODAY,
        override_reason=OVERRIDE,
    )
    with vault.unit_of_work() as session:
        new_entries = list(session.scalars(select(AuditEntryRow.detail_json)))
        # What an older version wrote: the reason itself in the booking's entry.
        audit.record(
            session,
            vault.actor,
            "shifts_booked",
            {"code": twin.code, "shifts": [booked.id], "readiness_override": OVERRIDE},
        )
    assert not [d for d in new_entries if OVERRIDE in d]  # new entries: only that it happened
    assert any('"readiness_override":true' in d for d in new_entries)
    merging.merge(vault, person.id, twin.id, person.details, TODAY)

    made = subject_access.export(vault, person.id, tmp_path, TODAY)
    sheet = load_workbook(made.workbook)["Shifts"]
    assert [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [OVERRIDE]

    key = bytes(vault._key())
    vault.fold_log()
    assert OVERRIDE.encode() in plaintext(vault_dir, key)  # the scan can see it
    erasure.erase(vault, erasure.find_code(vault, twin.code), "Asked to be forgotten")
    with vault.unit_of_work() as session:
        trail = list(session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.id)))
    assert not [r.id for r in trail if OVERRIDE in r.detail_json]
    redaction = json.loads(next(r.detail_json for r in trail if r.action == audit.REDACTED))
    assert redaction["code"] == person.code and len(redaction["entries"]) == 1
    assert vault.integrity().ok  # the chain accepts the recorded redaction
    vault.close()
    left = plaintext(vault_dir, key)
    assert OVERRIDE.encode() not in left and b"Qzxmergedfamily" not in left

    reopened = vaults.unlock(vault_dir, PASSPHRASE)
    try:
        redacted_id = redaction["entries"][0]["id"]
        with reopened.unit_of_work() as session:
            row = session.get(AuditEntryRow, redacted_id)
            assert row is not None
            row.detail_json = row.detail_json.replace("true", "false")  # an edit after it
        assert reopened.integrity().audit_first_broken_id == redacted_id
    finally:
        reopened.close()
