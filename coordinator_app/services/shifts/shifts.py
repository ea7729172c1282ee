"""Shift booking (clash warnings, readiness override) and outcomes. One unit of work per
call; approval is in months, hours in hours, the weekly register in register."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from coordinator_app.data import audit
from coordinator_app.data import volunteers as volunteer_store
from coordinator_app.data.models import (
    MonthApprovalRow,
    PlacementRow,
    ShiftRow,
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
    service_minutes,
    weekly_dates,
)
from coordinator_app.services.guards import current_volunteer, refuse_if_locked


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
        now = audit.utc_now_text(session)
        rows = []
        for t in times:
            row = ShiftRow(
                volunteer_id=volunteer_id,
                placement_id=placement_id,
                shift_date=t.on,
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
        if not_ready:  # that it happened; the reason (often about a check) stays on the shift
            detail["readiness_override"] = True
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
# OR FAIL: a constraint that fails raises at once (the unit of work then rolls back), so
# the save needs no statement journal (migration 0013).
_OUTCOME_WRITE = (
    update(ShiftRow)
    .prefix_with("OR FAIL")
    .where(ShiftRow.id == bindparam("shift_id"))
    .values(
        outcome=bindparam("outcome"),
        cancelled_by=bindparam("cancelled_by"),
        actual_minutes=bindparam("actual_minutes"),
        service_minutes=bindparam("service_minutes"),
        updated_at=bindparam("updated_at"),
        approved_on=None,  # changed hours are approved again
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
                "updated_at": audit.utc_now_text(session),
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
        time=ShiftTime(on, time.fromisoformat(start), time.fromisoformat(end)),
        planned_minutes=planned,
        outcome=outcome,
        cancelled_by=cancelled_by if outcome == "cancelled" else "",
        actual_minutes=actual,
        service_minutes=counted,
        override_reason=reason,
    )


# --- helpers -------------------------------------------------------------------------------
def _booked(session: Session, volunteer_id: int, day: date) -> list[Booked]:
    # A night shift the day before can run into this one: look a day either side.
    rows = session.scalars(
        select(ShiftRow).where(
            ShiftRow.volunteer_id == volunteer_id,
            ShiftRow.shift_date.between(day - timedelta(days=1), day + timedelta(days=1)),
        )
    )
    return [Booked(r.id, _time(r), r.outcome) for r in rows]


def _time(row: ShiftRow) -> ShiftTime:
    return ShiftTime(
        row.shift_date,
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
