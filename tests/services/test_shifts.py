"""Booking, readiness override, outcomes, approval locking and expenses on a real vault."""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from coordinator_app.data.models import AuditEntryRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain import onboarding
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.expenses import ExpenseClaim
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.shifts import ShiftTime
from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.services.guards import MonthLocked
from coordinator_app.services.reports import stats
from coordinator_app.services.shifts import expenses, hours, months, placements, shifts
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.shifts.shifts import NeedsOverride, ShiftWarnings
from coordinator_app.services.volunteers import volunteers

TODAY = date(2026, 11, 27)
ROLE = "welcome_volunteer"


def _volunteer(
    vault: Vault, *, ready: bool, status: str = "refugee", days: tuple[int, ...] = ()
) -> int:
    details = VolunteerDetails(
        given_names="Generated",
        family_name=f"Shift-Test-{status}",
        status=status,
        role=ROLE,
        reporting_days=days,
    )
    role = onboarding.role(ROLE)
    assert role is not None
    items = role.items if ready else role.items[:-1]
    checks = [CheckRecord(k, TODAY - timedelta(days=10)) for k in items]
    return volunteers.register(vault, details, TODAY, checks, allow_duplicates=True).id


def _audit(vault: Vault) -> list[tuple[str, dict[str, object]]]:
    with vault.unit_of_work() as session:
        rows = session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.id))
        return [(r.action, json.loads(r.detail_json)) for r in rows]


@pytest.fixture
def ward(new_vault: tuple[Vault, str]) -> tuple[Vault, int]:
    vault, _ = new_vault
    placement = placements.add_placement(vault, PlacementDetails("Generated Ward 7", ROLE, False))
    return vault, placement.id


def test_patient_facing_placement_needs_an_enhanced_dbs_role(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    with pytest.raises(InvalidInput):
        placements.add_placement(vault, PlacementDetails("Generated Ward 8", ROLE, True))
    made = placements.add_placement(
        vault, PlacementDetails("Generated Ward 8", "ward_volunteer", True)
    )
    assert made.patient_facing


def test_weekly_series_books_all_or_none(ward: tuple[Vault, int]) -> None:
    vault, placement = ward
    person = _volunteer(vault, ready=True)
    booked = shifts.book(
        vault, person, placement, ShiftTime(date(2026, 12, 1), time(9), time(13)), TODAY, weeks=4
    )
    assert [s.time.on for s in booked] == [date(2026, 12, 1) + timedelta(weeks=n) for n in range(4)]
    assert all(s.planned_minutes == 240 for s in booked)
    with pytest.raises(ShiftWarnings) as clash:  # week 3 overlaps
        shifts.book(
            vault,
            person,
            placement,
            ShiftTime(date(2026, 12, 1), time(12), time(15)),
            TODAY,
            weeks=4,
        )
    assert len(clash.value.warnings) == 4
    assert stats.vault_stats(vault)["shifts"]["planned"] == 4  # nothing half-booked


def test_reporting_day_is_warned_then_booked_when_confirmed(ward: tuple[Vault, int]) -> None:
    vault, placement = ward
    person = _volunteer(vault, ready=True, status="asylum_seeker", days=(1,))
    tuesday = ShiftTime(date(2026, 12, 1), time(9), time(12))
    with pytest.raises(ShiftWarnings) as warned:
        shifts.book(vault, person, placement, tuesday, TODAY)
    assert "reporting day" in warned.value.warnings[0]
    assert len(shifts.book(vault, person, placement, tuesday, TODAY, confirm_warnings=True)) == 1


def test_not_ready_needs_an_override_reason_audited_without_text(ward: tuple[Vault, int]) -> None:
    vault, placement = ward
    person = _volunteer(vault, ready=False)
    when = ShiftTime(date(2026, 12, 3), time(9), time(12))
    with pytest.raises(NeedsOverride) as refused:
        shifts.book(vault, person, placement, when, TODAY)
    assert "ID badge" in refused.value.message
    booked = shifts.book(
        vault, person, placement, when, TODAY, override_reason="Badge printed on arrival"
    )
    assert booked[0].override_reason == "Badge printed on arrival"
    action, detail = _audit(vault)[-1]
    # That an override happened; its reason (often about a check) stays on the shift only.
    assert action == "shifts_booked" and detail["readiness_override"] is True


def test_outcomes_hours_and_approval_lock(ward: tuple[Vault, int]) -> None:
    vault, placement = ward
    person = _volunteer(vault, ready=True)
    first, second, third = shifts.book(
        vault, person, placement, ShiftTime(date(2026, 10, 6), time(9), time(13)), TODAY, weeks=3
    )
    shifts.record_outcome(vault, first.id, "attended")
    shifts.record_outcome(vault, second.id, "late", actual_minutes=180)
    shifts.record_outcome(vault, third.id, "cancelled", cancelled_by="ward")
    with pytest.raises(InvalidInput):
        shifts.record_outcome(vault, third.id, "attended", actual_minutes=10_000)  # inflated
    monthly = hours.hours_by_month(vault, person, "2026-01", "2026-12")
    assert [(h.month, h.service_minutes) for h in monthly] == [("2026-10", 240 + 180)]
    months.approve_month(vault, "2026-10", TODAY)
    with pytest.raises(MonthLocked):
        shifts.record_outcome(vault, first.id, "no_show")
    with pytest.raises(MonthLocked):
        shifts.book(
            vault, person, placement, ShiftTime(date(2026, 10, 30), time(9), time(10)), TODAY
        )
    with pytest.raises(InvalidInput):
        months.unlock_month(vault, "2026-10", "")  # a reason is required
    months.unlock_month(vault, "2026-10", "Ward sent a corrected register")
    assert (
        "month_unlocked",
        {"month": "2026-10", "reason": "Ward sent a corrected register"},
    ) in _audit(vault)
    shifts.record_outcome(vault, first.id, "no_show")
    counts = stats.vault_stats(vault)
    assert counts["shifts"] == {
        "planned": 0,
        "attended": 0,
        "late": 1,
        "no_show": 1,
        "cancelled": 1,
    }
    assert counts["hours"] == {"service": 3.0, "training": 0.0}
    with pytest.raises(InvalidInput):
        months.approve_month(vault, "2026-11", TODAY)  # not ended yet


def test_expenses_follow_the_asylum_rule_and_locking(ward: tuple[Vault, int]) -> None:
    vault, _ = ward
    seeker = _volunteer(vault, ready=True, status="asylum_seeker")
    with pytest.raises(InvalidInput):
        expenses.add_expense(vault, seeker, ExpenseClaim(TODAY, "flat_rate", 1000, False), TODAY)
    saved = expenses.add_expense(vault, seeker, ExpenseClaim(TODAY, "travel", 640, False), TODAY)
    assert saved.warnings == ("No receipt: keep a note of how the cost was checked.",)
    months.approve_month(vault, "2026-10", TODAY)
    with pytest.raises(MonthLocked):
        expenses.add_expense(
            vault, seeker, ExpenseClaim(date(2026, 10, 3), "meals", 500, True), TODAY
        )
    assert stats.vault_stats(vault)["expenses"] == {"claims": 1, "pence": 640}


def test_hours_statement_pdf_reads_back(ward: tuple[Vault, int], tmp_path: object) -> None:
    from pathlib import Path

    from pypdf import PdfReader

    vault, placement = ward
    person = _volunteer(vault, ready=True)
    booked = shifts.book(
        vault, person, placement, ShiftTime(date(2026, 9, 7), time(9), time(13)), TODAY, weeks=6
    )
    for record in booked[:5]:
        shifts.record_outcome(vault, record.id, "attended")
    shifts.record_outcome(vault, booked[5].id, "late", actual_minutes=150)
    months.approve_month(vault, "2026-09", TODAY)
    out = Path(str(tmp_path)) / "statement.pdf"
    statement = hours.hours_statement(vault, person, out, TODAY)
    assert statement.service_minutes == 5 * 240 + 150
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Generated Shift-Test-refugee" in text and "Royal United Hospitals Bath" in text
    assert "September 2026" in text and "October 2026" in text
    assert "22 h 30 min" in text  # 5 x 4 h + 2 h 30
    assert "yes" in text and "not yet" in text  # September approved, October not
