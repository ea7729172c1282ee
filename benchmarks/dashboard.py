"""The dashboard for the last twelve months and the progress report for the last full
quarter, each against a baseline in the same run. Targets (Dashboard issue): dashboard for
a year <= 0.5 s; report <= 2 s.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table

from benchmarks.common import Bench, Result, result, timed
from coordinator_app.domain.dashboard import last_twelve_months
from coordinator_app.domain.periods import parse_period
from coordinator_app.services import progress_report
from coordinator_app.services.dashboard import build_dashboard

# The baseline: one GROUP BY month over a year's shifts, the heart of any year's dashboard.
YEAR_SQL = """
SELECT month, count(*), sum(service_minutes) FROM shift
WHERE shift_date BETWEEN ? AND ? GROUP BY month ORDER BY month
"""


def _last_quarter(today: date) -> str:
    quarter = (today.month - 1) // 3  # the one before this one (0 means last year's Q4)
    return f"{today.year}-Q{quarter}" if quarter else f"{today.year - 1}-Q4"


def measure_dashboard(bench: Bench) -> list[Result]:
    vault, plain = bench.vault(), bench.plain()
    year = last_twelve_months(date.today())
    bounds = (year.start.isoformat(), year.end.isoformat())
    ours: list[float] = []
    base: list[float] = []
    for _ in range(bench.runs):
        timed(ours, build_dashboard, vault, year)
        timed(base, lambda: plain.execute(YEAR_SQL, bounds).fetchall())
    return [
        result(
            "dashboard",
            "ms",
            ours,
            base,
            500.0,
            what="every dashboard figure for the last twelve months (services.dashboard)",
            baseline_is="one GROUP BY month of a year's shifts on plain SQLite",
        )
    ]


def measure_progress_report(bench: Bench) -> list[Result]:
    vault, plain = bench.vault(), bench.plain()
    label = _last_quarter(date.today())
    period = parse_period(label)
    bounds = (period.start.isoformat(), period.end.isoformat())
    ours: list[float] = []
    base: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)

        def baseline() -> None:
            rows = [tuple(str(c) for c in r) for r in plain.execute(YEAR_SQL, bounds)]
            SimpleDocTemplate(str(out / "plain.pdf"), pagesize=A4).build([Table(rows or [("",)])])

        for n in range(bench.runs):
            timed(ours, progress_report.write, vault, label, out / f"report-{n}.pdf")
            timed(base, baseline)
    return [
        result(
            "progress_report",
            "ms",
            ours,
            base,
            2000.0,
            what=f"the progress report PDF for {label} (figures, charts, tables)",
            baseline_is="the quarter's GROUP BY month on plain SQLite written as a one-table PDF",
        )
    ]
