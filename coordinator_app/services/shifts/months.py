"""Monthly approval: a coordinator approves an ended month, which locks its shifts and
expenses until unlocked with a reason. One unit of work per call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select, update

from coordinator_app.data import audit
from coordinator_app.data.models import MonthApprovalRow, ShiftRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.shifts import month_of, months_before


def approve_month(vault: Vault, month: str, today: date) -> None:
    if month >= month_of(today):
        raise InvalidInput("Only a month that has ended can be approved.", "")
    with vault.unit_of_work() as session:
        row = session.get(MonthApprovalRow, month)
        if row is not None and row.locked:
            return
        session.merge(
            MonthApprovalRow(
                month=month,
                locked=True,
                approved_at=audit.utc_now_text(session),
                approved_by=vault.actor,
            )
        )
        # Its hours not approved one by one before are approved today with it.
        session.execute(
            update(ShiftRow)
            .where(
                ShiftRow.month == month,
                ShiftRow.service_minutes > 0,
                ShiftRow.approved_on.is_(None),
            )
            .values(approved_on=today)
        )
        audit.record(
            session, vault.actor, "month_approved", {"month": month, "on": today.isoformat()}
        )


def unlock_month(vault: Vault, month: str, reason: str) -> None:
    reason = reason.strip()
    if len(reason) < 5:
        raise InvalidInput(
            "Unlocking approved hours needs a reason.", "Say why they must change, in a sentence."
        )
    with vault.unit_of_work() as session:
        row = session.get(MonthApprovalRow, month)
        if row is None or not row.locked:
            raise InvalidInput(f"{month} is not locked.", "")
        row.locked = False
        audit.record(session, vault.actor, "month_unlocked", {"month": month, "reason": reason})


def is_locked(vault: Vault, month: str) -> bool:
    with vault.unit_of_work() as session:
        row = session.get(MonthApprovalRow, month)
        return bool(row and row.locked)


@dataclass(frozen=True)
class MonthState:
    month: str
    service_minutes: int
    locked: bool
    unapproved_minutes: int = 0  # worked up to today, not approved yet
    ended: bool = True  # only an ended month can be locked


def recent_months(vault: Vault, today: date, count: int = 12) -> list[MonthState]:
    """The current month and the last ``count`` ended ones, newest first, with their hours,
    those not approved yet, and their lock state."""
    months = [month_of(today), *months_before(today, count)]
    with vault.unit_of_work() as session:
        summed = session.execute(
            select(
                ShiftRow.month,
                func.sum(ShiftRow.service_minutes),
                func.sum(
                    case(
                        (
                            ShiftRow.approved_on.is_(None) & (ShiftRow.shift_date <= today),
                            ShiftRow.service_minutes,
                        ),
                        else_=0,
                    )
                ),
            )
            .where(ShiftRow.month.in_(months))
            .group_by(ShiftRow.month)
        )
        minutes, waiting = {}, {}
        for month, total, unapproved in summed:
            minutes[str(month)], waiting[str(month)] = int(total or 0), int(unapproved or 0)
        locked = set(
            session.scalars(
                select(MonthApprovalRow.month).where(
                    MonthApprovalRow.month.in_(months), MonthApprovalRow.locked.is_(True)
                )
            )
        )
    return [
        MonthState(
            m,
            minutes.get(m, 0),
            m in locked,
            0 if m in locked else waiting.get(m, 0),
            m != months[0],
        )
        for m in months
    ]
