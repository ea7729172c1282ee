"""Counts for `coordinator stats` and the dashboard (grows as record kinds are added)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from coordinator_app.data.models import AuditEntryRow, CoordinatorRow, VolunteerRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.volunteers import STATES


def vault_stats(vault: Vault) -> dict[str, Any]:
    with vault.unit_of_work() as session:
        counted = session.execute(
            select(VolunteerRow.state, func.count())
            .where(VolunteerRow.archived.is_(False))
            .group_by(VolunteerRow.state)
        )
        by_state: dict[str, int] = {str(state): int(n) for state, n in counted}
        return {
            "coordinators": session.scalar(select(func.count()).select_from(CoordinatorRow)),
            "volunteers": {
                "total": sum(by_state.values()),
                "by_state": {state: by_state.get(state, 0) for state in STATES},
            },
            "audit_entries": session.scalar(select(func.count()).select_from(AuditEntryRow)),
        }
