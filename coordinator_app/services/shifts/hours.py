"""A volunteer's hours: service minutes by month and placement, and the hours statement
written for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from coordinator_app.data import audit
from coordinator_app.data.models import MonthApprovalRow, PlacementRow, ShiftRow, TrustRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.shifts import month_of
from coordinator_app.services.guards import current_volunteer
from coordinator_app.services.shifts.activities import training_by_month

if TYPE_CHECKING:
    from coordinator_app.export.hours_statement import HoursStatement


@dataclass(frozen=True)
class MonthHours:
    month: str
    placement: str
    service_minutes: int


def hours_by_month(
    vault: Vault, volunteer_id: int, first_month: str, last_month: str
) -> list[MonthHours]:
    """Service minutes per month and placement, summed in SQL over the (volunteer, month)
    index."""
    with vault.unit_of_work() as session:
        rows = session.execute(
            select(ShiftRow.month, PlacementRow.name, func.sum(ShiftRow.service_minutes))
            .join(PlacementRow, PlacementRow.id == ShiftRow.placement_id)
            .where(
                ShiftRow.volunteer_id == volunteer_id,
                ShiftRow.month >= first_month,
                ShiftRow.month <= last_month,
                ShiftRow.service_minutes > 0,
            )
            .group_by(ShiftRow.month, PlacementRow.name)
            .order_by(ShiftRow.month, PlacementRow.name)
        )
        return [MonthHours(str(m), str(p), int(n)) for m, p, n in rows]


def hours_statement(vault: Vault, volunteer_id: int, path: Path, today: date) -> HoursStatement:
    """Write the volunteer's hours statement PDF (named: it is theirs) and return its figures."""
    # reportlab loads only when a statement is written, not with the Shifts screen.
    from coordinator_app.export.hours_statement import (
        HoursStatement,
        StatementLine,
        write_hours_statement,
    )

    with vault.unit_of_work() as session:
        volunteer = current_volunteer(session, volunteer_id)
        name = f"{volunteer.given_names} {volunteer.family_name}".strip()
        code = volunteer.code
        trust = session.scalars(select(TrustRow)).first()
        locked = set(
            session.scalars(select(MonthApprovalRow.month).where(MonthApprovalRow.locked.is_(True)))
        )
    lines = tuple(
        StatementLine(h.month, h.placement, h.service_minutes, h.month in locked)
        for h in hours_by_month(vault, volunteer_id, "0000-01", month_of(today))
    )
    statement = HoursStatement(
        volunteer_name=name,
        volunteer_code=code,
        trust_name=trust.full_name if trust else "",
        coordinator_name=vault.actor,
        lines=lines,
        training_minutes=sum(
            t.minutes for t in training_by_month(vault, volunteer_id, "0000-01", month_of(today))
        ),
        issued_on=today,
    )
    write_hours_statement(path, statement)
    with vault.unit_of_work() as session:
        audit.record(session, vault.actor, "hours_statement_written", {"code": code})
    return statement
