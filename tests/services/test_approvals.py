"""Approving hours by month (the current one included), ISO week or volunteer on a real
vault: counts right, dated today in the audit trail, changed hours approved again, and the
return's "hours not approved" warning only for months that hold such hours."""

from __future__ import annotations

from datetime import date, time

import pytest

from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.shifts import ShiftTime
from coordinator_app.services.returns import returns
from coordinator_app.services.shifts import approvals, months, shifts
from coordinator_app.services.shifts.approvals import Scope
from tests.services.test_shifts import TODAY, _audit, _volunteer, ward

__all__ = ["ward"]


def _worked(vault: Vault, person: int, placement: int, *days: date) -> list[int]:
    made = []
    for day in days:
        (booked,) = shifts.book(vault, person, placement, ShiftTime(day, time(9), time(13)), day)
        shifts.record_outcome(vault, booked.id, "attended")
        made.append(booked.id)
    return made


def _not_approved(vault: Vault) -> list[tuple[int, str, date, int, int]]:
    return [
        (p.volunteer_id, p.month, p.week, p.shifts, p.minutes)
        for p in approvals.pending(vault, TODAY)
    ]


def test_by_volunteer_week_and_current_month(ward: tuple[Vault, int]) -> None:
    vault, placement = ward
    ann, ben = _volunteer(vault, ready=True), _volunteer(vault, ready=True, status="asylum_seeker")
    _worked(vault, ann, placement, date(2026, 10, 5), date(2026, 11, 16), date(2026, 11, 23))
    (ben_monday,) = _worked(vault, ben, placement, date(2026, 11, 23))
    assert len(_not_approved(vault)) == 4
    preview = returns.preview(vault, "2026-Q4", TODAY)
    assert any(
        "Hours not approved yet for October 2026, November 2026" in w for w in preview.warnings
    )

    done = approvals.approve_hours(vault, Scope(month="2026-11", volunteer_id=ann), TODAY)
    assert (done.shifts, done.minutes, done.volunteers) == (2, 480, 1)
    assert _not_approved(vault) == [
        (ann, "2026-10", date(2026, 10, 5), 1, 240),
        (ben, "2026-11", date(2026, 11, 23), 1, 240),
    ]
    assert (
        "hours_approved",
        {"on": "2026-11-27", "shifts": 2, "minutes": 480, "month": "2026-11", "volunteer": ann},
    ) in _audit(vault)
    with pytest.raises(InvalidInput) as nothing:  # approved already: said, not done twice
        approvals.approve_hours(vault, Scope(month="2026-11", volunteer_id=ann), TODAY)
    assert "no hours to approve" in nothing.value.sentence()

    done = approvals.approve_hours(vault, Scope(week=date(2026, 11, 25)), TODAY)  # any day of it
    assert (done.shifts, done.volunteers) == (1, 1)  # Ben's: Ann's that week is approved
    assert [m.month for m in months.recent_months(vault, TODAY)][:2] == ["2026-11", "2026-10"]
    november, october = months.recent_months(vault, TODAY)[:2]
    assert (november.unapproved_minutes, november.ended, november.locked) == (0, False, False)
    assert october.unapproved_minutes == 240

    shifts.record_outcome(vault, ben_monday, "late", actual_minutes=120)  # changed: again
    assert _not_approved(vault)[-1] == (ben, "2026-11", date(2026, 11, 23), 1, 120)
    done = approvals.approve_hours(vault, Scope(month="2026-11"), TODAY)  # the running month
    assert (done.shifts, done.minutes) == (1, 120)

    done = approvals.approve_hours(vault, Scope(volunteer_id=ann), TODAY)  # all Ann's left
    assert (done.shifts, done.minutes) == (1, 240)
    assert _not_approved(vault) == []
    preview = returns.preview(vault, "2026-Q4", TODAY)
    assert not any("not approved" in w for w in preview.warnings)


def test_no_warning_for_months_without_hours_and_a_locked_month_is_approved(
    ward: tuple[Vault, int],
) -> None:
    vault, placement = ward
    preview = returns.preview(vault, "2026-09", TODAY)  # nothing worked, nothing approved
    assert not any("not approved" in w for w in preview.warnings)
    person = _volunteer(vault, ready=True)
    _worked(vault, person, placement, date(2026, 9, 7))
    preview = returns.preview(vault, "2026-09", TODAY)
    assert any("Hours not approved yet for September 2026" in w for w in preview.warnings)
    months.approve_month(vault, "2026-09", TODAY)
    assert _not_approved(vault) == []
    assert ("month_approved", {"month": "2026-09", "on": "2026-11-27"}) in _audit(vault)
    preview = returns.preview(vault, "2026-09", TODAY)
    assert not any("not approved" in w for w in preview.warnings)
