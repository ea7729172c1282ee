"""Outcomes: what a volunteer went on to (a job, training, study, more volunteering, or
leaving), and the follow-ups that show whether it lasted. People seeking asylum may
volunteer but not work, so paid work is only recorded when the recorded status allows work
(rules from resources/immigration.json; no advice)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, timedelta

from coordinator_app.domain import immigration
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.onboarding import add_months

KINDS = {
    "paid_job": "Paid job",
    "apprenticeship": "Apprenticeship",
    "training": "Training or course",
    "study": "Study",
    "continued_volunteering": "Continued volunteering",
    "left": "Left the programme",
}
PAID = ("paid_job", "apprenticeship")
LEFT = "left"  # recorded like an outcome, but not one a volunteer went on to
NEEDS_COURSE = ("training", "study")
LEFT_REASONS: tuple[str, ...] = (
    "Moved away",
    "Found work elsewhere",
    "Health",
    "Caring responsibilities",
    "Immigration decision",
    "Lost contact",
    "Other",
)
# NHS Agenda for Change pay bands; "" when not known.
NHS_BANDS = ("2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")
MAX_HOURS_PER_WEEK = 48  # the Working Time Regulations' average weekly limit
PLAN_AHEAD_DAYS = 366
FOLLOW_UP_MONTHS = (3, 6, 12)
# Where a follow-up found the person: the learning the funder asks for is whether it lasted.
FOLLOW_UP_RESULTS = {"in_post": "In post", "in_study": "In study", "left": "Left"}
STUDY_KINDS = ("training", "study")  # their follow-up result is "in study" when still there


def result_of(kind: str, still_there: bool) -> str:
    """The follow-up result a yes/no "still there" means for an outcome of ``kind``."""
    if not still_there:
        return "left"
    return "in_study" if kind in STUDY_KINDS else "in_post"


@dataclass(frozen=True)
class OutcomeDetails:
    kind: str
    started_on: date
    employer: str = ""
    nhs: bool = False
    role: str = ""
    band: str = ""
    hours_per_week: float | None = None
    course: str = ""
    reason: str = ""
    note: str = ""


@dataclass(frozen=True)
class FollowUp:
    months: int
    due_on: date


def check_outcome(details: OutcomeDetails, status: str, today: date) -> OutcomeDetails:
    """The outcome as stored (short fields on one line, the note trimmed), or InvalidInput
    with what to do. ``status`` is the volunteer's immigration status key."""
    if details.kind not in KINDS:
        raise InvalidInput("Choose what the volunteer went on to from the list.", "")
    if details.started_on > today + timedelta(days=PLAN_AHEAD_DAYS):
        raise InvalidInput("That start date is more than a year ahead.", "Check the date.")
    if details.kind in PAID:
        check_may_work(status)
    d = replace(
        details,
        employer=_one_line(details.employer),
        role=_one_line(details.role),
        band=_one_line(details.band).lower(),
        course=_one_line(details.course),
        reason=_listed_reason(details.reason),
        note=details.note.strip(),
    )
    if d.kind in PAID and not (d.employer and d.role):
        raise InvalidInput(
            "A job or apprenticeship needs the employer and the role.", "Enter both."
        )
    if d.kind in NEEDS_COURSE and not d.course:
        raise InvalidInput("Training or study needs the name of the course.", "Enter it.")
    if d.kind == "left" and d.reason not in LEFT_REASONS:
        raise InvalidInput(
            "Choose why the volunteer left from the list.",
            "If none fits, choose Other and say more in the note.",
        )
    if d.hours_per_week is not None and not 1 <= d.hours_per_week <= MAX_HOURS_PER_WEEK:
        raise InvalidInput(
            f"Hours a week must be from 1 to {MAX_HOURS_PER_WEEK}.",
            "Check the hours, or leave them blank if not known.",
        )
    if d.band and not d.nhs:
        raise InvalidInput(
            "A pay band is only recorded for NHS jobs (Agenda for Change).",
            "Mark the employer as NHS, or leave the band blank.",
        )
    if d.band and d.band not in NHS_BANDS:
        raise InvalidInput(
            f"“{d.band}” is not an Agenda for Change band.",
            "Choose a band from 2 to 9 (8a to 8d), or leave it blank if not known.",
        )
    return d


def follow_ups(started_on: date) -> tuple[FollowUp, ...]:
    """Checks 3, 6 and 12 months after the start (a month end stays a month end)."""
    return tuple(FollowUp(m, add_months(started_on, m)) for m in FOLLOW_UP_MONTHS)


def follow_ups_due(
    started_on: date, done: Collection[int], today: date, within_days: int = 14
) -> list[FollowUp]:
    """Follow-ups not yet done (by months) that fall due by ``today + within_days``,
    overdue ones included."""
    horizon = today + timedelta(days=within_days)
    return [f for f in follow_ups(started_on) if f.months not in done and f.due_on <= horizon]


def check_may_work(status: str) -> None:
    """InvalidInput unless the immigration status ``status`` allows paid work: the app never
    records an asylum seeker as employed (an outcome, a job offer, starting in post) unless
    permission to work is recorded."""
    category = immigration.status_category(status)
    if category is not None and category.may_work:
        return
    if category is not None and category.asylum_seeker:
        raise InvalidInput(
            "Paid work cannot be recorded for someone seeking asylum unless their permission "
            "to work is recorded.",
            "If the Home Office has given permission to work, record it on their status "
            "(Asylum seeker with permission to work) first.",
        )
    raise InvalidInput(
        "Paid work cannot be recorded until their immigration status shows they may work.",
        "Record their immigration status and right-to-work check first.",
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _listed_reason(text: str) -> str:
    """The listed reason spelt as listed, whatever the case typed; other text as typed."""
    typed = _one_line(text)
    return next((r for r in LEFT_REASONS if r.casefold() == typed.casefold()), typed)
