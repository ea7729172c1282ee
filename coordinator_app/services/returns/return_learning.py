"""What the pilot learns from a return (content version 2): each sharing volunteer's
barriers with the months identified and resolved, referral source, days from enquiry to
the first shift and the first milestone, and outcome follow-ups with their results; then
the same per trust, counted. Free text (what helped, follow-up notes, case notes) never
appears: only listed choices, months, days and counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from statistics import median_low

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from coordinator_app.data.models import (
    BarrierRow,
    OutcomeFollowUpRow,
    OutcomeRow,
    PlanMilestoneRow,
    ShiftMonthTotalRow,
    ShiftRow,
    VolunteerRow,
)
from coordinator_app.domain import choices
from coordinator_app.domain.outcomes import FOLLOW_UP_MONTHS, FOLLOW_UP_RESULTS, KINDS
from coordinator_app.domain.periods import ReturnPeriod
from coordinator_app.domain.return_figures import BarrierCount
from coordinator_app.domain.shifts import COUNTS_AS_SERVICE
from coordinator_app.export.return_workbook import Column, Sheet, Value
from coordinator_app.services.returns.return_consent import Consent

CODE = Column("Code", "text", "The volunteer's pseudonym code: the same person every period.")
NOT_RECORDED = "Not recorded"
OTHER = "Other"  # a referral source typed rather than chosen from the list


@dataclass(frozen=True)
class Journey:
    code: str
    referral: str
    enquiry: date
    first_shift: date | None  # by the period's end
    first_milestone: date | None

    def days_to(self, on: date | None) -> int | None:
        return None if on is None else (on - self.enquiry).days


@dataclass(frozen=True)
class Learning:
    barriers: list[tuple[str, str, date, date | None]]  # code, key, identified, resolved
    journeys: list[Journey]
    follow_ups: list[tuple[str, str, date, int, date, str, str]]
    period: ReturnPeriod

    def figures(self) -> dict[str, int]:
        start, end = self.period.start, self.period.end
        results = Counter(f[5] for f in self.follow_ups)
        return {
            "volunteers_first_shift": sum(
                1 for j in self.journeys if j.first_shift and j.first_shift >= start
            ),
            "barriers_identified": sum(1 for b in self.barriers if b[2] >= start),
            "barriers_resolved": sum(1 for b in self.barriers if _in(b[3], start, end)),
            "barriers_open": sum(1 for b in self.barriers if b[3] is None),
            "follow_ups_done": len(self.follow_ups),
            "follow_ups_in_post": results["in_post"],
            "follow_ups_in_study": results["in_study"],
            "follow_ups_left": results["left"],
        }

    def barrier_counts(self) -> tuple[BarrierCount, ...]:
        """Every listed barrier (and any other key found), in the list's order."""
        start, end = self.period.start, self.period.end
        keys = [b.key for b in choices.barriers()]
        keys += sorted({b[1] for b in self.barriers} - set(keys))
        return tuple(
            BarrierCount(
                choices.barrier_label(key),
                sum(1 for b in self.barriers if b[1] == key and b[2] >= start),
                sum(1 for b in self.barriers if b[1] == key and _in(b[3], start, end)),
                sum(1 for b in self.barriers if b[1] == key and b[3] is None),
            )
            for key in keys
        )


def _in(on: date | None, start: date, end: date) -> bool:
    return on is not None and start <= on <= end


def _month(on: date | None) -> str:
    return "" if on is None else f"{on:%Y-%m}"


def gather(session: Session, period: ReturnPeriod, consent: Consent) -> Learning:
    end = period.end
    barriers = [
        # A resolution after the period's end is not known to the period: still open.
        (code, key, found, resolved if resolved is not None and resolved <= end else None)
        for code, key, found, resolved in session.execute(
            select(
                VolunteerRow.code,
                BarrierRow.key,
                BarrierRow.identified_on,
                BarrierRow.resolved_on,
            )
            .join(VolunteerRow, VolunteerRow.id == BarrierRow.volunteer_id)
            .where(BarrierRow.identified_on <= end, *consent.conditions)
            .order_by(VolunteerRow.code, BarrierRow.identified_on, BarrierRow.id)
        )
    ]
    follow_ups = [
        (code, KINDS.get(kind, kind), begun, months, done, result, reason)
        for code, kind, begun, months, done, result, reason in session.execute(
            select(
                VolunteerRow.code,
                OutcomeRow.kind,
                OutcomeRow.started_on,
                OutcomeFollowUpRow.months,
                OutcomeFollowUpRow.done_on,
                OutcomeFollowUpRow.result,
                OutcomeFollowUpRow.reason,
            )
            .join(OutcomeRow, OutcomeRow.id == OutcomeFollowUpRow.outcome_id)
            .join(VolunteerRow, VolunteerRow.id == OutcomeRow.volunteer_id)
            .where(OutcomeFollowUpRow.done_on.between(period.start, end), *consent.conditions)
            .order_by(OutcomeFollowUpRow.done_on, VolunteerRow.code, OutcomeFollowUpRow.months)
        )
    ]
    return Learning(barriers, _journeys(session, period, consent), follow_ups, period)


def _journeys(session: Session, period: ReturnPeriod, consent: Consent) -> list[Journey]:
    end = period.end
    last_month = f"{end:%Y-%m}"
    # The first month with an attended shift comes from the monthly totals (a row per
    # volunteer and month); only that month's shifts are then read for the day.
    first_month = (
        select(
            ShiftMonthTotalRow.volunteer_id.label("volunteer_id"),
            func.min(ShiftMonthTotalRow.month).label("month"),
        )
        .where(ShiftMonthTotalRow.attended > 0, ShiftMonthTotalRow.month <= last_month)
        .group_by(ShiftMonthTotalRow.volunteer_id)
        .subquery()
    )
    first_shift = {
        int(v): on
        for v, on in session.execute(
            select(ShiftRow.volunteer_id, func.min(ShiftRow.shift_date))
            .join(
                first_month,
                and_(
                    first_month.c.volunteer_id == ShiftRow.volunteer_id,
                    first_month.c.month == ShiftRow.month,
                ),
            )
            .where(ShiftRow.outcome.in_(COUNTS_AS_SERVICE))
            .group_by(ShiftRow.volunteer_id)
        )
    }
    first_milestone = {
        int(v): on
        for v, on in session.execute(
            select(PlanMilestoneRow.volunteer_id, func.min(PlanMilestoneRow.achieved_on))
            .where(PlanMilestoneRow.achieved_on <= end)
            .group_by(PlanMilestoneRow.volunteer_id)
        )
    }
    people = session.execute(
        select(
            VolunteerRow.id,
            VolunteerRow.code,
            VolunteerRow.referral_source,
            VolunteerRow.joined_on,
            VolunteerRow.created_at,
        )
        .where(*consent.conditions)
        .order_by(VolunteerRow.code)
    )
    listed = {r.casefold(): r for r in choices.referral_sources()}
    return [
        Journey(
            code,
            # Typed text may name someone: only the list's words leave the laptop.
            listed.get(referral.strip().casefold(), OTHER) if referral.strip() else NOT_RECORDED,
            # The enquiry: the day joined when recorded, else the day the record was made.
            joined or date.fromisoformat(created[:10]),
            first_shift.get(vid),
            first_milestone.get(vid),
        )
        for vid, code, referral, joined, created in people
    ]


# --- per volunteer ---------------------------------------------------------------------
def barriers_sheet(learning: Learning) -> Sheet:
    columns = (
        CODE,
        Column("Barrier", "text", "A barrier to work, from the programme's list."),
        Column("Identified", "text", "The month it was identified (YYYY-MM)."),
        Column("Resolved", "text", "The month it was resolved (YYYY-MM); empty while open."),
        Column("Open at period end", "text", "yes if not resolved by the period's last day."),
    )
    rows = [
        (code, choices.barrier_label(key), _month(found), _month(done), "no" if done else "yes")
        for code, key, found, done in learning.barriers
    ]
    return Sheet(
        "Barriers",
        "Barriers to work identified by the period's end, one row each (no free notes).",
        columns,
        rows,
    )


def journeys_sheet(learning: Learning) -> Sheet:
    columns = (
        CODE,
        Column(
            "Referral source",
            "text",
            "Who referred them, from the programme's list (Other for anything typed).",
        ),
        Column("Enquiry", "text", "The month of the enquiry (joined, else record made)."),
        Column("First shift", "text", "The month of the first attended shift, if any yet."),
        Column("Days to first shift", "int", "Days from the enquiry to the first shift."),
        Column("First milestone", "text", "The month the first milestone was achieved."),
        Column("Days to first milestone", "int", "Days from the enquiry to that milestone."),
    )
    rows: list[tuple[Value, ...]] = [
        (
            j.code,
            j.referral,
            _month(j.enquiry),
            _month(j.first_shift),
            j.days_to(j.first_shift),
            _month(j.first_milestone),
            j.days_to(j.first_milestone),
        )
        for j in learning.journeys
    ]
    return Sheet(
        "Journeys",
        "Each volunteer's start: referral, then how long to the first shift and milestone "
        "(by the period's end; empty when not reached yet).",
        columns,
        rows,
    )


def follow_ups_sheet(learning: Learning) -> Sheet:
    columns = (
        CODE,
        Column("Outcome", "text", "The outcome followed up (job, training, study, …)."),
        Column("Outcome began", "text", "The month the outcome began (YYYY-MM)."),
        Column("Months after", "int", "3, 6 or 12: which follow-up this is."),
        Column("Done", "date", "The day the follow-up was done."),
        Column("Result", "text", "In post, In study or Left."),
        Column("Reason", "text", "Why, from the programme's list (no free notes)."),
    )
    rows = [
        (code, kind, _month(begun), months, done, FOLLOW_UP_RESULTS.get(result, result), why)
        for code, kind, begun, months, done, result, why in learning.follow_ups
    ]
    return Sheet("Follow-ups", "Outcome follow-ups done in the period.", columns, rows)


# --- per trust -------------------------------------------------------------------------
def trust_sheets(learning: Learning) -> tuple[Sheet, ...]:
    start = learning.period.start
    sources = [*choices.referral_sources(), OTHER, NOT_RECORDED]
    sources = list(dict.fromkeys(sources))  # the list may hold Other already
    sources += sorted({j.referral for j in learning.journeys} - set(sources))
    timing: list[tuple[Value, ...]] = []
    for label, reached in (
        (
            "Enquiry to first shift",
            [(j.first_shift, j.days_to(j.first_shift)) for j in learning.journeys],
        ),
        (
            "Enquiry to first milestone",
            [(j.first_milestone, j.days_to(j.first_milestone)) for j in learning.journeys],
        ),
    ):
        ever = [d for on, d in reached if d is not None]
        now = [d for on, d in reached if d is not None and on is not None and on >= start]
        timing.append(
            (
                label,
                len(ever),
                median_low(ever) if ever else None,
                len(now),
                median_low(now) if now else None,
            )
        )
    results = Counter((f[3], f[5], f[6]) for f in learning.follow_ups)
    return (
        Sheet(
            "Barriers by kind",
            "Each barrier: identified and resolved in the period, open at its end.",
            (
                Column("Barrier", "text", "A barrier from the programme's list."),
                Column("Identified", "int", "Identified in the period."),
                Column("Resolved", "int", "Resolved in the period."),
                Column("Open at period end", "int", "Not resolved by the period's last day."),
            ),
            [(c.label, c.identified, c.resolved, c.still_open) for c in learning.barrier_counts()],
        ),
        Sheet(
            "Referral sources",
            "Volunteers in this return by who referred them.",
            (
                Column("Referral source", "text", "From the list; Other if typed; Not recorded."),
                Column("Volunteers", "int", "Volunteers in this return."),
                Column("Enquiries in period", "int", "Of them, enquiries in the period."),
            ),
            [
                (
                    source,
                    sum(1 for j in learning.journeys if j.referral == source),
                    sum(
                        1 for j in learning.journeys if j.referral == source and j.enquiry >= start
                    ),
                )
                for source in sources
            ],
        ),
        Sheet(
            "Time to first steps",
            "Days from enquiry to the first shift and first milestone. Medians are the "
            "lower middle value (a whole day).",
            (
                Column("Measure", "text", "Which first step."),
                Column("Reached by period end", "int", "Volunteers who had reached it."),
                Column("Median days", "int", "Their median days from the enquiry."),
                Column("Reached in period", "int", "Volunteers who reached it in the period."),
                Column("Median days in period", "int", "Their median days from the enquiry."),
            ),
            timing,
        ),
        Sheet(
            "Follow-up results",
            "Follow-ups done in the period by months after the outcome, result and reason.",
            (
                Column("Months after", "int", "3, 6 or 12."),
                Column("Result", "text", "In post, In study or Left."),
                Column("Reason", "text", "From the programme's list; empty if none given."),
                Column("Follow-ups", "int", "How many."),
            ),
            [
                (months, FOLLOW_UP_RESULTS.get(result, result), reason, n)
                for (months, result, reason), n in sorted(
                    results.items(),
                    key=lambda item: (
                        FOLLOW_UP_MONTHS.index(item[0][0]),
                        list(FOLLOW_UP_RESULTS).index(item[0][1])
                        if item[0][1] in FOLLOW_UP_RESULTS
                        else len(FOLLOW_UP_RESULTS),
                        item[0][2],
                    ),
                )
            ],
        ),
    )
