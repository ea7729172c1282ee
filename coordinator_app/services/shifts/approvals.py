"""Approving hours shift by shift: a month (the current one included), an ISO week, or one
volunteer (all their hours not yet approved, or those of a month). Only hours worked up to
today are approved; each approval is one unit of work with one audit entry dated today.
Approving an ended month also locks it (``months.approve_month``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from coordinator_app.data import audit
from coordinator_app.data.models import MonthApprovalRow, ShiftRow, VolunteerRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.shifts import week_start


@dataclass(frozen=True)
class Scope:
    """Which hours to approve: any of a month (YYYY-MM), the week starting ``week`` (a
    Monday) and a volunteer; what is not given is not limited."""

    month: str | None = None
    week: date | None = None
    volunteer_id: int | None = None


@dataclass(frozen=True)
class Pending:
    """Hours worked and not approved yet, for one volunteer in one week of one month."""

    volunteer_id: int
    volunteer: str  # code and name, as the register shows them
    month: str
    week: date  # its Monday
    shifts: int
    minutes: int


@dataclass(frozen=True)
class Approved:
    shifts: int
    minutes: int
    volunteers: int


def _unapproved(today: date) -> list[ColumnElement[bool]]:
    locked = select(MonthApprovalRow.month).where(MonthApprovalRow.locked.is_(True))
    return [
        ShiftRow.service_minutes > 0,
        ShiftRow.approved_on.is_(None),
        ShiftRow.shift_date <= today,
        ShiftRow.month.not_in(locked),
    ]


def _within(scope: Scope) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if scope.month is not None:
        found.append(ShiftRow.month == scope.month)
    if scope.week is not None:
        monday = week_start(scope.week)
        found.append(ShiftRow.shift_date.between(monday, monday + timedelta(days=6)))
    if scope.volunteer_id is not None:
        found.append(ShiftRow.volunteer_id == scope.volunteer_id)
    return found


def pending(vault: Vault, today: date) -> list[Pending]:
    """Every volunteer's unapproved hours, by month and week, oldest first."""
    with vault.unit_of_work() as session:
        rows = session.execute(
            select(
                ShiftRow.volunteer_id,
                VolunteerRow.code,
                VolunteerRow.given_names,
                VolunteerRow.family_name,
                ShiftRow.month,
                ShiftRow.shift_date,
                ShiftRow.service_minutes,
            )
            .join(VolunteerRow, VolunteerRow.id == ShiftRow.volunteer_id)
            .where(*_unapproved(today))
            .order_by(ShiftRow.shift_date)
        ).all()
    grouped: dict[tuple[int, str, date], list[int]] = {}
    names: dict[int, str] = {}
    for volunteer_id, code, given, family, month, on, minutes in rows:
        names[volunteer_id] = f"{code} {given} {family}".strip()
        grouped.setdefault((volunteer_id, month, week_start(on)), []).append(minutes)
    return [
        Pending(v, names[v], month, monday, len(found), sum(found))
        for (v, month, monday), found in grouped.items()
    ]


def unapproved_months_in(session: Session, months: list[str], today: date) -> list[str]:
    """Those of ``months`` holding hours worked and not approved yet."""
    found = set(
        session.scalars(
            select(ShiftRow.month).where(*_unapproved(today), ShiftRow.month.in_(months)).distinct()
        )
    )
    return [m for m in months if m in found]


def approve_hours(vault: Vault, scope: Scope, today: date) -> Approved:
    """Approves the hours in ``scope`` worked up to today and not approved yet."""
    with vault.unit_of_work() as session:
        return approve_in(session, vault.actor, scope, today)


def approve_in(session: Session, actor: str, scope: Scope, today: date) -> Approved:
    where = [*_unapproved(today), *_within(scope)]
    shifts, minutes, volunteers = session.execute(
        select(
            func.count(ShiftRow.id),
            func.coalesce(func.sum(ShiftRow.service_minutes), 0),
            func.count(ShiftRow.volunteer_id.distinct()),
        ).where(*where)
    ).one()
    if not shifts:
        raise InvalidInput(
            "There are no hours to approve there: they are approved already or none were worked.",
            "Choose another month, week or volunteer.",
        )
    session.execute(update(ShiftRow).where(*where).values(approved_on=today))
    detail: dict[str, object] = {"on": today.isoformat(), "shifts": shifts, "minutes": minutes}
    if scope.month is not None:
        detail["month"] = scope.month
    if scope.week is not None:
        detail["week"] = week_start(scope.week).isoformat()
    if scope.volunteer_id is not None:
        detail["volunteer"] = scope.volunteer_id
    audit.record(session, actor, "hours_approved", detail)
    return Approved(int(shifts), int(minutes), int(volunteers))
