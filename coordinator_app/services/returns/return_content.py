"""What a return holds, gathered from the vault for one period: pseudonym codes only, and
only volunteers who agreed to their data being shared (the others are counted, not shown).
No names, contact details, dates of birth, addresses, document numbers or free notes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from coordinator_app.data.models import (
    ActivityAttendanceRow,
    ActivityRow,
    ExpenseRow,
    MonthApprovalRow,
    PlacementRow,
    ShiftMonthTotalRow,
    ShiftRow,
    TrustRow,
    VolunteerRow,
)
from coordinator_app.domain import choices, immigration, onboarding
from coordinator_app.domain.activities import KINDS as ACTIVITY_KINDS
from coordinator_app.domain.periods import ReturnPeriod
from coordinator_app.domain.return_figures import FIGURES, MonthHours
from coordinator_app.domain.shifts import OUTCOME_LABELS
from coordinator_app.export.return_workbook import (
    Column,
    Figure,
    ReturnContent,
    Sheet,
    Value,
)
from coordinator_app.services.returns import return_support

CODE = Column("Code", "text", "The volunteer's pseudonym code: the same person every period.")
STREAM = 2_000  # rows fetched at a time from the big tables


@dataclass(frozen=True)
class Consent:
    shared: frozenset[int]
    missing: int
    withdrawn: int
    conditions: tuple[ColumnElement[bool], ...]  # the same people, as SQL on volunteer
    shared_ids: Select[Any]  # and as a subquery (no huge IN lists)


def gather(session: Session, period: ReturnPeriod, created_at: datetime) -> ReturnContent:
    """The return's content; its big sheets are generators that read while ``session`` is
    open, so the workbook streams them."""
    trust = session.scalars(select(TrustRow)).one()
    consent = consent_in(session, period)
    unapproved = unapproved_months(session, period)
    approved = set(period.months()) - set(unapproved)
    counted = tally(session, period, consent)
    minutes = counted.minutes
    notes = [
        "Volunteers appear under stable pseudonym codes; only the trust can link a code to a "
        "person. Volunteers without sharing consent are counted in the Summary, not listed.",
        "Hours are decimal hours; the Summary's minutes are exact.",
    ]
    if unapproved:
        notes.append(f"Not yet approved, so hours may still change: {', '.join(unapproved)}.")
    return ReturnContent(
        trust_code=trust.code,
        trust_name=trust.full_name,
        period_label=period.label,
        period_start=period.start,
        period_end=period.end,
        created_at=created_at,
        figures=figures(session, period, consent, len(unapproved), counted),
        months=_month_hours(period, minutes),
        notes=tuple(notes),
        sheets=(
            _volunteers_sheet(session, period, consent),
            _hours_sheet(session, consent, approved, minutes),
            _shifts_sheet(session, period, consent),
            _activities_sheet(session, period),
            _attendance_sheet(session, period, consent),
            *return_support.sheets(session, period, consent.conditions),
            _barriers_sheet(session, consent),
        ),
    )


@dataclass(frozen=True)
class Tally:
    """One pass over the period's shifts and sessions of the people in the return: what the
    figures, the Hours sheet and the chart all need."""

    shifts_by_outcome: dict[str, int]
    minutes: dict[tuple[int, str], list[int]]  # (volunteer, month) -> [service, training]


def tally(session: Session, period: ReturnPeriod, consent: Consent) -> Tally:
    first, last = period.start.isoformat(), period.end.isoformat()
    # Summed here, not with GROUP BY: SQLite's grouping sort costs four times the scan.
    shifts = (
        select(ShiftRow.volunteer_id, ShiftRow.month, ShiftRow.outcome, ShiftRow.service_minutes)
        .join(VolunteerRow, VolunteerRow.id == ShiftRow.volunteer_id)
        .where(ShiftRow.shift_date.between(first, last), *consent.conditions)
    )
    training = (
        select(ActivityAttendanceRow.volunteer_id, ActivityRow.month, func.sum(ActivityRow.minutes))
        .join(ActivityRow, ActivityRow.id == ActivityAttendanceRow.activity_id)
        .where(
            ActivityRow.held_on.between(first, last),
            ActivityAttendanceRow.attended.is_(True),
            _shared(ActivityAttendanceRow.volunteer_id, consent),
        )
        .group_by(ActivityAttendanceRow.volunteer_id, ActivityRow.month)
    )
    by_outcome: dict[str, int] = {}
    minutes: dict[tuple[int, str], list[int]] = {}
    for volunteer_id, month, outcome, served in session.connection().execute(shifts):
        by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
        if served:
            minutes.setdefault((volunteer_id, month), [0, 0])[0] += served
    for volunteer_id, month, total in session.execute(training):
        minutes.setdefault((int(volunteer_id), str(month)), [0, 0])[1] = int(total)
    return Tally(by_outcome, minutes)


def month_hours_all(session: Session, period: ReturnPeriod) -> tuple[MonthHours, ...]:
    """Service and training minutes by month for everyone (totals for a report: nobody is
    listed, so consent to sharing does not limit them)."""
    first, last = period.start.isoformat(), period.end.isoformat()
    months = period.months()
    # From the monthly totals the shift table's triggers keep: a year is 12 x volunteers
    # rows, not every shift. Whole months: a shift cannot count before it has happened.
    service = {
        str(m): int(n)
        for m, n in session.execute(
            select(ShiftMonthTotalRow.month, func.sum(ShiftMonthTotalRow.service_minutes))
            .where(ShiftMonthTotalRow.month.between(months[0], months[-1]))
            .group_by(ShiftMonthTotalRow.month)
        )
    }
    training = {
        str(m): int(n)
        for m, n in session.execute(
            select(ActivityRow.month, func.sum(ActivityRow.minutes))
            .join(ActivityAttendanceRow, ActivityAttendanceRow.activity_id == ActivityRow.id)
            .where(
                ActivityRow.held_on.between(first, last), ActivityAttendanceRow.attended.is_(True)
            )
            .group_by(ActivityRow.month)
        )
    }
    return tuple(MonthHours(m, service.get(m, 0), training.get(m, 0)) for m in months)


def _month_hours(
    period: ReturnPeriod, minutes: dict[tuple[int, str], list[int]]
) -> tuple[MonthHours, ...]:
    totals = {m: [0, 0] for m in period.months()}
    for (_volunteer, month), (service, training) in minutes.items():
        totals[month][0] += service
        totals[month][1] += training
    return tuple(MonthHours(m, s, t) for m, (s, t) in totals.items())


def unapproved_months(session: Session, period: ReturnPeriod) -> list[str]:
    approved = set(
        session.scalars(
            select(MonthApprovalRow.month).where(
                MonthApprovalRow.locked.is_(True), MonthApprovalRow.month.in_(period.months())
            )
        )
    )
    return [m for m in period.months() if m not in approved]


def consent_in(session: Session, period: ReturnPeriod) -> Consent:
    """The caseload for the period, split by consent to sharing."""
    caseload = (
        VolunteerRow.archived.is_(False),
        # Everyone on the caseload, except people who only started after the period
        # (records entered late still count for the period they describe).
        or_(VolunteerRow.joined_on.is_(None), VolunteerRow.joined_on <= period.end.isoformat()),
    )
    rows = session.execute(
        select(
            VolunteerRow.id,
            VolunteerRow.consent_sharing_on,
            VolunteerRow.consent_sharing_withdrawn_on,
        ).where(*caseload)
    )
    shared, missing, withdrawn = set(), 0, 0
    for volunteer_id, given, taken_back in rows:
        if taken_back:
            withdrawn += 1
        elif given:
            shared.add(int(volunteer_id))
        else:
            missing += 1
    conditions = (
        *caseload,
        VolunteerRow.consent_sharing_on.is_not(None),
        VolunteerRow.consent_sharing_withdrawn_on.is_(None),
    )
    shared_ids = select(VolunteerRow.id).where(*conditions)
    return Consent(frozenset(shared), missing, withdrawn, conditions, shared_ids)


def figures(
    session: Session,
    period: ReturnPeriod,
    consent: Consent,
    unapproved: int,
    counted: Tally | None = None,
) -> tuple[Figure, ...]:
    first, last = period.start.isoformat(), period.end.isoformat()
    counted = counted or tally(session, period, consent)
    outcomes = counted.shifts_by_outcome
    active = len({volunteer for volunteer, _month in counted.minutes})
    new = session.scalar(
        select(func.count()).where(
            VolunteerRow.joined_on.between(first, last), _shared(VolunteerRow.id, consent)
        )
    )
    held = session.scalar(
        select(func.count())
        .select_from(ActivityRow)
        .where(ActivityRow.held_on.between(first, last))
    )
    claims = session.execute(
        select(func.count(), func.coalesce(func.sum(ExpenseRow.amount_pence), 0)).where(
            ExpenseRow.claimed_on.between(first, last), _shared(ExpenseRow.volunteer_id, consent)
        )
    ).one()
    values: dict[str, int | None] = {
        "volunteers_included": len(consent.shared),
        "volunteers_active": active,
        "volunteers_new": new,
        "volunteers_excluded_no_consent": consent.missing,
        "volunteers_excluded_withdrawn": consent.withdrawn,
        "shifts_attended": outcomes.get("attended", 0) + outcomes.get("late", 0),
        "shifts_no_show": outcomes.get("no_show", 0),
        "shifts_cancelled": outcomes.get("cancelled", 0),
        "service_minutes": sum(service for service, _ in counted.minutes.values()),
        "training_minutes": sum(training for _, training in counted.minutes.values()),
        "activities_held": held,
        **return_support.counts(session, period, consent.shared_ids),
        "expense_claims": claims[0],
        "expense_pence": claims[1],
        "months_unapproved": unapproved,
    }
    return tuple(Figure(f.key, f.label, int(values[f.key] or 0), f.unit) for f in FIGURES)


def _shared(column: InstrumentedAttribute[int], consent: Consent) -> ColumnElement[bool]:
    return column.in_(consent.shared_ids)


def _stream(session: Session, query: Any) -> Iterator[Any]:
    # Core rows (no ORM layer) in batches: the big sheets read tens of thousands of rows.
    yield from session.connection().execute(query.execution_options(yield_per=STREAM))


def _volunteers_sheet(session: Session, period: ReturnPeriod, consent: Consent) -> Sheet:
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
        .where(_shared(VolunteerRow.id, consent))
        .order_by(VolunteerRow.code)
    )

    def rows() -> Iterator[tuple[Value, ...]]:
        for code, state, status, role, profession, english, joined in _stream(session, query):
            found = onboarding.role(role)
            started = date.fromisoformat(joined) if joined else None
            is_new = started is not None and period.start <= started <= period.end
            yield (
                code,
                state,
                immigration.status_label(status),
                found.label if found else "",
                profession,
                english,
                started,
                "yes" if is_new else "no",
            )

    return Sheet("Volunteers", "One row per volunteer in this return.", columns, rows())


def _hours_sheet(
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
            select(VolunteerRow.id, VolunteerRow.code).where(_shared(VolunteerRow.id, consent))
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


def _shifts_sheet(session: Session, period: ReturnPeriod, consent: Consent) -> Sheet:
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
            ShiftRow.shift_date.between(period.start.isoformat(), period.end.isoformat()),
            *consent.conditions,  # on the joined volunteer: the date index, in its order
        )
        .order_by(ShiftRow.shift_date, ShiftRow.id)
    )

    def rows() -> Iterator[tuple[Value, ...]]:
        for code, on, place, start, end, outcome, by, minutes in _stream(session, query):
            label = OUTCOME_LABELS.get(outcome, outcome)
            yield code, date.fromisoformat(on), place, start, end, label, by, round(minutes / 60, 2)

    return Sheet("Shifts", "One row per shift in the period.", columns, rows())


def _activities_sheet(session: Session, period: ReturnPeriod) -> Sheet:
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
        .where(ActivityRow.held_on.between(period.start.isoformat(), period.end.isoformat()))
        .group_by(ActivityRow.id)
        .order_by(ActivityRow.held_on, ActivityRow.start_time)
    )
    rows = [
        (
            date.fromisoformat(on),
            ACTIVITY_KINDS.get(kind, kind),
            title,
            round(m / 60, 2),
            int(n),
            int(a),
        )
        for on, kind, title, m, n, a in session.execute(query)
    ]
    return Sheet("Activities", "Workshops and sessions held in the period.", columns, rows)


def _attendance_sheet(session: Session, period: ReturnPeriod, consent: Consent) -> Sheet:
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
            ActivityRow.held_on.between(period.start.isoformat(), period.end.isoformat()),
            ActivityAttendanceRow.attended.is_(True),
            _shared(ActivityAttendanceRow.volunteer_id, consent),
        )
        .order_by(ActivityRow.held_on, VolunteerRow.code)
    )

    def rows() -> Iterator[tuple[Value, ...]]:
        for code, on, kind, minutes in _stream(session, query):
            yield (
                code,
                date.fromisoformat(on),
                ACTIVITY_KINDS.get(kind, kind),
                round(minutes / 60, 2),
            )

    return Sheet("Attendance", "Who attended which session, by code.", columns, rows())


def _barriers_sheet(session: Session, consent: Consent) -> Sheet:
    columns = (CODE, Column("Barrier", "text", "A barrier to work the volunteer named."))
    query = (
        select(VolunteerRow.code, VolunteerRow.barriers_json)
        .where(_shared(VolunteerRow.id, consent))
        .order_by(VolunteerRow.code)
    )
    rows = [
        (code, choices.barrier_label(key))
        for code, raw in session.execute(query)
        for key in json.loads(raw or "[]")
    ]
    return Sheet("Barriers", "Barriers to work, one row each (no free notes).", columns, rows)
