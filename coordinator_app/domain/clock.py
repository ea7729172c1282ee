"""The one clock: "today" is the date in Europe/London (where the wards are, whatever the
laptop's time zone), "now" is an aware UTC moment.

``SystemClock`` is the only code in the app that reads the wall clock for dates; everything
else is handed a ``Clock`` (or a date or moment taken from one), so tests can set the day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


@cache
def london() -> ZoneInfo:
    """Europe/London, loaded at the first "today" rather than before the first screen."""
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/London")


class Clock(Protocol):
    def now(self) -> datetime:
        """This moment, aware, in UTC."""
        ...

    def today(self) -> date:
        """Today's date in Europe/London."""
        ...


class SystemClock:
    """The computer's clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().astimezone(london()).date()
