"""The headline figures of a return: the manifest's ``totals`` keys, what each means and in
which unit. Shared by the trust's side (building returns) and the programme manager's side
(combining them), so both say the same thing about the same number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["people", "shifts", "sessions", "minutes", "pence", "months", "records"]


@dataclass(frozen=True)
class FigureKind:
    key: str
    label: str
    unit: Unit
    adds_up: bool = True  # across periods (people counted per period do not)


FIGURES: tuple[FigureKind, ...] = (
    FigureKind(
        "volunteers_included",
        "Volunteers in this return (consent to sharing given)",
        "people",
        adds_up=False,
    ),
    FigureKind(
        "volunteers_active",
        "Volunteers who attended a shift or a session",
        "people",
        adds_up=False,
    ),
    FigureKind("volunteers_new", "Volunteers who joined in the period", "people"),
    FigureKind(
        "volunteers_excluded_no_consent",
        "Left out: consent to sharing not recorded",
        "people",
        adds_up=False,
    ),
    FigureKind(
        "volunteers_excluded_withdrawn",
        "Left out: consent to sharing withdrawn",
        "people",
        adds_up=False,
    ),
    FigureKind("shifts_attended", "Shifts attended (on time or late)", "shifts"),
    FigureKind("shifts_no_show", "Shifts missed without notice", "shifts"),
    FigureKind("shifts_cancelled", "Shifts cancelled", "shifts"),
    FigureKind("service_minutes", "Volunteering on wards and departments", "minutes"),
    FigureKind("training_minutes", "Training and workshops attended", "minutes"),
    FigureKind("activities_held", "Workshops and sessions held", "sessions"),
    FigureKind("milestones_achieved", "Career milestones achieved", "records"),
    FigureKind("reviews_held", "Review meetings held", "records"),
    FigureKind("outcomes_recorded", "Outcomes recorded (jobs, training, study)", "records"),
    FigureKind("volunteers_first_shift", "Volunteers who did their first shift", "people"),
    FigureKind("barriers_identified", "Barriers to work identified", "records"),
    FigureKind("barriers_resolved", "Barriers to work resolved", "records"),
    FigureKind(
        "barriers_open", "Barriers to work still open at the period's end", "records", False
    ),
    FigureKind("follow_ups_done", "Outcome follow-ups done (3, 6, 12 months)", "records"),
    FigureKind("follow_ups_in_post", "Follow-ups that found the person in post", "records"),
    FigureKind("follow_ups_in_study", "Follow-ups that found the person in study", "records"),
    FigureKind("follow_ups_left", "Follow-ups that found the person had left", "records"),
    FigureKind("expense_claims", "Expense claims", "records"),
    FigureKind("expense_pence", "Expenses claimed", "pence"),
    FigureKind("months_unapproved", "Months of the period not approved yet", "months"),
)


def label_of(key: str) -> str:
    return next((f.label for f in FIGURES if f.key == key), key.replace("_", " "))


@dataclass(frozen=True)
class MonthHours:
    month: str  # YYYY-MM
    service_minutes: int
    training_minutes: int


@dataclass(frozen=True)
class BarrierCount:
    """One barrier's count for a period: identified and resolved in it, open at its end."""

    label: str
    identified: int
    resolved: int
    still_open: int
