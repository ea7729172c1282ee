"""Shift work, each against the same SQL on a plain (unencrypted) SQLite copy of the data.

Targets: save one shift <= 4x the same statements on plain SQLite (issue 17: each save's
statements, captured as sent to the driver, replayed in one transaction; the Shifts issue's
3 ms flattered a quiet machine and hid a noisy one's); a week's
register <= 100 ms for 200 volunteers (scaled to the register's size); one volunteer's
hours per month for a year <= 50 ms.
"""

from __future__ import annotations

import random
import statistics
from datetime import date, timedelta
from typing import Any

from sqlalchemy import event

from benchmarks.common import Bench, Result, result, timed, times_baseline
from coordinator_app.services.shifts import hours, register, shifts

WEEK_SQL = """
SELECT s.id, s.volunteer_id, s.shift_date, s.start_time, s.end_time, s.outcome,
       s.service_minutes, s.month, v.code, v.given_names, v.family_name, v.sort_name
FROM shift s JOIN volunteer v ON v.id = s.volunteer_id
WHERE s.shift_date BETWEEN ? AND ? ORDER BY v.sort_name, s.shift_date, s.start_time
"""
WARD_SQL = WEEK_SQL.replace("WHERE ", "WHERE s.placement_id = ? AND ")
HOURS_SQL = """
SELECT s.month, p.name, sum(s.service_minutes)
FROM shift s JOIN placement p ON p.id = s.placement_id
WHERE s.volunteer_id = ? AND s.month BETWEEN ? AND ? AND s.service_minutes > 0
GROUP BY s.month, p.name ORDER BY s.month, p.name
"""
SAVE_TIMES_PLAIN = 4.0
SAVE_SQL = "UPDATE shift SET outcome='attended', service_minutes=planned_minutes WHERE id=?"


def per_200_volunteers(people: int) -> float:
    """The Shifts issue's register target, 100 ms for a register of 200 volunteers, for a
    register of ``people`` (never under 100 ms)."""
    return 100.0 * max(1.0, people / 200)


def measure(bench: Bench) -> list[Result]:
    vault = bench.vault()
    plain = bench.plain()
    rng = random.Random(5)
    today = date.today()
    planned = [r[0] for r in plain.execute("SELECT id FROM shift WHERE outcome='planned'")]
    people = [r[0] for r in plain.execute("SELECT DISTINCT volunteer_id FROM shift LIMIT 2000")]
    ward = plain.execute("SELECT min(id) FROM placement").fetchone()[0]
    monday = today - timedelta(days=today.weekday() + 7)
    week = (monday.isoformat(), (monday + timedelta(days=6)).isoformat())
    first_month = f"{today.year - 1:04d}-{today.month:02d}"
    last_month = f"{today.year:04d}-{today.month:02d}"
    # Several samples per run: each of these is a few milliseconds.
    samples = max(5, bench.runs * 5)
    t: dict[str, list[float]] = {k: [] for k in ("save", "week", "ward", "hours")}
    update_only_times: list[float] = []  # the figure this target was set against before
    b: dict[str, list[float]] = {k: [] for k in t}

    sent: list[tuple[str, Any, bool]] = []

    def capture(
        _conn: Any, _cursor: Any, statement: str, params: Any, _context: Any, many: bool
    ) -> None:
        sent.append((statement, params, many))

    def replay() -> None:
        """The save's statements as they were sent (BEGIN first), then its commit."""
        for statement, params, many in sent:
            (plain.executemany if many else plain.execute)(statement, params)
        plain.execute("COMMIT")

    def update_only(shift_id: int) -> None:
        plain.execute("BEGIN")
        plain.execute(SAVE_SQL, (shift_id,))
        plain.execute("COMMIT")

    def select(sql: str, params: tuple[object, ...]) -> None:
        plain.execute(sql, params).fetchall()

    for _ in range(samples):  # interleaved, so the noisy machine hits both alike
        shift_id = rng.choice(planned)
        outcome = rng.choice(("attended", "no_show"))
        sent.clear()
        event.listen(vault.engine, "before_cursor_execute", capture)
        try:
            timed(t["save"], shifts.record_outcome, vault, shift_id, outcome)
        finally:
            event.remove(vault.engine, "before_cursor_execute", capture)
        timed(b["save"], replay)
        timed(update_only_times, update_only, rng.choice(planned))
        timed(t["week"], register.week_register, vault, monday)
        timed(b["week"], select, WEEK_SQL, week)
        timed(t["ward"], register.week_register, vault, monday, ward)
        timed(b["ward"], select, WARD_SQL, (ward, *week))
        person = rng.choice(people)
        timed(t["hours"], hours.hours_by_month, vault, person, first_month, last_month)
        timed(b["hours"], select, HOURS_SQL, (person, first_month, last_month))
    people_in_week = len(register.week_register(vault, monday))
    people_at_ward = len(register.week_register(vault, monday, ward))
    plain.close()
    same = "the same SQL on plain SQLite"
    return [
        result(
            "shift_save",
            "ms",
            t["save"],
            b["save"],
            times_baseline(SAVE_TIMES_PLAIN, b["save"], "ms"),
            what="record one shift's outcome (service call with commit)",
            baseline_is="its statements, as sent, and commit on plain SQLite",
            note=f"target: {SAVE_TIMES_PLAIN:g} x plain SQLite; the shift's UPDATE and commit "
            f"alone there: {statistics.median(update_only_times) * 1000:.2f} ms",
        ),
        result(
            "week_register",
            "ms",
            t["week"],
            b["week"],
            per_200_volunteers(people_in_week),
            what=f"a week's register, all placements ({people_in_week} volunteers)",
            baseline_is=same,
            note="target: 100 ms per 200 volunteers, as the Shifts issue sets it",
        ),
        result(
            "week_register_placement",
            "ms",
            t["ward"],
            b["ward"],
            100.0,
            what=f"a week's register for one placement ({people_at_ward} volunteers)",
            baseline_is=same,
        ),
        result(
            "hours_per_month",
            "ms",
            t["hours"],
            b["hours"],
            50.0,
            what="one volunteer's hours per month and placement over a year",
            baseline_is="the same GROUP BY on plain SQLite",
        ),
    ]
