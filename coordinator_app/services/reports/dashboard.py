"""The programme dashboard for a period: the volunteer pipeline, hours by month, milestones
by pathway, outcomes, distance travelled and barriers. Counts only: nobody is named, so the
dashboard (and the progress report built on it) hold no personal data."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from coordinator_app.data.models import (
    ActivityAttendanceRow,
    ActivityRow,
    OutcomeRow,
    PlanMilestoneRow,
    ReviewRow,
    ShiftMonthTotalRow,
    VolunteerRow,
)
from coordinator_app.data.vault import Vault
from coordinator_app.domain import choices, pathways
from coordinator_app.domain.dashboard import (
    PIPELINE,
    Counted,
    Dashboard,
    Distance,
    counted,
    distances,
)
from coordinator_app.domain.outcomes import KINDS, LEFT
from coordinator_app.domain.periods import ReturnPeriod
from coordinator_app.domain.reviews import DatedRatings, ReviewRatings, distance_travelled
from coordinator_app.domain.shifts import month_of
from coordinator_app.services.returns import return_content


def build_dashboard(vault: Vault, period: ReturnPeriod) -> Dashboard:
    with vault.unit_of_work() as session:
        return dashboard_in(session, period)


def dashboard_in(session: Session, period: ReturnPeriod) -> Dashboard:
    first, last = period.start, period.end
    return Dashboard(
        period=period,
        active_volunteers=_active(session, first, last),
        pipeline=_pipeline(session),
        months=return_content.month_hours_all(session, period),
        milestones_by_pathway=counted(
            (pathways.title_of(str(key)), int(n))
            for key, n in session.execute(
                select(PlanMilestoneRow.pathway, func.count())
                .where(PlanMilestoneRow.achieved_on.between(first, last))
                .group_by(PlanMilestoneRow.pathway)
            )
        ),
        outcomes=counted(
            (KINDS.get(str(kind), str(kind)), int(n))
            for kind, n in session.execute(
                select(OutcomeRow.kind, func.count())
                .where(OutcomeRow.started_on.between(first, last), OutcomeRow.kind != LEFT)
                .group_by(OutcomeRow.kind)
            )
        ),
        distance=_distance(session, last),
        barriers=counted(
            (choices.barrier_label(key), n)
            for key, n in Counter(
                key
                for (raw,) in session.execute(
                    select(VolunteerRow.barriers_json).where(
                        VolunteerRow.archived.is_(False), VolunteerRow.state != "left"
                    )
                )
                for key in json.loads(raw or "[]")
            ).items()
        ),
    )


def _active(session: Session, first: date, last: date) -> int:
    """Volunteers who attended a shift or a session in the period (the return's measure)."""
    # The monthly totals (kept by triggers) say who attended in each month; periods are whole
    # months, and nobody attends a shift before its day.
    on_shifts = select(ShiftMonthTotalRow.volunteer_id).where(
        ShiftMonthTotalRow.month.between(month_of(first), month_of(last)),
        ShiftMonthTotalRow.attended > 0,
    )
    at_sessions = (
        select(ActivityAttendanceRow.volunteer_id)
        .join(ActivityRow, ActivityRow.id == ActivityAttendanceRow.activity_id)
        .where(ActivityRow.held_on.between(first, last), ActivityAttendanceRow.attended.is_(True))
    )
    both = union(on_shifts, at_sessions).subquery()
    return int(session.scalar(select(func.count()).select_from(both)) or 0)


def _pipeline(session: Session) -> tuple[Counted, ...]:
    states = {
        str(state): int(n)
        for state, n in session.execute(
            select(VolunteerRow.state, func.count())
            .where(VolunteerRow.archived.is_(False))
            .group_by(VolunteerRow.state)
        )
    }
    states["active"] = states.get("active", 0) + states.get("paused", 0)
    states["outcome"] = int(
        session.scalar(
            select(func.count(func.distinct(OutcomeRow.volunteer_id))).where(
                OutcomeRow.kind != LEFT
            )
        )
        or 0
    )
    return tuple(Counted(label, states.get(key, 0)) for key, label in PIPELINE)


def _distance(session: Session, last: date) -> tuple[Distance, ...]:
    reviews: dict[int, list[DatedRatings]] = {}
    for volunteer_id, held_on, *ratings in session.execute(
        select(
            ReviewRow.volunteer_id,
            ReviewRow.held_on,
            ReviewRow.confidence,
            ReviewRow.english,
            ReviewRow.belonging,
            ReviewRow.career_clarity,
        ).where(ReviewRow.held_on <= last)
    ):
        reviews.setdefault(int(volunteer_id), []).append(
            DatedRatings(held_on, ReviewRatings(*ratings))
        )
    return distances([distance_travelled(dated) for dated in reviews.values() if len(dated) > 1])
