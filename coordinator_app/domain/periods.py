"""Reporting periods and when returns are due (pure date rules)."""

from __future__ import annotations

from datetime import date, timedelta

RETURN_DUE_WORKING_DAY = 5  # returns for a month are due on its following month's 5th working day


def nth_working_day(year: int, month: int, n: int) -> date:
    """The n-th Monday-to-Friday of the month (bank holidays are not known offline)."""
    day = date(year, month, 1)
    count = 0
    while True:
        if day.weekday() < 5:
            count += 1
            if count == n:
                return day
        day += timedelta(days=1)


def next_return_due(today: date, working_day: int = RETURN_DUE_WORKING_DAY) -> date:
    """The next due date on or after ``today`` for a monthly return."""
    due = nth_working_day(today.year, today.month, working_day)
    if today <= due:
        return due
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return nth_working_day(year, month, working_day)
