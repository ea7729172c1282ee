"""Shift times, hours across midnight and the clock changes, clashes, expenses rules."""

from __future__ import annotations

from datetime import date, time

import pytest

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.expenses import ExpenseClaim, check_claim
from coordinator_app.domain.shifts import (
    Booked,
    ShiftTime,
    check_shift,
    clashes,
    parse_time,
    service_minutes,
    weekly_dates,
)

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("on", "start", "end", "minutes"),
    [
        (date(2026, 6, 1), time(9, 0), time(13, 30), 270),
        (date(2026, 6, 1), time(22, 0), time(6, 0), 480),  # across midnight
        (date(2026, 3, 28), time(22, 0), time(6, 0), 420),  # clocks go forward that night
        (date(2026, 10, 24), time(22, 0), time(6, 0), 540),  # clocks go back that night
        (date(2026, 3, 29), time(0, 30), time(3, 30), 120),  # 01:00 GMT became 02:00 BST
    ],
)
def test_hours_are_real_time_across_midnight_and_clock_changes(
    on: date, start: time, end: time, minutes: int
) -> None:
    assert ShiftTime(on, start, end).minutes() == minutes


def test_impossible_shifts_and_times_are_refused() -> None:
    with pytest.raises(InvalidInput):
        check_shift(ShiftTime(TODAY, time(9), time(9)))  # 24 hours
    with pytest.raises(InvalidInput):
        parse_time("9am", "start")
    assert parse_time("9.30", "start") == time(9, 30)


def test_clashes_overlaps_night_shifts_and_reporting_days() -> None:
    night = Booked(1, ShiftTime(date(2026, 12, 1), time(22), time(6)), "planned")
    cancelled = Booked(2, ShiftTime(date(2026, 12, 2), time(9), time(12)), "cancelled")
    morning = ShiftTime(date(2026, 12, 2), time(5), time(9))  # Wednesday
    found = clashes(morning, [night, cancelled], reporting_days=[2])
    assert len(found) == 2
    assert "overlap" in found[0] and "Wednesday" in found[1]
    later = ShiftTime(date(2026, 12, 2), time(9), time(12))
    assert clashes(later, [night, cancelled], reporting_days=[]) == []


def test_series_and_service_minutes() -> None:
    assert weekly_dates(date(2026, 12, 1), 3) == [
        date(2026, 12, 1),
        date(2026, 12, 8),
        date(2026, 12, 15),
    ]
    with pytest.raises(InvalidInput):
        weekly_dates(TODAY, 53)
    assert service_minutes("attended", 240, None) == 240
    assert service_minutes("late", 240, 180) == 180
    assert service_minutes("no_show", 240, None) == 0
    assert service_minutes("planned", 240, None) == 0


def test_flat_rate_refused_for_asylum_seekers_actual_costs_allowed() -> None:
    flat = ExpenseClaim(TODAY, "flat_rate", 1000, receipt=False)
    with pytest.raises(InvalidInput) as refused:
        check_claim(flat, "asylum_seeker", TODAY)
    assert "actual out-of-pocket costs" in refused.value.message
    with pytest.raises(InvalidInput):
        check_claim(flat, "asylum_seeker_ptw", TODAY)
    warnings = check_claim(flat, "refugee", TODAY)
    assert any("count as pay" in w for w in warnings) and any("receipt" in w for w in warnings)
    assert (
        check_claim(ExpenseClaim(TODAY, "travel", 640, receipt=True), "asylum_seeker", TODAY) == []
    )
    with pytest.raises(InvalidInput):
        check_claim(ExpenseClaim(TODAY, "travel", 0, receipt=True), "refugee", TODAY)
