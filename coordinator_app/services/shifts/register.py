"""The weekly register: everyone's shifts in a week, and a day's planned shifts marked
attended in one go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, true

from coordinator_app.data import audit
from coordinator_app.data.models import MonthApprovalRow, ShiftRow, VolunteerRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.shifts import month_of
from coordinator_app.services.guards import refuse_if_locked


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
                    ShiftRow.shift_date.between(monday, sunday),
                    true() if placement_id is None else ShiftRow.placement_id == placement_id,
                )
                .order_by(VolunteerRow.sort_name, ShiftRow.shift_date, ShiftRow.start_time)
            )
            .all()
        )
    day_of = {monday + timedelta(days=d): d for d in range(7)}
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
                select(ShiftRow).where(ShiftRow.shift_date == day, ShiftRow.outcome == "planned")
            )
        )
        now = audit.utc_now_text(session)
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
