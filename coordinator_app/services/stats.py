"""Counts for `coordinator stats` and the dashboard (grows as record kinds are added)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from coordinator_app.data.models import AuditEntryRow, CoordinatorRow
from coordinator_app.data.vault import Vault


def vault_stats(vault: Vault) -> dict[str, Any]:
    with vault.unit_of_work() as session:
        return {
            "coordinators": session.scalar(select(func.count()).select_from(CoordinatorRow)),
            "audit_entries": session.scalar(select(func.count()).select_from(AuditEntryRow)),
        }
