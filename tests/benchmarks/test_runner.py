"""The benchmark runner keeps working: one small run, every required measurement present
(the large run is by hand; its results are committed in benchmarks/results)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.shifts import per_200_volunteers

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = (
    "unlock",
    "unlock_3_coordinators",
    "startup",
    "search_keystroke",
    "shift_save",
    "week_register",
    "hours_per_month",
    "monthly_return",
    "monthly_return_workbook",
    "bundle_verify",
    "full_export",
    "full_export_memory",
    "import",
    "backup",
    "restore",
    "dashboard",
    "dashboard_window_pause",
    "progress_report",
)
KEYS = {"name", "value", "unit", "baseline", "ratio", "target", "meets_target"}


@pytest.mark.skipif(
    sys.platform == "win32",
    reason="benchmarks/run is a bash script and reads memory from /proc (Linux CI runs it)",
)
def test_a_small_run_measures_everything_against_a_baseline(tmp_path: Path) -> None:
    out = tmp_path / "results"
    subprocess.run(
        [
            str(ROOT / "benchmarks" / "run"),
            *("--size", "small", "--runs", "1"),
            *("--out", str(out), "--cache", str(tmp_path / "cache")),
        ],
        check=True,
        timeout=300,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
    )
    rows = {r["name"]: r for r in json.loads((out / "latest.json").read_text())}
    for name in REQUIRED:
        row = rows[name]
        assert row.keys() >= KEYS
        for key in ("value", "baseline", "ratio"):
            assert isinstance(row[key], int | float) and row[key] > 0, (name, key, row[key])
        if row["target"] is None:
            assert row["meets_target"] is None
        else:
            assert isinstance(row["meets_target"], bool)
    table = (out / "latest.md").read_text()
    assert all(f"| {name} |" in table for name in REQUIRED)


def test_the_register_target_is_100_ms_per_200_volunteers() -> None:
    assert per_200_volunteers(3232) == 1616.0
    assert per_200_volunteers(200) == 100.0
    assert per_200_volunteers(40) == 100.0  # a small register still has the 100 ms target
