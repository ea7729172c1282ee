"""The Today view: this week's shifts (today's first), no-shows to follow up, checks and
right-to-work evidence expiring within 30 days, support-plan items and case notes' next steps
due, the next return and
the last backup. Each item says which record it opens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coordinator_app.data.models import (
    OnboardingCheckRow,
    PlacementRow,
    ReturnExportRow,
    ShiftRow,
    VolunteerRow,
)
from coordinator_app.data.vault import Vault
from coordinator_app.domain import onboarding
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.periods import return_due
from coordinator_app.domain.shifts import week_start
from coordinator_app.services.support import case_notes
from coordinator_app.services.support.support_due import support_due
from coordinator_app.services.vault.backups import last_backup_in

CHECKS_WITHIN_DAYS = 30
FOLLOW_UP_DAYS = 14

# Where an item leads: the volunteer's record, or a tab of their support plan.
Opens = Literal["volunteer", "plan", "reviews", "outcomes", "notes"]


@dataclass(frozen=True)
class DayShift:
    shift_id: int
    on: date
    start: str
    end: str
    volunteer_id: int
    volunteer: str  # name and code, for the coordinator's own screen
    placement: str
    outcome: str


@dataclass(frozen=True)
class ToDo:
    kind: str
    volunteer_id: int
    volunteer: str
    what: str
    due_on: date | None
    opens: Opens


@dataclass(frozen=True)
class ReturnStatus:
    period: str  # YYYY-MM
    due_on: date
    days_left: int
    sent_on: date | None  # when a bundle for the period was last signed


@dataclass(frozen=True)
class TodayView:
    today: date
    week: tuple[DayShift, ...]  # Monday to Sunday, in date and time order
    no_shows: tuple[DayShift, ...]  # the last fortnight, most recent first
    to_do: tuple[ToDo, ...]
    next_return: ReturnStatus
    last_backup: datetime | None

    @property
    def todays(self) -> tuple[DayShift, ...]:
        return tuple(s for s in self.week if s.on == self.today)


def return_status(vault: Vault, today: date) -> ReturnStatus:
    """The monthly return due next and whether it is signed (for the status bar)."""
    with vault.unit_of_work() as session:
        return _return_status(session, today)


def _return_status(session: Session, today: date) -> ReturnStatus:
    period, due = return_due(today)
    sent = session.scalar(
        select(func.max(ReturnExportRow.created_at)).where(ReturnExportRow.period_label == period)
    )
    signed = date.fromisoformat(sent[:10]) if sent else None
    return ReturnStatus(period, due, (due - today).days, signed)


def today_view(vault: Vault, today: date) -> TodayView:
    monday = week_start(today)
    with vault.unit_of_work() as session:
        week = _shifts(
            session,
            ShiftRow.shift_date.between(monday, monday + timedelta(days=6)),
            newest_first=False,
        )
        no_shows = _shifts(
            session,
            ShiftRow.outcome == "no_show",
            ShiftRow.shift_date.between(today - timedelta(days=FOLLOW_UP_DAYS), today),
            newest_first=True,
        )
        checks = _checks_expiring(session, today)
        steps = case_notes.next_steps_due(session, today, FOLLOW_UP_DAYS)
        backed_up = last_backup_in(session)
        next_return = _return_status(session, today)
    due_items = support_due(vault, today)
    plan_items = (
        [
            ToDo("Milestone", d.volunteer_id, d.volunteer, d.what, d.due_on, "plan")
            for d in due_items.milestones
        ]
        + [
            ToDo("Review", d.volunteer_id, d.volunteer, d.what, d.due_on, "reviews")
            for d in due_items.reviews
        ]
        + [
            ToDo("Follow-up", d.volunteer_id, d.volunteer, d.what, d.due_on, "outcomes")
            for d in due_items.follow_ups
        ]
        + [
            ToDo("Evidence", d.volunteer_id, d.volunteer, d.what, d.due_on, "plan")
            for d in due_items.evidence
        ]
        + [
            ToDo(
                "Safeguarding" if s.safeguarding else "Next step",
                s.volunteer_id,
                s.volunteer,
                s.what,
                s.due_on,
                "notes",
            )
            for s in steps
        ]
    )
    to_do = sorted(checks + plan_items, key=lambda t: (t.due_on or today, t.kind, t.volunteer))
    return TodayView(
        today=today,
        week=week,
        no_shows=no_shows,
        to_do=tuple(to_do),
        next_return=next_return,
        last_backup=backed_up,
    )


def _shifts(session: Session, *conditions: Any, newest_first: bool) -> tuple[DayShift, ...]:
    order = ShiftRow.shift_date.desc() if newest_first else ShiftRow.shift_date
    rows = session.execute(
        select(
            ShiftRow.id,
            ShiftRow.shift_date,
            ShiftRow.start_time,
            ShiftRow.end_time,
            VolunteerRow.id,
            VolunteerRow.given_names,
            VolunteerRow.family_name,
            VolunteerRow.code,
            PlacementRow.name,
            ShiftRow.outcome,
        )
        .join(VolunteerRow, VolunteerRow.id == ShiftRow.volunteer_id)
        .join(PlacementRow, PlacementRow.id == ShiftRow.placement_id)
        .where(*conditions)
        .order_by(order, ShiftRow.start_time)
    )
    return tuple(
        DayShift(i, d, s, e, v, f"{g} {f} ({c})".strip(), p, o)
        for i, d, s, e, v, g, f, c, p, o in rows
    )


def _checks_expiring(session: Session, today: date) -> list[ToDo]:
    """Onboarding checks, leave to remain and right-to-work follow-ups ending within 30
    days, for everyone still with the programme (expired checks show on their record)."""
    horizon = today + timedelta(days=CHECKS_WITHIN_DAYS)
    current = (VolunteerRow.archived.is_(False), VolunteerRow.state != "left")
    people: dict[int, str] = {}
    found: list[ToDo] = []
    checks: dict[int, dict[str, CheckRecord]] = {}
    for volunteer_id, given, family, code, key, done, expires in session.execute(
        select(
            VolunteerRow.id,
            VolunteerRow.given_names,
            VolunteerRow.family_name,
            VolunteerRow.code,
            OnboardingCheckRow.key,
            OnboardingCheckRow.completed_on,
            OnboardingCheckRow.expires_on,
        )
        .join(OnboardingCheckRow, OnboardingCheckRow.volunteer_id == VolunteerRow.id)
        .where(*current, OnboardingCheckRow.completed_on.is_not(None))
    ):
        people[volunteer_id] = f"{given} {family} ({code})".strip()
        checks.setdefault(volunteer_id, {})[key] = CheckRecord(key, done, expires)
    for volunteer_id, records in checks.items():
        for soon in onboarding.expiring_soon(records, today, CHECKS_WITHIN_DAYS):
            found.append(
                ToDo(
                    "Check expiring",
                    volunteer_id,
                    people[volunteer_id],
                    soon.label,
                    soon.expires_on,
                    "volunteer",
                )
            )
    for volunteer_id, given, family, code, leave_ends, follow_up in session.execute(
        select(
            VolunteerRow.id,
            VolunteerRow.given_names,
            VolunteerRow.family_name,
            VolunteerRow.code,
            VolunteerRow.leave_expires_on,
            VolunteerRow.rtw_follow_up_on,
        ).where(
            *current,
            (VolunteerRow.leave_expires_on <= horizon) | (VolunteerRow.rtw_follow_up_on <= horizon),
        )
    ):
        name = f"{given} {family} ({code})".strip()
        if leave_ends and leave_ends <= horizon:
            found.append(
                ToDo(
                    "Right to work",
                    volunteer_id,
                    name,
                    "Leave to remain ends",
                    leave_ends,
                    "volunteer",
                )
            )
        if follow_up and follow_up <= horizon:
            found.append(
                ToDo(
                    "Right to work",
                    volunteer_id,
                    name,
                    "Follow-up right-to-work check",
                    follow_up,
                    "volunteer",
                )
            )
    return found
