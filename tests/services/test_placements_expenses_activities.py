"""Placements management, expense claims and training hours from activities, on a real
vault (the shift rules themselves are in test_shifts.py)."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from pypdf import PdfReader

from coordinator_app.data.vault import Vault
from coordinator_app.domain.activities import ActivityDetails
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.expenses import ExpenseClaim
from coordinator_app.domain.shifts import ShiftTime
from coordinator_app.services.guards import MonthLocked
from coordinator_app.services.reports import stats
from coordinator_app.services.shifts import activities, expenses, hours, months, placements, shifts
from coordinator_app.services.shifts.placements import PlacementDetails
from tests.services.test_shifts import ROLE, TODAY, _volunteer


def test_placement_edit_archive_and_the_checks_its_role_needs(
    new_vault: tuple[Vault, str],
) -> None:
    vault, _ = new_vault
    ward = placements.add_placement(
        vault, PlacementDetails("  Generated   Ward 9 ", "ward_volunteer", True, "Tea round", "")
    )
    assert ward.name == "Generated Ward 9" and ward.dbs_level == "enhanced"
    assert {"DBS check", "Occupational health clearance", "Basic life support training"} <= set(
        ward.checks
    )
    placements.add_placement(vault, PlacementDetails("Generated Desk", ROLE, False))
    with pytest.raises(InvalidInput, match="already a placement"):
        placements.update_placement(vault, ward.id, PlacementDetails("Generated Desk", ROLE, False))
    changed = placements.update_placement(
        vault, ward.id, PlacementDetails("Generated Ward 9", ROLE, False, "", "Generated Sister")
    )
    assert changed.supervisor == "Generated Sister" and not changed.patient_facing
    placements.set_archived(vault, ward.id, True)
    assert [p.name for p in placements.placements(vault)] == ["Generated Desk"]
    assert {p.name for p in placements.placements(vault, include_archived=True)} == {
        "Generated Desk",
        "Generated Ward 9",
    }
    person = _volunteer(vault, ready=True)
    with pytest.raises(InvalidInput, match="no longer available"):
        shifts.book(vault, person, ward.id, ShiftTime(TODAY, time(9), time(12)), TODAY)


def test_claims_listed_by_month_and_marked_paid(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    person = _volunteer(vault, ready=True)
    claim = ExpenseClaim(date(2026, 11, 3), "travel", 640, True)
    saved = expenses.add_expense(vault, person, claim, TODAY)
    assert saved.warnings == ()
    expenses.add_expense(vault, person, ExpenseClaim(date(2026, 10, 9), "meals", 500, True), TODAY)
    november = expenses.expenses_in_month(vault, "2026-11")
    assert [(c.amount_pence, c.paid_on, c.kind_label) for c in november] == [
        (640, None, "Travel (actual fares or mileage)")
    ]
    with pytest.raises(InvalidInput, match="before it was made"):
        expenses.mark_paid(vault, saved.id, date(2026, 11, 1), TODAY)
    expenses.mark_paid(vault, saved.id, TODAY, TODAY)
    assert expenses.expenses_in_month(vault, "2026-11")[0].paid_on == TODAY
    months.approve_month(vault, "2026-10", TODAY)
    october = expenses.expenses_in_month(vault, "2026-10")
    assert october[0].locked
    with pytest.raises(MonthLocked):
        expenses.mark_paid(vault, october[0].id, TODAY, TODAY)


def _session(vault: Vault, on: date, start: time, end: time) -> int:
    details = ActivityDetails("cv_workshop", "", ShiftTime(on, start, end), "Generated Tutor")
    return activities.add_activity(vault, details, TODAY).id


def test_attended_activities_are_training_hours_apart_from_service(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    came, missed = (
        _volunteer(vault, ready=True),
        _volunteer(vault, ready=True, status="asylum_seeker"),
    )
    october = _session(vault, date(2026, 10, 6), time(10), time(12, 30))
    november = _session(vault, date(2026, 11, 10), time(14), time(15))
    for activity in (october, november):
        activities.set_register(
            vault, activity, invited=[came, missed], attended=[came], today=TODAY
        )
    assert [
        (m.month, m.minutes)
        for m in activities.training_by_month(vault, came, "2026-01", "2026-12")
    ] == [("2026-10", 150), ("2026-11", 60)]
    assert activities.training_by_month(vault, missed, "2026-01", "2026-12") == []
    both = _session(vault, date(2026, 9, 8), time(10), time(11))
    activities.set_register(
        vault, both, invited=[came, missed], attended=[came, missed], today=TODAY
    )
    september = activities.activities_between(vault, date(2026, 9, 1), date(2026, 9, 30))
    assert [(a.invited, a.attended) for a in september] == [(2, 2)]  # counted, not "any"
    listed = activities.activities_between(vault, date(2026, 10, 1), date(2026, 11, 30))
    assert [(a.title, a.invited, a.attended) for a in listed] == [
        ("CV workshop", 2, 1),
        ("CV workshop", 2, 1),
    ]
    assert [r.attended for r in activities.register(vault, october)].count(True) == 1
    assert stats.vault_stats(vault)["hours"] == {"service": 0.0, "training": 5.5}

    statement = hours.hours_statement(vault, came, tmp_path / "hours.pdf", TODAY)
    assert statement.training_minutes == 270 and statement.service_minutes == 0
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "hours.pdf").pages)
    assert "Training and workshops attended: 4 h 30 min" in text


def test_registers_follow_the_calendar_and_the_locks(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    person = _volunteer(vault, ready=True)
    later = _session(vault, date(2026, 12, 8), time(10), time(12))
    activities.set_register(vault, later, invited=[person], attended=[], today=TODAY)
    with pytest.raises(InvalidInput, match="not happened yet"):
        activities.set_register(vault, later, invited=[person], attended=[person], today=TODAY)
    october = _session(vault, date(2026, 10, 6), time(10), time(12))
    months.approve_month(vault, "2026-10", TODAY)
    with pytest.raises(MonthLocked):
        activities.set_register(vault, october, invited=[person], attended=[person], today=TODAY)
    with pytest.raises(InvalidInput, match="cannot be right"):
        _session(vault, date(2026, 11, 2), time(10), time(19))
