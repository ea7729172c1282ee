"""Dates as the coordinator reads and writes them: dd/mm/yyyy (en-GB), in one place.

Every screen reads a typed date through ``parse_uk_date``, so a date that cannot be read is
always said the same way, and one that does not exist (31/02/2026) is said so rather than
blamed on its format.
"""

from __future__ import annotations

import re
from datetime import MINYEAR, date, datetime

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.periods import period_words

UK_DATE = "%d/%m/%Y"
HOW_TO_WRITE = "Write it as dd/mm/yyyy, e.g. 07/12/2026."
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def uk_date(day: date | None) -> str:
    """31/01/2026, or nothing for no date."""
    return day.strftime(UK_DATE) if day else ""


def uk_date_time(moment: datetime) -> str:
    """31/01/2026 14:05, in the time zone ``moment`` carries."""
    return moment.strftime(f"{UK_DATE} %H:%M")


def month_name(month: str | date) -> str:
    """November 2026, for a month given as 2026-11 or any day in it."""
    return period_words(f"{month.year:04d}-{month.month:02d}" if isinstance(month, date) else month)


def period_name(label: str) -> str:
    """A return period as read: 2026-11 is November 2026, 2026-Q4 is October to December
    2026 (the domain's wording, which services use in their sentences too)."""
    return period_words(label)


def local_time(utc_text: str) -> str:
    """A stored UTC stamp (2026-11-03T14:05:00Z) as the coordinator's own clock reads it."""
    try:
        moment = datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    except ValueError:
        return utc_text
    return uk_date_time(moment.astimezone()) if moment.tzinfo else uk_date_time(moment)


def parse_uk_date(label: str, text: str) -> date | None:
    """The date typed as dd/mm/yyyy, None when nothing was typed, else InvalidInput naming
    ``label`` (lower case, as it reads mid-sentence: "date of birth")."""
    text = text.strip()
    if not text:
        return None
    found = _UK_DATE.fullmatch(text)
    if found is None or int(found[3]) < MINYEAR:
        raise InvalidInput(f"The {label} '{text}' is not a date.", HOW_TO_WRITE)
    day, month, year = int(found[1]), int(found[2]), int(found[3])
    if not 1 <= month <= 12:
        raise InvalidInput(
            f"The {label} '{text}' is not a date: there is no month {month}.", HOW_TO_WRITE
        )
    try:
        return date(year, month, day)
    except ValueError:
        named = date(year, month, 1)
        raise InvalidInput(
            f"The {label} '{text}' is not a date: {named:%B %Y} has no day {day}.",
            "Check the day and the month.",
        ) from None


def required_uk_date(label: str, text: str) -> date:
    """As ``parse_uk_date``, for a date that must be given."""
    day = parse_uk_date(label, text)
    if day is None:
        raise InvalidInput(f"The {label} is empty.", HOW_TO_WRITE)
    return day
