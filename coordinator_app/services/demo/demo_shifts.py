"""Generated shifts for demo vaults: placements, 18 months of shifts up to a fortnight ahead
with every outcome, travel and meal expenses, and a few approved (locked) months. Written
with bulk inserts: the large demo has 500,000 shifts."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from sqlalchemy import insert, select

from coordinator_app.data.audit import utc_now_text, utc_text
from coordinator_app.data.models import (
    ExpenseRow,
    MonthApprovalRow,
    PlacementRow,
    ShiftRow,
    VolunteerRow,
)
from coordinator_app.data.vault import Vault
from coordinator_app.domain.shifts import ShiftTime, month_of, months_before, service_minutes
from coordinator_app.services.progress import Progress

PLACEMENTS = (
    ("Generated Ward A (older people)", "ward_volunteer", True),
    ("Generated Ward B (surgical)", "ward_volunteer", True),
    ("Generated Outpatients welcome desk", "welcome_volunteer", False),
    ("Generated Main entrance wayfinding", "welcome_volunteer", False),
    ("Generated Estates office", "non_patient_facing", False),
    ("Generated Patient experience team", "non_patient_facing", False),
)
SLOTS = ((time(9), time(13)), (time(13), time(17)), (time(17, 30), time(21)), (time(10), time(14)))
_PAST_OUTCOMES = ("attended", "late", "no_show", "cancelled")
_PAST_WEIGHTS = (78, 6, 7, 9)
_CANCELLERS = ("volunteer", "ward", "coordinator")
HISTORY_DAYS = 548  # 18 months
AHEAD_DAYS = 14
BATCH = 20_000


def add_demo_shifts(
    vault: Vault, total: int, rng: random.Random, progress: Progress, today: date
) -> int:
    """About ``total`` shifts spread over the volunteers who have started; returns how many."""
    first_day = today - timedelta(days=HISTORY_DAYS)
    with vault.unit_of_work() as session:
        placement_ids = []
        for name, role, patient_facing in PLACEMENTS:
            row = PlacementRow(
                name=name,
                role=role,
                patient_facing=patient_facing,
                role_description="Generated placement for practice",
                supervisor="",
                archived=False,
            )
            session.add(row)
            session.flush()
            placement_ids.append(row.id)
        people = session.execute(
            select(VolunteerRow.id, VolunteerRow.joined_on, VolunteerRow.state).where(
                VolunteerRow.state.in_(("active", "paused", "left"))
            )
        ).all()
    if not people:
        return 0
    spans = {}
    for volunteer_id, joined, state in people:
        start = max(first_day, joined or first_day)
        last = today if state == "left" else today + timedelta(days=AHEAD_DAYS)
        spans[volunteer_id] = (start, (last - start).days + 1)
    # Shifts in proportion to how long each person has volunteered (at most one a day).
    total_days = sum(span for _start, span in spans.values())
    now = utc_text(vault.clock.now())
    shifts: list[dict[str, object]] = []
    expenses: list[dict[str, object]] = []
    written = 0

    def flush() -> None:
        nonlocal written
        with vault.unit_of_work() as session:
            if shifts:
                session.execute(insert(ShiftRow), shifts)
            if expenses:
                session.execute(insert(ExpenseRow), expenses)
        written += len(shifts)
        shifts.clear()
        expenses.clear()
        progress.update(written, total, "Adding generated shifts…")

    for volunteer_id, _joined, _state in people:
        start, span = spans[volunteer_id]
        wanted = max(1, round(total * span / total_days))
        days = sorted(rng.sample(range(span), min(wanted, span)))
        placement = rng.choice(placement_ids)
        for offset in days:
            on = start + timedelta(days=offset)
            begin, end = rng.choice(SLOTS)
            planned = ShiftTime(on, begin, end).minutes()
            outcome, actual, cancelled_by = "planned", None, ""
            if on < today:
                outcome = rng.choices(_PAST_OUTCOMES, _PAST_WEIGHTS)[0]
                if outcome == "late":
                    actual = planned - rng.choice((30, 45, 60))
                if outcome == "cancelled":
                    cancelled_by = rng.choice(_CANCELLERS)
            shifts.append(
                {
                    "volunteer_id": volunteer_id,
                    "placement_id": placement,
                    "shift_date": on,
                    "month": month_of(on),
                    "start_time": f"{begin:%H:%M}",
                    "end_time": f"{end:%H:%M}",
                    "planned_minutes": planned,
                    "outcome": outcome,
                    "cancelled_by": cancelled_by,
                    "actual_minutes": actual,
                    "service_minutes": service_minutes(outcome, planned, actual),
                    "series_id": None,
                    "override_reason": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if outcome in ("attended", "late") and rng.random() < 0.15:
                expenses.append(
                    {
                        "volunteer_id": volunteer_id,
                        "claimed_on": on,
                        "month": month_of(on),
                        "kind": rng.choice(("travel", "travel", "meals")),
                        "amount_pence": rng.choice((250, 480, 640, 900, 1250)),
                        "receipt": rng.random() < 0.85,
                        "paid_on": None,
                        "note": "",
                        "created_at": now,
                    }
                )
            if len(shifts) >= BATCH:
                progress.raise_if_cancelled()
                flush()
    flush()
    _approve_a_few_months(vault, today)
    return written


def _approve_a_few_months(vault: Vault, today: date) -> None:
    """Months two to four back are approved: the demo shows locked hours."""
    with vault.unit_of_work() as session:
        for month in months_before(today, 4)[1:]:
            session.add(
                MonthApprovalRow(
                    month=month,
                    locked=True,
                    approved_at=utc_now_text(session),
                    approved_by="Demo Coordinator",
                )
            )
