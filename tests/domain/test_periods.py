from __future__ import annotations

from datetime import date

from coordinator_app.domain.periods import next_return_due, nth_working_day


def test_fifth_working_day_skips_weekends() -> None:
    assert nth_working_day(2026, 11, 5) == date(2026, 11, 6)  # 1 Nov 2026 is a Sunday
    assert nth_working_day(2026, 8, 1) == date(2026, 8, 3)  # 1 Aug 2026 is a Saturday


def test_next_return_due_this_month_or_next() -> None:
    assert next_return_due(date(2026, 11, 2)) == date(2026, 11, 6)
    assert next_return_due(date(2026, 11, 6)) == date(2026, 11, 6)
    assert next_return_due(date(2026, 11, 24)) == date(2026, 12, 7)
    assert next_return_due(date(2026, 12, 24)) == date(2027, 1, 7)
