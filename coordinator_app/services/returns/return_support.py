"""The return's support-plan sheets: milestones achieved, reviews held (ratings only, never
notes) and outcomes begun in the period, under pseudonym codes, for the volunteers who
share their data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from coordinator_app.data.models import OutcomeRow, PlanMilestoneRow, ReviewRow, VolunteerRow
from coordinator_app.domain import pathways
from coordinator_app.domain.outcomes import KINDS
from coordinator_app.domain.periods import ReturnPeriod
from coordinator_app.domain.reviews import SCALES
from coordinator_app.export.return_workbook import Column, Sheet

CODE = Column("Code", "text", "The volunteer's pseudonym code: the same person every period.")


def counts(session: Session, period: ReturnPeriod, shared_ids: Select[Any]) -> dict[str, int]:
    """``shared_ids`` selects the ids of the volunteers sharing their data."""
    first, last = period.start, period.end
    achieved = session.scalar(
        select(func.count()).where(
            PlanMilestoneRow.achieved_on.between(first, last),
            PlanMilestoneRow.volunteer_id.in_(shared_ids),
        )
    )
    reviews = session.scalar(
        select(func.count()).where(
            ReviewRow.held_on.between(first, last), ReviewRow.volunteer_id.in_(shared_ids)
        )
    )
    outcomes = session.scalar(
        select(func.count()).where(
            OutcomeRow.started_on.between(first, last), OutcomeRow.volunteer_id.in_(shared_ids)
        )
    )
    return {
        "milestones_achieved": int(achieved or 0),
        "reviews_held": int(reviews or 0),
        "outcomes_recorded": int(outcomes or 0),
    }


def sheets(
    session: Session, period: ReturnPeriod, conditions: tuple[Any, ...]
) -> tuple[Sheet, ...]:
    """``conditions`` select the sharing volunteers (on the joined volunteer table)."""
    first, last = period.start, period.end
    milestones = session.execute(
        select(
            VolunteerRow.code,
            PlanMilestoneRow.pathway,
            PlanMilestoneRow.title,
            PlanMilestoneRow.achieved_on,
        )
        .join(VolunteerRow, VolunteerRow.id == PlanMilestoneRow.volunteer_id)
        .where(PlanMilestoneRow.achieved_on.between(first, last), *conditions)
        .order_by(PlanMilestoneRow.achieved_on, VolunteerRow.code)
    )
    reviews = session.execute(
        select(
            VolunteerRow.code,
            ReviewRow.held_on,
            ReviewRow.confidence,
            ReviewRow.english,
            ReviewRow.belonging,
            ReviewRow.career_clarity,
        )
        .join(VolunteerRow, VolunteerRow.id == ReviewRow.volunteer_id)
        .where(ReviewRow.held_on.between(first, last), *conditions)
        .order_by(ReviewRow.held_on, VolunteerRow.code)
    )
    outcomes = session.execute(
        select(
            VolunteerRow.code,
            OutcomeRow.kind,
            OutcomeRow.started_on,
            OutcomeRow.nhs,
            OutcomeRow.role,
            OutcomeRow.band,
            OutcomeRow.hours_per_week,
            OutcomeRow.reason,
        )
        .join(VolunteerRow, VolunteerRow.id == OutcomeRow.volunteer_id)
        .where(OutcomeRow.started_on.between(first, last), *conditions)
        .order_by(OutcomeRow.started_on, VolunteerRow.code)
    )
    return (
        Sheet(
            "Milestones",
            "Career milestones reached in the period.",
            (
                CODE,
                Column("Pathway", "text", "The career pathway the milestone belongs to."),
                Column("Milestone", "text", "The step reached."),
                Column("Achieved", "date", "The day it was reached."),
            ),
            [(c, pathways.title_of(p), t, a) for c, p, t, a in milestones],
        ),
        Sheet(
            "Reviews",
            "Review meetings held in the period, with the volunteer's self-ratings (1-5; "
            "empty when not asked). Notes stay with the trust.",
            (
                CODE,
                Column("Date", "date", "The day of the review."),
                *[Column(s.label, "int", s.question) for s in SCALES.values()],
            ),
            [(code, on, *ratings) for code, on, *ratings in reviews],
        ),
        Sheet(
            "Outcomes",
            "What volunteers went on to, begun in the period (no employer names).",
            (
                CODE,
                Column("Outcome", "text", "Paid job, apprenticeship, training, study, …"),
                Column("Start", "date", "The day it began."),
                Column("NHS", "text", "yes for a job in the NHS."),
                Column("Role", "text", "The job's role, for paid work."),
                Column("Band", "text", "NHS Agenda for Change band, if any."),
                Column("Hours a week", "hours", "Contracted hours, for paid work."),
                Column("Reason left", "text", "For someone who left the programme."),
            ),
            [
                (
                    code,
                    KINDS.get(kind, kind),
                    on,
                    "yes" if nhs else "no",
                    role,
                    band,
                    hours,
                    reason,
                )
                for code, kind, on, nhs, role, band, hours, reason in outcomes
            ],
        ),
    )
