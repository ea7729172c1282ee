"""Search-as-you-type on the large demo (5,000 volunteers): keystroke to rows shown.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/search.py [--people 5000] [--rounds 5]

For each keystroke of several searches (names, a code, a phone number) it times the SQL part
(the first page of rows, and the count when that page is full, as the Volunteers model
asks for them) and the repaint
of the table once the model has reset. Baselines measured in the same run: a trivial query
through the same unit of work, and a repaint of the table with nothing changed.
Targets (Volunteers issue): SQL <= 10 ms, repaint <= 50 ms; median and worst reported.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication
    from sqlalchemy import text

    from coordinator_app.data.keyfile import KdfParams
    from coordinator_app.services import vaults, volunteers
    from coordinator_app.services.demo import add_demo_volunteers
    from coordinator_app.services.progress import Progress
    from coordinator_app.services.volunteers import ListFilter
    from coordinator_app.ui import ops
    from coordinator_app.ui.session import AppSession
    from coordinator_app.ui.volunteers_model import PAGE_SIZE
    from coordinator_app.ui.volunteers_page import VolunteersPage

    app = QApplication.instance() or QApplication([])
    ops.set_synchronous(True)  # the timings are of the work, not of thread hand-over
    folder = Path(tempfile.mkdtemp()) / "vault"
    passphrase = "violet tractor mango harbour"
    kdf = KdfParams(salt=b"\0" * 16, iterations=1, memory_kib=8 * 1024, lanes=1)
    vault, _ = vaults.create_vault(folder, "RUH", "Benchmark Coordinator", passphrase, kdf=kdf)
    started = time.perf_counter()
    add_demo_volunteers(vault, args.people, random.Random(11), Progress())
    print(f"generated {args.people} volunteers in {time.perf_counter() - started:.1f} s")
    sample = volunteers.page(vault, ListFilter(), date.today(), offset=7, limit=1)[0]
    searches = ["kovalenko", "ahmad", "tesfa", sample.code, "0161 496 0"]
    today = date.today()

    sql, baseline_sql = [], []
    for _ in range(args.rounds):
        for term in searches:
            for end in range(1, len(term) + 1):
                query = ListFilter(search=term[:end])
                t = time.perf_counter()  # as VolunteersModel.refresh asks
                first = volunteers.page(vault, query, today, offset=0, limit=PAGE_SIZE)
                if len(first) == PAGE_SIZE:
                    volunteers.count(vault, query, today)
                sql.append(time.perf_counter() - t)
                t = time.perf_counter()
                with vault.unit_of_work() as session:
                    session.execute(text("SELECT 1"))
                baseline_sql.append(time.perf_counter() - t)
    vault.close()

    session = AppSession(folder)
    page = VolunteersPage(session)
    page.resize(1400, 900)
    page.show()
    from coordinator_app.services import sessions

    session.start(sessions.open_with_passphrase(folder, passphrase))
    app.processEvents()
    typed, paint, baseline_paint = [], [], []
    for _ in range(args.rounds):
        for term in searches:
            for end in range(1, len(term) + 1):
                t = time.perf_counter()
                page.search.setText(term[:end])  # count + first page + model reset
                typed.append(time.perf_counter() - t)
                t = time.perf_counter()
                page.table.viewport().repaint()
                paint.append(time.perf_counter() - t)
                t = time.perf_counter()
                page.table.viewport().repaint()  # same rows again: the baseline
                baseline_paint.append(time.perf_counter() - t)
            page.search.clear()
    session.lock("benchmark done")

    def row(name: str, values: list[float]) -> str:
        return (
            f"{name:44} median {statistics.median(values) * 1000:7.2f} ms  "
            f"worst {max(values) * 1000:7.2f} ms  (n={len(values)})"
        )

    print(row(f"SQL: first {PAGE_SIZE} rows (+ count if full)", sql))
    print(row("baseline: SELECT 1 in a unit of work", baseline_sql))
    print(row("keystroke -> model reset (SQL + model)", typed))
    print(row("repaint of the table after the reset", paint))
    print(row("baseline: repaint with nothing changed", baseline_paint))
    sql_ratio = statistics.median(sql) / statistics.median(baseline_sql)
    paint_ratio = statistics.median(paint) / statistics.median(baseline_paint)
    print(f"ratios (median): SQL/baseline {sql_ratio:.1f}, repaint/baseline {paint_ratio:.2f}")
    print("targets: SQL <= 10 ms, repaint <= 50 ms")


if __name__ == "__main__":
    main()
