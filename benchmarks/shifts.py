"""Shift work on the large demo (5,000 volunteers, 500,000 shifts), each against the same
SQL on a plain (unencrypted) SQLite copy of the same data, measured in one run.

    .venv/bin/python benchmarks/shifts.py [--vault DEMO_FOLDER] [--runs 25]

Without --vault it makes the large demo first (about two minutes). The plain copy holds only
generated people and is deleted at the end. Targets (Shifts issue): save one shift <= 3 ms
(service call with commit); a week's register <= 100 ms; one volunteer's hours per month for
a year <= 50 ms.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coordinator_app.data.database import connect  # noqa: E402
from coordinator_app.services import demo, shifts, vaults  # noqa: E402
from coordinator_app.services.startup import DEMO_PASSPHRASE  # noqa: E402

WEEK_SQL = """
SELECT s.id, s.volunteer_id, s.shift_date, s.start_time, s.end_time, s.outcome,
       s.service_minutes, s.month, v.code, v.given_names, v.family_name, v.sort_name
FROM shift s JOIN volunteer v ON v.id = s.volunteer_id
WHERE s.shift_date BETWEEN ? AND ? ORDER BY v.sort_name, s.shift_date, s.start_time
"""
HOURS_SQL = """
SELECT s.month, p.name, sum(s.service_minutes)
FROM shift s JOIN placement p ON p.id = s.placement_id
WHERE s.volunteer_id = ? AND s.month BETWEEN ? AND ? AND s.service_minutes > 0
GROUP BY s.month, p.name ORDER BY s.month, p.name
"""


def median_ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:7.2f} ms  worst {max(values) * 1000:7.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vault")
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    if args.vault:
        folder = Path(args.vault)
    else:
        folder = work / "large"
        made, _ = demo.create_demo_vault(folder, size="large")
        made.close()
    vault = vaults.unlock(folder, DEMO_PASSPHRASE)
    plain_path = work / "plain.db"
    raw = connect(folder / "vault.db", vault._data_key)
    raw.execute(f"ATTACH DATABASE '{plain_path}' AS plain KEY ''")
    raw.execute("SELECT sqlcipher_export('plain')")
    raw.execute("DETACH DATABASE plain")
    raw.close()
    plain = sqlite3.connect(plain_path, isolation_level=None)
    plain.execute("PRAGMA journal_mode=WAL")
    plain.execute("PRAGMA synchronous=FULL")

    rng = random.Random(5)
    today = date.today()
    planned = [r[0] for r in plain.execute("SELECT id FROM shift WHERE outcome='planned'")]
    people = [r[0] for r in plain.execute("SELECT DISTINCT volunteer_id FROM shift LIMIT 2000")]
    monday = today - timedelta(days=today.weekday() + 7)
    sunday = monday + timedelta(days=6)
    first_month = f"{today.year - 1:04d}-{today.month:02d}"
    last_month = f"{today.year:04d}-{today.month:02d}"

    ward = plain.execute("SELECT min(id) FROM placement").fetchone()[0]
    ward_sql = WEEK_SQL.replace("WHERE ", "WHERE s.placement_id = ? AND ")
    save, save_plain, week, week_plain, hours, hours_plain = [], [], [], [], [], []
    one, one_plain = [], []
    ward_people = 0
    week_people = 0
    for _ in range(args.runs):  # interleaved, so the noisy machine hits both alike
        shift_id = rng.choice(planned)
        t = time.perf_counter()
        shifts.record_outcome(vault, shift_id, rng.choice(("attended", "no_show")))
        save.append(time.perf_counter() - t)
        t = time.perf_counter()
        plain.execute("BEGIN")
        plain.execute(
            "UPDATE shift SET outcome='attended', service_minutes=planned_minutes WHERE id=?",
            (shift_id,),
        )
        plain.execute("COMMIT")
        save_plain.append(time.perf_counter() - t)

        t = time.perf_counter()
        rows = shifts.week_register(vault, monday)
        week.append(time.perf_counter() - t)
        week_people = len(rows)
        t = time.perf_counter()
        plain.execute(WEEK_SQL, (monday.isoformat(), sunday.isoformat())).fetchall()
        week_plain.append(time.perf_counter() - t)

        t = time.perf_counter()
        ward_people = len(shifts.week_register(vault, monday, ward))
        one.append(time.perf_counter() - t)
        t = time.perf_counter()
        plain.execute(ward_sql, (ward, monday.isoformat(), sunday.isoformat())).fetchall()
        one_plain.append(time.perf_counter() - t)

        person = rng.choice(people)
        t = time.perf_counter()
        shifts.hours_by_month(vault, person, first_month, last_month)
        hours.append(time.perf_counter() - t)
        t = time.perf_counter()
        plain.execute(HOURS_SQL, (person, first_month, last_month)).fetchall()
        hours_plain.append(time.perf_counter() - t)
    total = plain.execute("SELECT count(*) FROM shift").fetchone()[0]
    plain.close()
    vault.close()
    plain_path.unlink()

    print(
        f"large demo: {total} shifts; week of {monday:%d/%m/%Y}: {week_people} volunteers, "
        f"{ward_people} at one placement"
    )
    for name, ours, base in (
        ("save one shift (service call + commit)", save, save_plain),
        ("week's register (all volunteers)", week, week_plain),
        ("week's register (one placement)", one, one_plain),
        ("hours per month for a year, 1 volunteer", hours, hours_plain),
    ):
        ratio = statistics.median(ours) / statistics.median(base)
        print(f"{name:42} {median_ms(ours)} | plain SQLite {median_ms(base)} | ratio {ratio:.1f}")
    print("targets: save <= 3 ms, week <= 100 ms (for 200 volunteers), hours <= 50 ms")


if __name__ == "__main__":
    main()
