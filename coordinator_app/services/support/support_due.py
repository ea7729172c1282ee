"""What the Today view lists from support plans: milestones due or overdue, reviews due,
outcome follow-ups due, and evidence (an English test result, say) about to expire before
the step that needs it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coordinator_app.data.models import (
    OutcomeFollowUpRow,
    OutcomeRow,
    PlanMilestoneRow,
    ReviewRow,
    VolunteerRow,
)
from coordinator_app.data.vault import Vault
from coordinator_app.domain.outcomes import follow_ups_due
from coordinator_app.domain.pathways import plan_warnings
from coordinator_app.domain.reviews import next_review_due, review_due_soon
from coordinator_app.services.support.plans import steps_of

WITHIN_DAYS = 14


@dataclass(frozen=True)
class DueLine:
    volunteer_id: int
    volunteer: str  # name and code: the Today view is the coordinator's own screen
    what: str
    due_on: date | None


@dataclass(frozen=True)
class SupportDue:
    milestones: tuple[DueLine, ...]
    reviews: tuple[DueLine, ...]
    follow_ups: tuple[DueLine, ...]
    evidence: tuple[DueLine, ...]


def support_due(vault: Vault, today: date) -> SupportDue:
    horizon = today + timedelta(days=WITHIN_DAYS)
    with vault.unit_of_work() as session:
        people = {
            int(i): (f"{g} {f}".strip() + f" ({c})", s, j)
            for i, g, f, c, s, j in session.execute(
                select(
                    VolunteerRow.id,
                    VolunteerRow.given_names,
                    VolunteerRow.family_name,
                    VolunteerRow.code,
                    VolunteerRow.state,
                    VolunteerRow.joined_on,
                ).where(VolunteerRow.archived.is_(False))
            )
        }
        due_rows = session.scalars(
            select(PlanMilestoneRow)
            .where(
                PlanMilestoneRow.achieved_on.is_(None),
                PlanMilestoneRow.status != "dropped",
                PlanMilestoneRow.target_on <= horizon,
            )
            .order_by(PlanMilestoneRow.target_on)
        )
        milestones = tuple(
            DueLine(r.volunteer_id, people[r.volunteer_id][0], r.title, r.target_on)
            for r in due_rows
            if r.volunteer_id in people
        )
        evidence = _expiring(session, people, today)
        last_review = {
            int(volunteer_id): held_on
            for volunteer_id, held_on in session.execute(
                select(ReviewRow.volunteer_id, func.max(ReviewRow.held_on)).group_by(
                    ReviewRow.volunteer_id
                )
            )
        }
        follow = _follow_ups(session, people, today)
    reviews = []
    for volunteer_id, (name, state, joined) in people.items():
        if state not in ("active", "paused"):
            continue
        due = next_review_due(last_review.get(volunteer_id), joined, today)
        if review_due_soon(due, today, WITHIN_DAYS):
            reviews.append(DueLine(volunteer_id, name, "Review meeting", due))
    return SupportDue(
        milestones=milestones,
        reviews=tuple(sorted(reviews, key=lambda d: d.due_on or today)),
        follow_ups=follow,
        evidence=evidence,
    )


People = dict[int, tuple[str, str, date | None]]  # id -> (name and code, state, joined)


def _expiring(session: Session, people: People, today: date) -> tuple[DueLine, ...]:
    """Plans with a result that expires (or has) before the step needing it."""
    holders = select(PlanMilestoneRow.volunteer_id).where(
        PlanMilestoneRow.valid_months.is_not(None), PlanMilestoneRow.achieved_on.is_not(None)
    )
    rows = list(
        session.scalars(
            select(PlanMilestoneRow)
            .where(PlanMilestoneRow.volunteer_id.in_(holders))
            .order_by(PlanMilestoneRow.volunteer_id, PlanMilestoneRow.position)
        )
    )
    by_person: dict[int, list[PlanMilestoneRow]] = {}
    for row in rows:
        by_person.setdefault(row.volunteer_id, []).append(row)
    found = []
    for volunteer_id, own in by_person.items():
        if volunteer_id not in people:
            continue
        for warning in plan_warnings(list(steps_of(own).values()), today):
            if warning.kind == "expiry":
                found.append(DueLine(volunteer_id, people[volunteer_id][0], warning.sentence, None))
    return tuple(found)


def _follow_ups(session: Session, people: People, today: date) -> tuple[DueLine, ...]:
    outcomes = list(session.scalars(select(OutcomeRow).order_by(OutcomeRow.started_on)))
    done: dict[int, set[int]] = {}
    for outcome_id, months in session.execute(
        select(OutcomeFollowUpRow.outcome_id, OutcomeFollowUpRow.months)
    ):
        done.setdefault(int(outcome_id), set()).add(int(months))
    lines = []
    for row in outcomes:
        if row.volunteer_id not in people:
            continue
        for due in follow_ups_due(row.started_on, done.get(row.id, set()), today):
            what = f"{due.months}-month follow-up ({row.role or row.course or row.kind})"
            lines.append(DueLine(row.volunteer_id, people[row.volunteer_id][0], what, due.due_on))
    return tuple(sorted(lines, key=lambda d: d.due_on or today))
