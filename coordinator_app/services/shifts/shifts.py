"""Placements, shift booking (clash warnings, readiness override), outcomes, monthly
approval with locking, hours and expenses. One unit of work per call."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, func, select, true, update
from sqlalchemy.orm import Session

from coordinator_app.data import audit
from coordinator_app.data import volunteers as volunteer_store
from coordinator_app.data.models import (
    MonthApprovalRow,
    PlacementRow,
    ShiftRow,
    TrustRow,
    VolunteerRow,
)
from coordinator_app.data.vault import Vault
from coordinator_app.domain import onboarding
from coordinator_app.domain.errors import InvalidInput, UserFacingError
from coordinator_app.domain.shifts import (
    CANCELLED_BY,
    OUTCOMES,
    Booked,
    ShiftTime,
    check_shift,
    clashes,
    month_of,
    months_before,
    service_minutes,
    weekly_dates,
)
from coordinator_app.services.guards import current_volunteer, refuse_if_locked
from coordinator_app.services.shifts.activities import training_by_month

if TYPE_CHECKING:
    from coordinator_app.export.hours_statement import HoursStatement


@dataclass(frozen=True)
class ShiftRecord:
    id: int
    volunteer_id: int
    volunteer_code: str
    placement: str
    time: ShiftTime
    planned_minutes: int
    outcome: str
    cancelled_by: str
    actual_minutes: int | None
    service_minutes: int
    override_reason: str


@dataclass(frozen=True)
class MonthHours:
    month: str
    placement: str
    service_minutes: int


class ShiftWarnings(UserFacingError):
    """Booking would clash; the screen shows the warnings and books only when confirmed."""

    def __init__(self, warnings: Sequence[str]) -> None:
        super().__init__(" ".join(warnings), "Book anyway only if that is really meant.")
        self.warnings = tuple(warnings)


class NeedsOverride(UserFacingError):
    """The volunteer is not ready for this placement on that day; booking needs a reason."""


# --- shifts --------------------------------------------------------------------------------
def book(
    vault: Vault,
    volunteer_id: int,
    placement_id: int,
    shift: ShiftTime,
    today: date,
    *,
    weeks: int = 1,
    confirm_warnings: bool = False,
    override_reason: str = "",
) -> list[ShiftRecord]:
    """Book a shift, or a weekly series of ``weeks`` shifts, all or none."""
    check_shift(shift)
    times = [ShiftTime(day, shift.start, shift.end) for day in weekly_dates(shift.on, weeks)]
    override_reason = override_reason.strip()
    with vault.unit_of_work() as session:
        volunteer = current_volunteer(session, volunteer_id)
        placement = session.get(PlacementRow, placement_id)
        if placement is None or placement.archived:
            raise InvalidInput("That placement is no longer available.", "Choose another.")
        details = volunteer_store.read_details(volunteer)
        checks = volunteer_store.read_checks(volunteer)
        warnings: list[str] = []
        not_ready: list[str] = []
        for t in times:
            refuse_if_locked(session, month_of(t.on))
            warnings += clashes(t, _booked(session, volunteer_id, t.on), details.reporting_days)
            gate = onboarding.readiness(placement.role or details.role, checks, t.on)
            if not gate.ready:
                not_ready.append(f"{t.on:%d/%m/%Y}: {gate.reason}")
        if warnings and not confirm_warnings:
            raise ShiftWarnings(warnings)
        if not_ready and not override_reason:
            raise NeedsOverride(
                not_ready[0]
                if len(not_ready) == 1
                else f"{not_ready[0]} (and {len(not_ready) - 1} more)",
                "Book only once the checks are done, or give the reason for booking now.",
            )
        series = str(uuid.uuid4()) if len(times) > 1 else None
        now = audit.utc_now_text()
        rows = []
        for t in times:
            row = ShiftRow(
                volunteer_id=volunteer_id,
                placement_id=placement_id,
                shift_date=t.on.isoformat(),
                month=month_of(t.on),
                start_time=f"{t.start:%H:%M}",
                end_time=f"{t.end:%H:%M}",
                planned_minutes=t.minutes(),
                outcome="planned",
                cancelled_by="",
                actual_minutes=None,
                service_minutes=0,
                series_id=series,
                override_reason=override_reason if not_ready else "",
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            rows.append(row)
        session.flush()
        detail: dict[str, object] = {"code": volunteer.code, "shifts": [r.id for r in rows]}
        if not_ready:
            detail["readiness_override"] = override_reason
        audit.record(session, vault.actor, "shifts_booked", detail)
        return [_record(session, r) for r in rows]


# Built once: marking shifts is the hot path, and building a statement costs more than
# running it. Values arrive as parameters.
_OUTCOME_READ = (
    select(
        ShiftRow.month,
        ShiftRow.planned_minutes,
        ShiftRow.volunteer_id,
        ShiftRow.shift_date,
        ShiftRow.start_time,
        ShiftRow.end_time,
        ShiftRow.override_reason,
        VolunteerRow.code,
        PlacementRow.name,
        MonthApprovalRow.locked,
    )
    .join(VolunteerRow, VolunteerRow.id == ShiftRow.volunteer_id)
    .join(PlacementRow, PlacementRow.id == ShiftRow.placement_id)
    .outerjoin(MonthApprovalRow, MonthApprovalRow.month == ShiftRow.month)
    .where(ShiftRow.id == bindparam("shift_id"))
)
_OUTCOME_WRITE = (
    update(ShiftRow)
    .where(ShiftRow.id == bindparam("shift_id"))
    .values(
        outcome=bindparam("outcome"),
        cancelled_by=bindparam("cancelled_by"),
        actual_minutes=bindparam("actual_minutes"),
        service_minutes=bindparam("service_minutes"),
        updated_at=bindparam("updated_at"),
    )
)


def record_outcome(
    vault: Vault,
    shift_id: int,
    outcome: str,
    *,
    actual_minutes: int | None = None,
    cancelled_by: str = "",
) -> ShiftRecord:
    if outcome not in OUTCOMES:
        raise InvalidInput("Choose what happened from the list.", "")
    if outcome == "cancelled" and cancelled_by not in CANCELLED_BY:
        raise InvalidInput("Say who cancelled: the volunteer, the ward or you.", "")
    # One narrow read and one UPDATE, on the connection (the ORM's statement handling cost
    # more than the SQL): marking shifts is the hot path.
    with vault.unit_of_work() as session:
        connection = session.connection()
        found = connection.execute(_OUTCOME_READ, {"shift_id": shift_id}).first()
        if found is None:
            raise InvalidInput("That shift is no longer in Coordinator.", "Refresh and try again.")
        month, planned, volunteer_id, on, start, end, reason, code, place, locked = found
        if locked:
            refuse_if_locked(session, month)
        if actual_minutes is not None and not 0 < actual_minutes <= 2 * planned:
            raise InvalidInput(
                "Hours worked must be more than none and at most twice the planned hours.",
                "Check the hours, or book another shift for extra time.",
            )
        actual = actual_minutes if outcome in ("attended", "late") else None
        counted = service_minutes(outcome, planned, actual)
        connection.execute(
            _OUTCOME_WRITE,
            {
                "shift_id": shift_id,
                "outcome": outcome,
                "cancelled_by": cancelled_by if outcome == "cancelled" else "",
                "actual_minutes": actual,
                "service_minutes": counted,
                "updated_at": audit.utc_now_text(),
            },
        )
        audit.record(
            session,
            vault.actor,
            "shift_outcome",
            {"shift": shift_id, "outcome": outcome, "minutes": counted},
        )
    return ShiftRecord(
        id=shift_id,
        volunteer_id=volunteer_id,
        volunteer_code=code,
        placement=place,
        time=ShiftTime(date.fromisoformat(on), time.fromisoformat(start), time.fromisoformat(end)),
        planned_minutes=planned,
        outcome=outcome,
        cancelled_by=cancelled_by if outcome == "cancelled" else "",
        actual_minutes=actual,
        service_minutes=counted,
        override_reason=reason,
    )


# --- approval and locking ------------------------------------------------------------------
def approve_month(vault: Vault, month: str, today: date) -> None:
    if month >= month_of(today):
        raise InvalidInput("Only a month that has ended can be approved.", "")
    with vault.unit_of_work() as session:
        row = session.get(MonthApprovalRow, month)
        if row is not None and row.locked:
            return
        session.merge(
            MonthApprovalRow(
                month=month, locked=True, approved_at=audit.utc_now_text(), approved_by=vault.actor
            )
        )
        audit.record(session, vault.actor, "month_approved", {"month": month})


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


# --- hours and expenses --------------------------------------------------------------------
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


# --- helpers -------------------------------------------------------------------------------
def _booked(session: Session, volunteer_id: int, day: date) -> list[Booked]:
    # A night shift the day before can run into this one: look a day either side.
    rows = session.scalars(
        select(ShiftRow).where(
            ShiftRow.volunteer_id == volunteer_id,
            ShiftRow.shift_date.between(
                (day - timedelta(days=1)).isoformat(), (day + timedelta(days=1)).isoformat()
            ),
        )
    )
    return [Booked(r.id, _time(r), r.outcome) for r in rows]


def _time(row: ShiftRow) -> ShiftTime:
    return ShiftTime(
        date.fromisoformat(row.shift_date),
        time.fromisoformat(row.start_time),
        time.fromisoformat(row.end_time),
    )


def _record(session: Session, row: ShiftRow) -> ShiftRecord:
    # Two narrow lookups, not two whole rows: saving a shift is the hot path on a ward.
    code = session.scalar(select(VolunteerRow.code).where(VolunteerRow.id == row.volunteer_id))
    place = session.scalar(select(PlacementRow.name).where(PlacementRow.id == row.placement_id))
    return ShiftRecord(
        id=row.id,
        volunteer_id=row.volunteer_id,
        volunteer_code=code or "",
        placement=place or "",
        time=_time(row),
        planned_minutes=row.planned_minutes,
        outcome=row.outcome,
        cancelled_by=row.cancelled_by,
        actual_minutes=row.actual_minutes,
        service_minutes=row.service_minutes,
        override_reason=row.override_reason,
    )


# --- weekly register -----------------------------------------------------------------------
@dataclass(frozen=True)
class RegisterCell:
    shift_id: int
    start: str
    end: str
    outcome: str
    service_minutes: int
    locked: bool


@dataclass(frozen=True)
class RegisterRow:
    volunteer_id: int
    code: str
    name: str
    days: tuple[tuple[RegisterCell, ...], ...]  # Monday..Sunday

    @property
    def total_minutes(self) -> int:
        return sum(c.service_minutes for day in self.days for c in day)


def week_register(vault: Vault, monday: date, placement_id: int | None = None) -> list[RegisterRow]:
    """Everyone with a shift in the week starting ``monday`` (at one placement, if given):
    one query over the date index."""
    sunday = monday + timedelta(days=6)
    with vault.unit_of_work() as session:
        locked = set(
            session.scalars(select(MonthApprovalRow.month).where(MonthApprovalRow.locked.is_(True)))
        )
        # Core rows, not ORM rows: a large trust's week is over ten thousand shifts.
        rows = (
            session.connection()
            .execute(
                select(
                    ShiftRow.volunteer_id,
                    ShiftRow.shift_date,
                    ShiftRow.id,
                    ShiftRow.start_time,
                    ShiftRow.end_time,
                    ShiftRow.outcome,
                    ShiftRow.service_minutes,
                    ShiftRow.month,
                    VolunteerRow.code,
                    VolunteerRow.given_names,
                    VolunteerRow.family_name,
                )
                .join(VolunteerRow, VolunteerRow.id == ShiftRow.volunteer_id)
                .where(
                    ShiftRow.shift_date.between(monday.isoformat(), sunday.isoformat()),
                    true() if placement_id is None else ShiftRow.placement_id == placement_id,
                )
                .order_by(VolunteerRow.sort_name, ShiftRow.shift_date, ShiftRow.start_time)
            )
            .all()
        )
    day_of = {(monday + timedelta(days=d)).isoformat(): d for d in range(7)}
    people: dict[int, tuple[str, str, tuple[list[RegisterCell], ...]]] = {}
    for (
        volunteer_id,
        on,
        shift_id,
        start,
        end,
        outcome,
        minutes,
        month,
        code,
        given,
        family,
    ) in rows:
        entry = people.get(volunteer_id)
        if entry is None:
            entry = people[volunteer_id] = (
                code,
                f"{given} {family}".strip(),
                ([], [], [], [], [], [], []),
            )
        entry[2][day_of[on]].append(
            RegisterCell(shift_id, start, end, outcome, minutes, month in locked)
        )
    return [
        RegisterRow(vid, code, name, tuple(map(tuple, days)))
        for vid, (code, name, days) in people.items()
    ]


def mark_day_attended(vault: Vault, day: date, today: date) -> int:
    """Every still-planned shift of ``day`` marked attended as planned; returns how many."""
    if day > today:
        raise InvalidInput("That day has not happened yet.", "Mark attendance on the day or after.")
    with vault.unit_of_work() as session:
        refuse_if_locked(session, month_of(day))
        rows = list(
            session.scalars(
                select(ShiftRow).where(
                    ShiftRow.shift_date == day.isoformat(), ShiftRow.outcome == "planned"
                )
            )
        )
        now = audit.utc_now_text()
        for row in rows:
            row.outcome = "attended"
            row.service_minutes = row.planned_minutes
            row.updated_at = now
        audit.record(
            session,
            vault.actor,
            "day_marked_attended",
            {"day": day.isoformat(), "shifts": len(rows)},
        )
        return len(rows)


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


@dataclass(frozen=True)
class MonthState:
    month: str
    service_minutes: int
    locked: bool


def recent_months(vault: Vault, today: date, count: int = 12) -> list[MonthState]:
    """The last ``count`` ended months, newest first, with their hours and lock state."""
    months = months_before(today, count)
    with vault.unit_of_work() as session:
        summed = session.execute(
            select(ShiftRow.month, func.sum(ShiftRow.service_minutes))
            .where(ShiftRow.month.in_(months))
            .group_by(ShiftRow.month)
        )
        minutes = {str(month): int(total or 0) for month, total in summed}
        locked = set(
            session.scalars(
                select(MonthApprovalRow.month).where(
                    MonthApprovalRow.month.in_(months), MonthApprovalRow.locked.is_(True)
                )
            )
        )
    return [MonthState(m, int(minutes.get(m) or 0), m in locked) for m in months]
