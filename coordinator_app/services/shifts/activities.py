"""Activities (workshops, classes, sessions) and their attendance registers. Attended time
is training: counted apart from service hours, per volunteer and month."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import delete, func, select

from coordinator_app.data import audit
from coordinator_app.data.models import ActivityAttendanceRow, ActivityRow, VolunteerRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.activities import (
    KINDS,
    ActivityDetails,
    check_activity,
    may_mark_attendance,
)
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.shifts import ShiftTime, month_of
from coordinator_app.services.guards import current_volunteer, refuse_if_locked


@dataclass(frozen=True)
class Activity:
    id: int
    kind: str
    title: str
    time: ShiftTime
    minutes: int
    facilitator: str
    note: str
    invited: int
    attended: int

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class RegisterLine:
    volunteer_id: int
    name: str
    code: str
    attended: bool


@dataclass(frozen=True)
class TrainingMonth:
    month: str
    minutes: int


def add_activity(vault: Vault, details: ActivityDetails, today: date) -> Activity:
    details = check_activity(details, today)
    with vault.unit_of_work() as session:
        row = ActivityRow(
            kind=details.kind,
            title=details.title,
            held_on=details.time.on,
            month=month_of(details.time.on),
            start_time=f"{details.time.start:%H:%M}",
            end_time=f"{details.time.end:%H:%M}",
            minutes=details.time.minutes(),
            facilitator=details.facilitator,
            note=details.note,
            created_at=audit.utc_now_text(session),
        )
        session.add(row)
        session.flush()
        audit.record(session, vault.actor, "activity_added", {"activity": row.id})
        return _activity(row, 0, 0)


def set_register(
    vault: Vault,
    activity_id: int,
    invited: Iterable[int],
    attended: Iterable[int],
    today: date,
) -> None:
    """The whole register at once: who was invited and who attended (attended implies
    invited). Changing a locked month's register is refused like its shifts."""
    attended_ids, invited_ids = set(attended), set(invited)
    with vault.unit_of_work() as session:
        row = session.get(ActivityRow, activity_id)
        if row is None:
            raise InvalidInput("That activity is no longer there.", "Refresh and try again.")
        refuse_if_locked(session, row.month)
        if attended_ids:
            may_mark_attendance(row.held_on, today)
        for volunteer_id in attended_ids | invited_ids:
            current_volunteer(session, volunteer_id)
        session.execute(
            delete(ActivityAttendanceRow).where(ActivityAttendanceRow.activity_id == activity_id)
        )
        session.add_all(
            ActivityAttendanceRow(
                activity_id=activity_id, volunteer_id=v, attended=v in attended_ids
            )
            for v in sorted(attended_ids | invited_ids)
        )
        audit.record(
            session,
            vault.actor,
            "activity_register_saved",
            {"activity": activity_id, "attended": len(attended_ids)},
        )


def register(vault: Vault, activity_id: int) -> list[RegisterLine]:
    with vault.unit_of_work() as session:
        rows = session.execute(
            select(
                VolunteerRow.id,
                VolunteerRow.given_names,
                VolunteerRow.family_name,
                VolunteerRow.code,
                ActivityAttendanceRow.attended,
            )
            .join(ActivityAttendanceRow, ActivityAttendanceRow.volunteer_id == VolunteerRow.id)
            .where(ActivityAttendanceRow.activity_id == activity_id)
            .order_by(VolunteerRow.sort_name)
        )
        return [RegisterLine(int(i), f"{g} {f}".strip(), str(c), bool(a)) for i, g, f, c, a in rows]


def activities_between(vault: Vault, first: date, last: date) -> list[Activity]:
    with vault.unit_of_work() as session:
        invited = func.count(ActivityAttendanceRow.volunteer_id)
        came = func.count().filter(ActivityAttendanceRow.attended.is_(True))
        rows = session.execute(
            select(ActivityRow, invited, came)
            .outerjoin(ActivityAttendanceRow, ActivityAttendanceRow.activity_id == ActivityRow.id)
            .where(ActivityRow.held_on.between(first, last))
            .group_by(ActivityRow.id)
            .order_by(ActivityRow.held_on, ActivityRow.start_time)
        )
        return [_activity(row, int(n), int(a)) for row, n, a in rows]


def training_by_month(
    vault: Vault, volunteer_id: int, first_month: str, last_month: str
) -> list[TrainingMonth]:
    with vault.unit_of_work() as session:
        rows = session.execute(
            select(ActivityRow.month, func.sum(ActivityRow.minutes))
            .join(ActivityAttendanceRow, ActivityAttendanceRow.activity_id == ActivityRow.id)
            .where(
                ActivityAttendanceRow.volunteer_id == volunteer_id,
                ActivityAttendanceRow.attended.is_(True),
                ActivityRow.month.between(first_month, last_month),
            )
            .group_by(ActivityRow.month)
            .order_by(ActivityRow.month)
        )
        return [TrainingMonth(str(m), int(n)) for m, n in rows]


def _activity(row: ActivityRow, invited: int, attended: int) -> Activity:
    return Activity(
        id=row.id,
        kind=row.kind,
        title=row.title,
        time=ShiftTime(
            row.held_on,
            time.fromisoformat(row.start_time),
            time.fromisoformat(row.end_time),
        ),
        minutes=row.minutes,
        facilitator=row.facilitator,
        note=row.note,
        invited=invited,
        attended=attended,
    )
