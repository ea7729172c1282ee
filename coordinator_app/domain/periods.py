"""Reporting periods and when returns are due (pure date rules)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from coordinator_app.domain.errors import InvalidInput

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


@dataclass(frozen=True)
class ReturnPeriod:
    """A month (``2026-10``) or a quarter (``2026-Q4``, calendar quarters) a return covers."""

    label: str
    start: date
    end: date  # inclusive

    def months(self) -> list[str]:
        first = self.start.year * 12 + self.start.month - 1
        last = self.end.year * 12 + self.end.month - 1
        return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(first, last + 1)]


_PERIOD = re.compile(r"(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))")


def parse_period(text: str) -> ReturnPeriod:
    found = _PERIOD.fullmatch(text.strip().upper())
    if found is None:
        raise InvalidInput(
            f"'{text}' is not a reporting period.",
            "Write a month as YYYY-MM (e.g. 2026-10) or a quarter as YYYY-Qn (e.g. 2026-Q4).",
        )
    year = int(found.group(1))
    if found.group(2):
        first_month = last_month = int(found.group(2))
        label = f"{year:04d}-{first_month:02d}"
    else:
        quarter = int(found.group(3))
        first_month, last_month = 3 * quarter - 2, 3 * quarter
        label = f"{year:04d}-Q{quarter}"
    end = date(year, last_month, calendar.monthrange(year, last_month)[1])
    return ReturnPeriod(label, date(year, first_month, 1), end)


def has_ended(period: ReturnPeriod, today: date) -> bool:
    return period.end < today


def return_due(today: date) -> tuple[str, date]:
    """The monthly return to send next and its due date: the month before the due date's."""
    due = next_return_due(today)
    year, month = (due.year - 1, 12) if due.month == 1 else (due.year, due.month - 1)
    return f"{year:04d}-{month:02d}", due


MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_LABEL = re.compile(r"(\d{4})-(?:(\d{2})|Q([1-4]))")


def period_words(label: str) -> str:
    """A month or period as a person reads it, in English whatever the computer's language:
    2026-11 is November 2026, 2026-Q4 is October to December 2026; anything else as it is."""
    found = _LABEL.fullmatch(label.strip())
    if found is None:
        return label
    year = found[1]
    if found[2] is not None:
        number = int(found[2])
        return f"{MONTH_NAMES[number - 1]} {year}" if 1 <= number <= 12 else label
    first = 3 * int(found[3]) - 3
    return f"{MONTH_NAMES[first]} to {MONTH_NAMES[first + 2]} {year}"
