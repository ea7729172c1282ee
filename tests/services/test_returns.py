"""Building signed returns on a real vault: what they hold, what they leave out, the chain
of sequences and hashes (also across a restored older database), and saving again."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from coordinator_app.data.layout import DB_NAME
from coordinator_app.data.models import AuditEntryRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.periods import parse_period
from coordinator_app.domain.shifts import ShiftTime
from coordinator_app.domain.volunteers import Consent, VolunteerDetails
from coordinator_app.export.return_workbook import read_totals, write_return_workbook
from coordinator_app.export.verify.bundle import (
    BundleRefused,
    ChainState,
    TrustedKey,
    verify_bundle,
)
from coordinator_app.services.returns import return_content, returns, returns_chain
from coordinator_app.services.shifts import placements, shifts
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.vault import signing, vaults
from coordinator_app.services.volunteers import volunteers
from tests.conftest import PASSPHRASE

TODAY = date(2026, 11, 27)
OCTOBER = date(2026, 10, 5)
ROLE = "non_patient_facing"
FORMULA_NAMES = ("=HYPERLINK(1)", "+44 ward", "-minus ward", "@at ward", "＝wide ward")


def _person(vault: Vault, family: str, sharing: Consent) -> int:
    from coordinator_app.domain import onboarding

    role = onboarding.role(ROLE)
    assert role is not None
    return volunteers.register(
        vault,
        VolunteerDetails(
            given_names="Generated",
            family_name=family,
            role=ROLE,
            consent_records=Consent(date(2026, 1, 5)),
            consent_sharing=sharing,
            barriers=("english",),
        ),
        date(2026, 1, 5),
        [CheckRecord(k, date(2026, 1, 5)) for k in role.items],
        allow_duplicates=True,
    ).id


@pytest.fixture
def october(new_vault: tuple[Vault, str]) -> tuple[Vault, dict[str, int]]:
    """Shifts in October 2026 at placements named like formulas, for three people: one
    sharing, one who never agreed to sharing, one who withdrew."""
    vault, _ = new_vault
    people = {
        "sharing": _person(vault, "Shares-Generated", Consent(date(2026, 1, 5))),
        "missing": _person(vault, "Missing-Generated", Consent()),
        "withdrawn": _person(
            vault, "Withdrew-Generated", Consent(date(2026, 1, 5), date(2026, 6, 1))
        ),
    }
    for n, name in enumerate(FORMULA_NAMES):
        place = placements.add_placement(vault, PlacementDetails(name, ROLE, False))
        for who in people.values():
            on = date(2026, 10, 5 + n)
            (booked,) = shifts.book(vault, who, place.id, ShiftTime(on, time(9), time(13)), TODAY)
            shifts.record_outcome(vault, booked.id, "attended")
    return vault, people


def _keys(vault: Vault) -> list[TrustedKey]:
    return signing.as_trusted(signing.records(vault))


def _entry(bundle: Path, name: str) -> bytes:
    with zipfile.ZipFile(bundle) as archive:
        return archive.read(name)


def test_return_holds_only_sharing_volunteers_under_codes_and_verifies(
    october: tuple[Vault, dict[str, int]], tmp_path: Path
) -> None:
    vault, people = october
    built = returns.build_return(vault, "2026-10", tmp_path, today=TODAY)
    assert built.path.name == "rvc-return_RUH_2026-10_0001.zip"
    accepted = verify_bundle(
        built.path.read_bytes(), built.path.name, _keys(vault), None, datetime.now(UTC), read_totals
    )
    totals = accepted.totals
    assert totals["volunteers_included"] == 1
    assert totals["volunteers_excluded_no_consent"] == 1
    assert totals["volunteers_excluded_withdrawn"] == 1
    assert totals["shifts_attended"] == 5 and totals["service_minutes"] == 5 * 240
    assert any("2 volunteers are left out" in w for w in built.warnings)

    book = load_workbook(io.BytesIO(_entry(built.path, "return.xlsx")))
    assert book.sheetnames[:5] == ["About", "Summary", "Volunteers", "Hours", "Shifts"]
    assert {"Milestones", "Activities", "Reviews", "Outcomes", "Barriers"} <= set(book.sheetnames)
    everyone = volunteers.all_rows(vault, TODAY)
    codes = {r.code for r in everyone}
    shared_code = next(r.code for r in everyone if r.id == people["sharing"])
    listed = [row[0].value for row in book["Volunteers"].iter_rows(min_row=2)]
    assert listed == [shared_code]  # the others are counted, never listed
    text = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value)
    assert "Generated" not in text and "Shares" not in text  # no names leave the laptop
    assert codes - {shared_code} and not any(c in text for c in codes - {shared_code})
    shifts_sheet = book["Shifts"]
    assert shifts_sheet.freeze_panes == "A2"
    rows = list(shifts_sheet.iter_rows(min_row=2))
    assert [r[2].value for r in rows] == list(FORMULA_NAMES)  # text read back exactly
    assert all(r[2].data_type == "s" for r in rows)  # and never a formula
    assert isinstance(rows[0][1].value, datetime) and rows[0][7].value == 4
    assert book["Barriers"]["A2"].value == shared_code

    pdf = PdfReader(io.BytesIO(_entry(built.path, "summary.pdf")))
    words = " ".join(p.extract_text() for p in pdf.pages)
    assert "<5" in words and "20.0 hours" in words  # counts 1-4 suppressed; exact hours


def test_the_same_return_content_gives_a_byte_identical_workbook(
    october: tuple[Vault, dict[str, int]],
) -> None:
    """The bundle format asks for a deterministic writer: fixed document dates and ZIP
    member times, so the same records at the same created_at give the same bytes."""
    vault, _ = october
    made = datetime(2026, 11, 2, 9, tzinfo=UTC)

    def build() -> bytes:
        with vault.unit_of_work() as session:
            content = return_content.gather(session, parse_period("2026-10"), made)
            return write_return_workbook(content)

    first = build()
    assert build() == first
    assert read_totals(first)["shifts_attended"] == 5


def test_chain_corrections_and_saving_again(
    october: tuple[Vault, dict[str, int]], tmp_path: Path
) -> None:
    vault, people = october
    first = returns.build_return(vault, "2026-10", tmp_path / "a", today=TODAY)
    signed = returns.preview(vault, "2026-10", TODAY).warnings
    assert any("Return 1 already covers October 2026 with these same figures" in w for w in signed)
    assert not any("correction" in w for w in signed)  # just signed: nothing new to send
    place = placements.add_placement(vault, PlacementDetails("Late ward", ROLE, False))
    late = ShiftTime(date(2026, 10, 28), time(9), time(13))
    (booked,) = shifts.book(vault, people["sharing"], place.id, late, TODAY)
    shifts.record_outcome(vault, booked.id, "attended")
    changed = returns.preview(vault, "2026-10", TODAY).warnings
    assert any(
        "already covered October 2026: signing again makes a correction" in w for w in changed
    )
    corrected = returns.build_return(vault, "2026-10", tmp_path / "a", today=TODAY)
    assert any("this one is its correction" in w for w in corrected.warnings)
    assert corrected.record.sequence == 2 and corrected.record.supersedes == 1
    manifest = json.loads(_entry(corrected.path, "manifest.json"))
    assert (
        manifest["previous_manifest_sha256"]
        == hashlib.sha256(_entry(first.path, "manifest.json")).hexdigest()
    )
    again = returns.save_again(vault, 1, tmp_path / "b")
    assert again.read_bytes() == first.path.read_bytes()
    assert [r.sequence for r in returns.history(vault)] == [2, 1]
    state = ChainState({})
    for built in (first, corrected):
        state.accept(
            verify_bundle(
                built.path.read_bytes(), built.path.name, _keys(vault), state, datetime.now(UTC)
            )
        )
    with pytest.raises(BundleRefused) as replay:
        verify_bundle(
            first.path.read_bytes(), first.path.name, _keys(vault), state, datetime.now(UTC)
        )
    assert replay.value.code == "replay"
    with pytest.raises(InvalidInput, match="has not started"):
        returns.build_return(vault, "2027-01", tmp_path, today=TODAY)
    with pytest.raises(InvalidInput, match="not a reporting period"):
        returns.preview(vault, "October", TODAY)


def test_restored_older_database_continues_the_chain(
    october: tuple[Vault, dict[str, int]], tmp_path: Path, vault_dir: Path
) -> None:
    vault, _ = october
    first = returns.build_return(vault, "2026-09", tmp_path, today=TODAY)
    vault.close()
    older = tmp_path / "older.db"
    shutil.copy2(vault_dir / DB_NAME, older)  # a backup taken after return 1
    vault = vaults.unlock(vault_dir, PASSPHRASE)
    second = returns.build_return(vault, "2026-10", tmp_path, today=TODAY)
    vault.close()
    shutil.copy2(older, vault_dir / DB_NAME)  # restored: the database forgets return 2
    vault = vaults.unlock(vault_dir, PASSPHRASE)
    try:
        shown = returns.preview(vault, "2026-11", TODAY)
        assert any("restored from a backup older than return 2" in w for w in shown.warnings)
        with pytest.raises(returns_chain.SequenceNotConfirmed) as asked:
            returns.build_return(vault, "2026-11", tmp_path, today=TODAY)
        assert asked.value.sequence == 3  # the coordinator confirms the jump first
        third = returns.build_return(vault, "2026-11", tmp_path, today=TODAY, accept_sequence=3)
        assert third.record.sequence == 3
        state = ChainState({})
        for built in (first, second, third):
            accepted = verify_bundle(
                built.path.read_bytes(), built.path.name, _keys(vault), state, datetime.now(UTC)
            )
            assert accepted.missing_before is None
            state.accept(accepted)
    finally:
        vault.close()


def test_key_rotation_lists_the_old_key_for_revocation(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    before = signing.records(vault)
    after = signing.rotate(vault)
    assert after.current.key_id != before.current.key_id
    assert [k.key_id for k in after.retired] == [before.current.key_id]
    entries = signing.trusted_key_entries(after)["keys"]
    assert [e["revoked_at"] is None for e in entries] == [False, True]
    sheet = tmp_path / "key.pdf"
    signing.write_key_sheet(vault, sheet)
    text = " ".join(p.extract_text() for p in PdfReader(sheet).pages)
    assert after.current.key_id in text and after.current.fingerprint in text
    assert before.current.key_id in text  # listed to revoke
    built = returns.build_return(vault, "2026-10", tmp_path, today=TODAY)
    manifest = json.loads(_entry(built.path, "manifest.json"))
    assert manifest["signer"]["key_id"] == after.current.key_id


def test_full_history_runs_from_the_first_shift_and_dates_its_rows(
    october: tuple[Vault, dict[str, int]], tmp_path: Path
) -> None:
    vault, _ = october
    path = returns.export_full_history(vault, tmp_path, today=TODAY)
    assert path.name == "rvc-history_RUH_2026-10_to_2026-11.xlsx"
    shifts_sheet = load_workbook(path, read_only=True)["Shifts"]
    first_shift = next(shifts_sheet.iter_rows(min_row=2, values_only=True))
    assert first_shift[1] == datetime(2026, 10, 5)  # a real date cell, not text
    with vault.unit_of_work() as session:
        detail = session.scalars(
            select(AuditEntryRow.detail_json).where(AuditEntryRow.action == "history_exported")
        ).one()
    assert json.loads(detail) == {"from": "2026-10-05"}
