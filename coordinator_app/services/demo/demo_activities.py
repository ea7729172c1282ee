"""Generated activities for demo vaults: two sessions a week over the demo's 18 months, each
with a register of volunteers who had joined by then, most of whom attended."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from sqlalchemy import insert, select

from coordinator_app.data.audit import utc_text
from coordinator_app.data.models import ActivityAttendanceRow, ActivityRow, VolunteerRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.activities import KINDS
from coordinator_app.domain.shifts import ShiftTime, month_of
from coordinator_app.services.demo.demo_shifts import AHEAD_DAYS, HISTORY_DAYS

SESSIONS = ((1, time(10), time(12)), (3, time(14), time(16, 30)))  # Tuesday, Thursday
GROUP = 8
ATTEND_RATE = 0.8


def add_demo_activities(vault: Vault, rng: random.Random, today: date) -> int:
    with vault.unit_of_work() as session:
        people = session.execute(
            select(VolunteerRow.id, VolunteerRow.joined_on).where(
                VolunteerRow.state.in_(("active", "paused", "left")),
                VolunteerRow.joined_on.is_not(None),
            )
        ).all()
    if not people:
        return 0
    joined = sorted((j, int(i)) for i, j in people if j is not None)
    kinds = list(KINDS)
    now = utc_text(vault.clock.now())
    activities: list[dict[str, object]] = []
    registers: list[list[tuple[int, bool]]] = []
    day = today - timedelta(days=HISTORY_DAYS)
    while day <= today + timedelta(days=AHEAD_DAYS):
        for weekday, start, end in SESSIONS:
            on = day + timedelta(days=(weekday - day.weekday()) % 7)
            eligible = [v for j, v in joined if j <= on]
            if not eligible:
                continue
            kind = rng.choice(kinds)
            activities.append(
                {
                    "kind": kind,
                    "title": f"{KINDS[kind]} (generated)",
                    "held_on": on,
                    "month": month_of(on),
                    "start_time": f"{start:%H:%M}",
                    "end_time": f"{end:%H:%M}",
                    "minutes": ShiftTime(on, start, end).minutes(),
                    "facilitator": "Generated Facilitator",
                    "note": "",
                    "created_at": now,
                }
            )
            invited = rng.sample(eligible, min(GROUP, len(eligible)))
            registers.append([(v, on < today and rng.random() < ATTEND_RATE) for v in invited])
        day += timedelta(days=7)
    with vault.unit_of_work() as session:
        first_id = int(session.scalar(select(ActivityRow.id).order_by(ActivityRow.id.desc())) or 0)
        session.execute(insert(ActivityRow), activities)
        session.execute(
            insert(ActivityAttendanceRow),
            [
                {"activity_id": first_id + n + 1, "volunteer_id": v, "attended": came}
                for n, register in enumerate(registers)
                for v, came in register
            ],
        )
    return len(activities)
