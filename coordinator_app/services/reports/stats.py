"""Counts for `coordinator stats` and the dashboard (grows as record kinds are added)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coordinator_app.data.models import (
    ActivityAttendanceRow,
    ActivityRow,
    AuditEntryRow,
    CoordinatorRow,
    ExpenseRow,
    OutcomeRow,
    PlanMilestoneRow,
    ReviewRow,
    ShiftRow,
    VolunteerRow,
)
from coordinator_app.data.vault import Vault
from coordinator_app.domain.outcomes import KINDS
from coordinator_app.domain.shifts import OUTCOMES
from coordinator_app.domain.volunteers import STATES
from coordinator_app.services.support.plans import STATES as MILESTONE_STATES


def vault_stats(vault: Vault) -> dict[str, Any]:
    with vault.unit_of_work() as session:
        counted = session.execute(
            select(VolunteerRow.state, func.count())
            .where(VolunteerRow.archived.is_(False))
            .group_by(VolunteerRow.state)
        )
        by_state: dict[str, int] = {str(state): int(n) for state, n in counted}
        shifts: dict[str, int] = {
            str(outcome): int(n)
            for outcome, n in session.execute(
                select(ShiftRow.outcome, func.count()).group_by(ShiftRow.outcome)
            )
        }
        service = session.scalar(select(func.coalesce(func.sum(ShiftRow.service_minutes), 0)))
        training = session.scalar(
            select(func.coalesce(func.sum(ActivityRow.minutes), 0))
            .join(ActivityAttendanceRow, ActivityAttendanceRow.activity_id == ActivityRow.id)
            .where(ActivityAttendanceRow.attended.is_(True))
        )
        expenses = session.execute(
            select(func.count(), func.coalesce(func.sum(ExpenseRow.amount_pence), 0))
        ).one()
        return {
            "coordinators": session.scalar(select(func.count()).select_from(CoordinatorRow)),
            "shifts": {outcome: shifts.get(outcome, 0) for outcome in OUTCOMES},
            "hours": {
                "service": round(int(service or 0) / 60, 2),
                "training": round(int(training or 0) / 60, 2),
            },
            "expenses": {"claims": int(expenses[0]), "pence": int(expenses[1])},
            "volunteers": {
                "total": sum(by_state.values()),
                "by_state": {state: by_state.get(state, 0) for state in STATES},
            },
            "milestones": _counted(session, PlanMilestoneRow.status, MILESTONE_STATES),
            "reviews": {
                "total": session.scalar(select(func.count()).select_from(ReviewRow)),
                "volunteers": session.scalar(
                    select(func.count(func.distinct(ReviewRow.volunteer_id)))
                ),
            },
            "outcomes": _counted(session, OutcomeRow.kind, KINDS),
            "audit_entries": session.scalar(select(func.count()).select_from(AuditEntryRow)),
        }


def _counted(session: Session, column: Any, keys: Iterable[str]) -> dict[str, int]:
    """Counts by each key (zero where none), and the total."""
    found = {
        str(k): int(n) for k, n in session.execute(select(column, func.count()).group_by(column))
    }
    counts = {key: found.get(key, 0) for key in keys}
    return {**counts, "total": sum(found.values())}
