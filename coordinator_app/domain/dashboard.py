"""The programme dashboard's figures for a period, and the periods a coordinator can pick.
The same figures feed the dashboard's charts, their tables and the progress report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from coordinator_app.domain.onboarding import add_months
from coordinator_app.domain.periods import ReturnPeriod, parse_period
from coordinator_app.domain.return_figures import MonthHours
from coordinator_app.domain.reviews import SCALES, Change

# The volunteer's journey now, in order; paused volunteers count as active (they come back).
# Named apart from the period's "Active volunteers" (attended in the period).
PIPELINE = (
    ("enquiry", "Enquiry"),
    ("onboarding", "Onboarding"),
    ("active", "Active or paused now"),
    ("outcome", "With an outcome"),
)


@dataclass(frozen=True)
class Counted:
    label: str
    count: int


@dataclass(frozen=True)
class Distance:
    """One scale's average first and latest self-rating (1-5) over the people rated on it
    at least twice."""

    scale: str
    first: float
    latest: float
    people: int

    @property
    def change(self) -> float:
        return round(self.latest - self.first, 2)


@dataclass(frozen=True)
class Dashboard:
    period: ReturnPeriod
    active_volunteers: int  # attended a shift or a session in the period
    pipeline: tuple[Counted, ...]  # now: enquiry -> onboarding -> active -> with an outcome
    months: tuple[MonthHours, ...]  # every month of the period, empty ones included
    milestones_by_pathway: tuple[Counted, ...]  # achieved in the period
    outcomes: tuple[Counted, ...]  # started in the period (leaving is not one)
    distance: tuple[Distance, ...]  # reviews up to the period's end
    barriers: tuple[Counted, ...]  # named by current volunteers, most frequent first

    @property
    def service_minutes(self) -> int:
        return sum(m.service_minutes for m in self.months)

    @property
    def training_minutes(self) -> int:
        return sum(m.training_minutes for m in self.months)


def counted(pairs: Iterable[tuple[str, int]]) -> tuple[Counted, ...]:
    """Most frequent first, then by label, so equal counts keep a stable order."""
    return tuple(Counted(label, n) for label, n in sorted(pairs, key=lambda p: (-p[1], p[0])))


def distances(changes: Sequence[dict[str, Change | None]]) -> tuple[Distance, ...]:
    """Each scale's averages over everyone's first-to-latest change (one dict per person)."""
    found = []
    for key, scale in SCALES.items():
        rated = [c for person in changes if (c := person.get(key)) is not None]
        people = len(rated)
        first = sum(c.first for c in rated) / people if people else 0.0
        latest = sum(c.latest for c in rated) / people if people else 0.0
        found.append(Distance(scale.label, round(first, 2), round(latest, 2), people))
    return tuple(found)


def last_twelve_months(today: date) -> ReturnPeriod:
    this_month = date(today.year, today.month, 1)
    return ReturnPeriod("last 12 months", add_months(this_month, -11), today)


def period_choices(today: date) -> list[tuple[str, ReturnPeriod]]:
    """What the dashboard's period picker offers: the last twelve months (the default),
    then each quarter of the last two years and each month of the last year, newest first."""
    choices = [("Last 12 months", last_twelve_months(today))]
    quarter = (today.month - 1) // 3 + 1
    year = today.year
    for _ in range(8):
        period = parse_period(f"{year}-Q{quarter}")
        choices.append((f"{period.label} ({period.start:%b}–{period.end:%b %Y})", period))
        quarter, year = (quarter - 1, year) if quarter > 1 else (4, year - 1)
    month = date(today.year, today.month, 1)
    for _ in range(12):
        period = parse_period(f"{month:%Y-%m}")
        choices.append((f"{month:%B %Y}", period))
        month = add_months(month, -1)
    return choices
