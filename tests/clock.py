"""A clock the tests set: the app reads "today" and "now" only through a Clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from coordinator_app.domain.clock import london

# The day tests run on when the day itself does not matter to them (a Friday).
A_DAY = date(2026, 11, 27)


class FixedClock:
    """Stands still at ``at`` (an aware moment; a naive one is taken as London's wall clock)
    until the test sets or advances it."""

    def __init__(self, at: datetime) -> None:
        self.set(at)

    def set(self, at: datetime) -> None:
        self._at = (at if at.tzinfo else at.replace(tzinfo=london())).astimezone(UTC)

    def advance(self, by: timedelta) -> None:
        self._at += by

    def now(self) -> datetime:
        return self._at

    def today(self) -> date:
        return self._at.astimezone(london()).date()


def clock_on(day: date, hour: int = 10) -> FixedClock:
    """A clock at ``hour`` o'clock, London time, on ``day``."""
    return FixedClock(datetime(day.year, day.month, day.day, hour))
