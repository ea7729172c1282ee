"""What the programme manager's analysis needs from one trust's return: counts by kind for
the return's own period, the self-ratings of the reviews held in it, and (from the latest
return of each trust, whose sheets list everything up to its period's end) each barrier's
months and each volunteer's days to a first shift. Read from the return's workbook by
``export/return_reader.py``; pure data here, so the analysis is plain Python."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

# The self-rating scales as the Reviews sheet heads them, in its order.
SCALE_LABELS = ("Confidence", "English", "Belonging", "Career clarity")


@dataclass(frozen=True)
class Rated:
    """One review: the volunteer's code, its day, a rating (1-5) or None per scale."""

    code: str
    day: date
    ratings: tuple[int | None, ...]


@dataclass(frozen=True)
class Journey:
    """A volunteer's first shift: its month (YYYY-MM) and the days from their enquiry."""

    first_shift: str
    days: int


@dataclass(frozen=True)
class BarrierMonths:
    """One barrier record: the months (YYYY-MM) it was identified and resolved (None while
    open)."""

    identified: str
    resolved: str | None


@dataclass(frozen=True)
class ReturnRecords:
    trust: str
    period_label: str
    months: tuple[str, ...]  # YYYY-MM, the months the return's period covers
    totals: Mapping[str, int]  # the manifest's headline figures
    milestones_by_pathway: Mapping[str, int]
    outcomes_by_kind: Mapping[str, int]
    reviews: tuple[Rated, ...]
    # None: the return has no such sheet (content version 1 before issue 21's figures).
    barriers_by_kind: Mapping[str, tuple[int, int]] | None  # identified, resolved in period
    referrals: Mapping[str, int] | None  # enquiries in the period, by referral source
    follow_ups: Mapping[tuple[int, str], int] | None  # (months after, result): follow-ups
    # Whole-history sheets, read from each trust's latest return only (else empty).
    barrier_months: tuple[BarrierMonths, ...] | None = None
    journeys: tuple[Journey, ...] | None = None

    @property
    def has_learning(self) -> bool:
        return self.barriers_by_kind is not None
