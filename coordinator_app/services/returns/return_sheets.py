"""A return's per-volunteer sheets: one row per volunteer, hour, shift or session, under
pseudonym codes only, for volunteers who agreed to sharing (barriers are in
``return_learning``). The big ones are generators that stream rows while the caller's
session is open."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coordinator_app.data.models import (
    ActivityAttendanceRow,
    ActivityRow,
    PlacementRow,
    ShiftRow,
    VolunteerRow,
)
from coordinator_app.domain import immigration, onboarding
from coordinator_app.domain.activities import KINDS as ACTIVITY_KINDS
from coordinator_app.domain.periods import ReturnPeriod
from coordinator_app.domain.shifts import OUTCOME_LABELS
from coordinator_app.export.return_workbook import Column, Sheet, Value
from coordinator_app.services.returns.return_consent import Consent, is_shared

CODE = Column("Code", "text", "The volunteer's pseudonym code: the same person every period.")
STREAM = 2_000  # rows fetched at a time from the big tables


def _stream(session: Session, query: Any) -> Iterator[Any]:
    # Core rows (no ORM layer) in batches: the big sheets read tens of thousands of rows.
    yield from session.connection().execute(query.execution_options(yield_per=STREAM))


def volunteers_sheet(session: Session, period: ReturnPeriod, consent: Consent) -> Sheet:
    columns = (
        CODE,
        Column("State", "text", "enquiry, onboarding, active, paused or left (at export)."),
        Column("Status group", "text", "Broad immigration status group (no documents)."),
        Column("Role", "text", "The volunteer role they are onboarded for."),
        Column("Profession", "text", "Profession before coming to the UK, as a group."),
        Column("English", "text", "English level as recorded by the coordinator."),
        Column("Joined", "date", "The day they started volunteering, if they have."),
        Column("New this period", "text", "yes if they joined in this period."),
    )
    query = (
        select(
            VolunteerRow.code,
            VolunteerRow.state,
            VolunteerRow.status,
            VolunteerRow.role,
            VolunteerRow.profession,
            VolunteerRow.english_level,
            VolunteerRow.joined_on,
        )
        .where(is_shared(VolunteerRow.id, consent))
        .order_by(VolunteerRow.code)
    )

    def rows() -> Iterator[tuple[Value, ...]]:
        for code, state, status, role, profession, english, joined in _stream(session, query):
            found = onboarding.role(role)
            is_new = joined is not None and period.start <= joined <= period.end
            yield (
                code,
                state,
                immigration.status_label(status),
                found.label if found else "",
                profession,
                english,
                joined,
                "yes" if is_new else "no",
            )

    return Sheet("Volunteers", "One row per volunteer in this return.", columns, rows())


def hours_sheet(
    session: Session,
    consent: Consent,
    approved: set[str],
    minutes: dict[tuple[int, str], list[int]],
) -> Sheet:
    columns = (
        CODE,
        Column("Month", "text", "YYYY-MM."),
        Column("Service hours", "hours", "Volunteering on wards and departments."),
        Column("Training hours", "hours", "Workshops, classes and sessions attended."),
        Column("Approved", "text", "yes once the coordinator approved and locked the month."),
    )
    codes = {
        int(i): str(c)
        for i, c in session.execute(
            select(VolunteerRow.id, VolunteerRow.code).where(is_shared(VolunteerRow.id, consent))
        )
    }
    rows = sorted(
        (
            codes[v],
            month,
            round(s / 60, 2),
            round(t / 60, 2),
            "yes" if month in approved else "no",
        )
        for (v, month), (s, t) in minutes.items()
    )
    return Sheet(
        "Hours", "Hours per volunteer and month, service and training apart.", columns, rows
    )


def shifts_sheet(session: Session, period: ReturnPeriod, consent: Consent) -> Sheet:
    columns = (
        CODE,
        Column("Date", "date", "The day the shift started."),
        Column("Placement", "text", "Ward or department."),
        Column("Start", "text", "Wall-clock time, UK."),
        Column("End", "text", "Wall-clock time, UK (may be the next day)."),
        Column("Outcome", "text", "Planned, Attended, Late, No-show or Cancelled."),
        Column("Cancelled by", "text", "volunteer, ward or coordinator, when cancelled."),
        Column("Service hours", "hours", "Hours that count: attended or late shifts only."),
    )
    query = (
        select(
            VolunteerRow.code,
            ShiftRow.shift_date,
            PlacementRow.name,
            ShiftRow.start_time,
            ShiftRow.end_time,
            ShiftRow.outcome,
            ShiftRow.cancelled_by,
            ShiftRow.service_minutes,
        )
        .join(VolunteerRow, VolunteerRow.id == ShiftRow.volunteer_id)
        .join(PlacementRow, PlacementRow.id == ShiftRow.placement_id)
        .where(
            ShiftRow.shift_date.between(period.start, period.end),
            *consent.conditions,  # on the joined volunteer: the date index, in its order
        )
        .order_by(ShiftRow.shift_date, ShiftRow.id)
    )

    def rows() -> Iterator[tuple[Value, ...]]:
        for code, on, place, start, end, outcome, by, minutes in _stream(session, query):
            label = OUTCOME_LABELS.get(outcome, outcome)
            yield code, on, place, start, end, label, by, round(minutes / 60, 2)

    return Sheet("Shifts", "One row per shift in the period.", columns, rows())


def activities_sheet(session: Session, period: ReturnPeriod) -> Sheet:
    columns = (
        Column("Date", "date", "The day of the session."),
        Column("Kind", "text", "CV workshop, interview practice, English class…"),
        Column("Title", "text", "The session's title."),
        Column("Hours", "hours", "Length of the session."),
        Column("Invited", "int", "Volunteers on its register (all, with or without consent)."),
        Column("Attended", "int", "Volunteers who attended."),
    )
    invited = func.count(ActivityAttendanceRow.volunteer_id)
    came = func.count().filter(ActivityAttendanceRow.attended.is_(True))
    query = (
        select(
            ActivityRow.held_on,
            ActivityRow.kind,
            ActivityRow.title,
            ActivityRow.minutes,
            invited,
            came,
        )
        .outerjoin(ActivityAttendanceRow, ActivityAttendanceRow.activity_id == ActivityRow.id)
        .where(ActivityRow.held_on.between(period.start, period.end))
        .group_by(ActivityRow.id)
        .order_by(ActivityRow.held_on, ActivityRow.start_time)
    )
    rows = [
        (
            on,
            ACTIVITY_KINDS.get(kind, kind),
            title,
            round(m / 60, 2),
            int(n),
            int(a),
        )
        for on, kind, title, m, n, a in session.execute(query)
    ]
    return Sheet("Activities", "Workshops and sessions held in the period.", columns, rows)


def attendance_sheet(session: Session, period: ReturnPeriod, consent: Consent) -> Sheet:
    columns = (
        CODE,
        Column("Date", "date", "The day of the session."),
        Column("Kind", "text", "The kind of session."),
        Column("Training hours", "hours", "Hours counted as training."),
    )
    query = (
        select(VolunteerRow.code, ActivityRow.held_on, ActivityRow.kind, ActivityRow.minutes)
        .join(ActivityAttendanceRow, ActivityAttendanceRow.activity_id == ActivityRow.id)
        .join(VolunteerRow, VolunteerRow.id == ActivityAttendanceRow.volunteer_id)
        .where(
            ActivityRow.held_on.between(period.start, period.end),
            ActivityAttendanceRow.attended.is_(True),
            is_shared(ActivityAttendanceRow.volunteer_id, consent),
        )
        .order_by(ActivityRow.held_on, VolunteerRow.code)
    )

    def rows() -> Iterator[tuple[Value, ...]]:
        for code, on, kind, minutes in _stream(session, query):
            yield (
                code,
                on,
                ACTIVITY_KINDS.get(kind, kind),
                round(minutes / 60, 2),
            )

    return Sheet("Attendance", "Who attended which session, by code.", columns, rows())
