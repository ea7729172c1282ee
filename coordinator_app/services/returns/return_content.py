"""What a return holds, gathered from the vault for one period: pseudonym codes only, and
only volunteers who agreed to their data being shared (the others are counted, not shown).
No names, contact details, dates of birth, addresses, document numbers or free notes (case
notes, what helped with a barrier, follow-up notes stay in the vault)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coordinator_app.data.models import (
    ActivityAttendanceRow,
    ActivityRow,
    ExpenseRow,
    MonthApprovalRow,
    ShiftMonthTotalRow,
    ShiftRow,
    TrustRow,
    VolunteerRow,
)
from coordinator_app.domain.periods import ReturnPeriod
from coordinator_app.domain.return_figures import FIGURES, MonthHours
from coordinator_app.export.return_workbook import Figure, ReturnContent
from coordinator_app.services.returns import return_learning, return_sheets, return_support
from coordinator_app.services.returns.return_consent import Consent, consent_in, is_shared


def gather(session: Session, period: ReturnPeriod, created_at: datetime) -> ReturnContent:
    """The return's content; its big sheets are generators that read while ``session`` is
    open, so the workbook streams them."""
    trust = session.scalars(select(TrustRow)).one()
    consent = consent_in(session, period)
    unapproved = unapproved_months(session, period)
    approved = set(period.months()) - set(unapproved)
    counted = tally(session, period, consent)
    learned = return_learning.gather(session, period, consent)
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
        figures=figures(session, period, consent, len(unapproved), counted, learned),
        months=_month_hours(period, minutes),
        barriers=learned.barrier_counts(),
        notes=tuple(notes),
        sheets=(
            return_sheets.volunteers_sheet(session, period, consent),
            return_sheets.hours_sheet(session, consent, approved, minutes),
            return_sheets.shifts_sheet(session, period, consent),
            return_sheets.activities_sheet(session, period),
            return_sheets.attendance_sheet(session, period, consent),
            *return_support.sheets(session, period, consent.conditions),
            return_learning.barriers_sheet(learned),
            return_learning.journeys_sheet(learned),
            return_learning.follow_ups_sheet(learned),
            *return_learning.trust_sheets(learned),
        ),
    )


@dataclass(frozen=True)
class Tally:
    """One pass over the period's shifts and sessions of the people in the return: what the
    figures, the Hours sheet and the chart all need."""

    shifts_by_outcome: dict[str, int]
    minutes: dict[tuple[int, str], list[int]]  # (volunteer, month) -> [service, training]


def tally(session: Session, period: ReturnPeriod, consent: Consent) -> Tally:
    first, last = period.start, period.end
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
            is_shared(ActivityAttendanceRow.volunteer_id, consent),
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
    first, last = period.start, period.end
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
    """The period's months holding hours not approved yet: neither approved (by month, week
    or volunteer) nor in a month approved and locked. A month without hours has none."""
    locked = select(MonthApprovalRow.month).where(MonthApprovalRow.locked.is_(True))
    waiting = set(
        session.scalars(
            select(ShiftRow.month)
            .where(
                ShiftRow.month.in_(period.months()),
                ShiftRow.service_minutes > 0,
                ShiftRow.approved_on.is_(None),
                ShiftRow.month.not_in(locked),
            )
            .distinct()
        )
    )
    return [m for m in period.months() if m in waiting]


def figures(
    session: Session,
    period: ReturnPeriod,
    consent: Consent,
    unapproved: int,
    counted: Tally | None = None,
    learned: return_learning.Learning | None = None,
) -> tuple[Figure, ...]:
    first, last = period.start, period.end
    counted = counted or tally(session, period, consent)
    learned = learned or return_learning.gather(session, period, consent)
    outcomes = counted.shifts_by_outcome
    active = len({volunteer for volunteer, _month in counted.minutes})
    new = session.scalar(
        select(func.count()).where(
            VolunteerRow.joined_on.between(first, last), is_shared(VolunteerRow.id, consent)
        )
    )
    held = session.scalar(
        select(func.count())
        .select_from(ActivityRow)
        .where(ActivityRow.held_on.between(first, last))
    )
    claims = session.execute(
        select(func.count(), func.coalesce(func.sum(ExpenseRow.amount_pence), 0)).where(
            ExpenseRow.claimed_on.between(first, last), is_shared(ExpenseRow.volunteer_id, consent)
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
        **learned.figures(),
        "expense_claims": claims[0],
        "expense_pence": claims[1],
        "months_unapproved": unapproved,
    }
    return tuple(Figure(f.key, f.label, int(values[f.key] or 0), f.unit) for f in FIGURES)
