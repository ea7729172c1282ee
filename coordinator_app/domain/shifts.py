"""Shifts: times on the wall clock of the ward (Europe/London), hours that stay right across
midnight and the clock changes, weekly series, and the clashes a booking must warn about.

Hours are whole minutes (integers), so totals never drift the way sums of floats do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.volunteers import WEEKDAYS

UK = ZoneInfo("Europe/London")
OUTCOMES = ("planned", "attended", "late", "no_show", "cancelled")
OUTCOME_LABELS = {
    "planned": "Planned",
    "attended": "Attended",
    "late": "Late",
    "no_show": "No-show",
    "cancelled": "Cancelled",
}
CANCELLED_BY = ("volunteer", "ward", "coordinator")
COUNTS_AS_SERVICE = ("attended", "late")  # the outcomes whose hours count
MAX_SHIFT_MINUTES = 14 * 60
MAX_SERIES_WEEKS = 52


@dataclass(frozen=True)
class ShiftTime:
    """A shift as a ward writes it: a date and two wall-clock times (the end may be after
    midnight, i.e. on the next day)."""

    on: date
    start: time
    end: time

    def starts_at(self) -> datetime:
        return datetime.combine(self.on, self.start, tzinfo=UK)

    def ends_at(self) -> datetime:
        end_day = self.on + timedelta(days=1) if self.end <= self.start else self.on
        return datetime.combine(end_day, self.end, tzinfo=UK)

    def minutes(self) -> int:
        """Real minutes worked: a night across a clock change is an hour longer or shorter."""
        utc = ZoneInfo("UTC")
        span = self.ends_at().astimezone(utc) - self.starts_at().astimezone(utc)
        return int(span.total_seconds() // 60)


def parse_time(text: str, field: str) -> time:
    try:
        hours, minutes = text.strip().replace(".", ":").split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise InvalidInput(
            f"The {field} time '{text}' is not a time.", "Write it as 24-hour hh:mm, e.g. 09:30."
        ) from None


def check_shift(shift: ShiftTime) -> ShiftTime:
    minutes = shift.minutes()
    if minutes <= 0 or minutes > MAX_SHIFT_MINUTES:
        raise InvalidInput(
            f"A shift of {minutes / 60:.1f} hours cannot be right.",
            f"Check the start and end times (a shift is at most {MAX_SHIFT_MINUTES // 60} hours).",
        )
    return shift


def weekly_dates(first: date, weeks: int) -> list[date]:
    if not 1 <= weeks <= MAX_SERIES_WEEKS:
        raise InvalidInput(
            f"A weekly series runs 1 to {MAX_SERIES_WEEKS} weeks.", "Choose how many weeks."
        )
    return [first + timedelta(weeks=n) for n in range(weeks)]


@dataclass(frozen=True)
class Booked:
    """Another shift of the same volunteer, for clash checks."""

    id: int
    time: ShiftTime
    outcome: str


def overlaps(one: ShiftTime, other: ShiftTime) -> bool:
    """Whether two shifts share any minute (one person cannot work both)."""
    return one.starts_at() < other.ends_at() and other.starts_at() < one.ends_at()


def clashes(new: ShiftTime, existing: Iterable[Booked], reporting_days: Iterable[int]) -> list[str]:
    """Sentences for what the coordinator should see before booking: overlapping shifts of
    the same volunteer (cancelled ones do not count) and Home Office reporting days."""
    found = []
    for other in existing:
        if other.outcome == "cancelled":
            continue
        if overlaps(new, other.time):
            found.append(
                f"Already booked {other.time.on.strftime('%d/%m/%Y')} "
                f"{other.time.start:%H:%M}–{other.time.end:%H:%M}: the times overlap."
            )
    if new.on.weekday() in set(reporting_days):
        found.append(
            f"{WEEKDAYS[new.on.weekday()]} is a Home Office reporting day for this volunteer."
        )
    return found


def service_minutes(outcome: str, planned: int, actual: int | None) -> int:
    """Minutes that count as volunteering: actual if recorded, else planned, for attended or
    late shifts; none for no-shows, cancellations and shifts still to come."""
    if outcome not in COUNTS_AS_SERVICE:
        return 0
    return planned if actual is None else actual


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def months_before(day: date, count: int) -> list[str]:
    """The ``count`` months that ended before ``day``'s month, newest first (YYYY-MM)."""
    months, first = [], day.replace(day=1)
    for _ in range(count):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(month_of(first))
    return months
