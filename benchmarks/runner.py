"""One benchmark runner: every measurement the issues name, the same way every time.

    benchmarks/run [--size small|medium|large] [--runs N] [--vault DIR] [--only NAME,...]
                   [--out DIR]

Works on a demo vault of generated people (`coordinator demo --size SIZE --seed 1`), made
once into a cache folder and reused, or the one given with --vault; that vault is never
written (the measurements work on copies). Writes latest.json (one object per measurement)
and latest.md (the same as a table) into --out, benchmarks/results by default.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import (
    backups,
    dashboard,
    importing,
    programme,
    returns,
    search,
    shifts,
    startup,
    unlock,
)
from benchmarks.common import Bench, Result
from coordinator_app.data.layout import DB_NAME
from coordinator_app.data.vault import Vault
from coordinator_app.domain.clock import SystemClock
from coordinator_app.services.reports.stats import vault_stats

ROOT = Path(__file__).resolve().parents[1]
RUNS = {"small": 3, "medium": 5, "large": 5}
SEED = 1


def measurements() -> list[tuple[tuple[str, ...], Callable[[Bench], list[Result]]]]:
    """(the result names, the function giving them), in the order they run."""
    return [
        (("unlock", "unlock_3_coordinators", "unlock_3_coordinators_first_time"), unlock.measure),
        (("startup", "startup_main_window"), startup.measure),
        (("backup", "restore"), backups.measure),  # first: later closes need no backup then
        (("search_keystroke", "search_repaint"), search.measure),
        (
            ("shift_save", "week_register", "week_register_placement", "hours_per_month"),
            shifts.measure,
        ),
        (("dashboard",), dashboard.measure_dashboard),
        (("dashboard_window_pause", "dashboard_charts_shown"), dashboard.measure_dashboard_window),
        (("progress_report",), dashboard.measure_progress_report),
        (
            ("monthly_return", "monthly_return_workbook", "bundle_verify"),
            returns.measure_monthly,
        ),
        (("full_export", "full_export_memory"), returns.measure_full_export),
        (("programme_consolidate", "programme_report"), programme.measure),
        (("import",), importing.measure),
    ]


def demo_vault(size: str, cache: Path) -> Path:
    """The cached demo vault of this size, made on first use and reused after."""
    from coordinator_app.services.demo.demo import create_demo_vault

    folder = cache / f"demo-{size}-seed{SEED}"
    if (folder / DB_NAME).exists():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    making = Path(tempfile.mkdtemp(prefix=f".making-{size}-", dir=cache))
    started = time.perf_counter()
    print(f"making the {size} demo vault in {folder} ...", flush=True)
    vault, _ = create_demo_vault(making / "vault", SystemClock(), size=size, seed=SEED)  # type: ignore[arg-type]
    vault.close()
    (making / "vault").rename(folder)  # whole or not at all: a cut-short make is not reused
    shutil.rmtree(making)
    print(f"made in {time.perf_counter() - started:.0f} s", flush=True)
    return folder


def describe(vault: Vault, source: str) -> str:
    """What the measured vault holds (counts only), so a reader can compare like with like."""
    counts = vault_stats(vault)
    return (
        f"Demo vault ({source}): {counts['volunteers']['total']:,} volunteers, "
        f"{sum(counts['shifts'].values()):,} shifts, {counts['milestones']['total']:,} milestones"
    )


def _number(value: object, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    assert isinstance(value, int | float)
    if value and abs(value) < 0.1:
        return f"{value:.2g}"  # a small vault's tiny baselines keep their digits
    return f"{value:,.{digits}f}"


def markdown(rows: list[dict[str, object]], about: str) -> str:
    lines = [
        "# Benchmark results",
        "",
        about,
        "",
        "Each value is the median of the runs (min and max beside it); the baseline is "
        "measured in the same run, so the ratio is what compares between runs and machines.",
        "",
        "| name | median | min | max | unit | baseline | ratio | target | meets | what | "
        "baseline is |",
        "|---|--:|--:|--:|---|--:|--:|--:|---|---|---|",
    ]
    for r in rows:
        what = str(r["what"]) + (f" ({r['note']})" if r["note"] else "")
        lines.append(
            f"| {r['name']} | {_number(r['value'])} | {_number(r['min'])} | "
            f"{_number(r['max'])} | {r['unit']} | {_number(r['baseline'])} | "
            f"{_number(r['ratio'], 2)} | {_number(r['target'])} | "
            f"{_number(r['meets_target'])} | {what} | {r['baseline_is']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/run", description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=("small", "medium", "large"), default="large")
    parser.add_argument("--runs", type=int, help="runs per measurement (3 small, 5 otherwise)")
    parser.add_argument("--vault", type=Path, help="an existing demo vault of this size")
    parser.add_argument("--only", help="comma-separated names to measure (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    parser.add_argument("--cache", type=Path, default=cache_home / "coordinator-benchmarks")
    args = parser.parse_args(argv)
    runs = args.runs or RUNS[args.size]
    table = measurements()
    known = [name for names, _ in table for name in names]
    only = set(args.only.split(",")) if args.only else set(known)
    if only - set(known):
        parser.error(f"unknown names: {', '.join(sorted(only - set(known)))}")

    work = Path(tempfile.mkdtemp(prefix="coordinator-bench-"))
    # The app's per-user folders (automatic backups, logs, settings) go to the work folder,
    # never to the real ones; subprocesses inherit this.
    for variable in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        os.environ[variable] = str(work / "home" / variable.lower())
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    demo = args.vault or demo_vault(args.size, args.cache)
    bench = Bench(size=args.size, runs=runs, demo=demo, work=work)
    results: list[Result] = []
    started = time.perf_counter()
    try:
        vault = describe(bench.vault(), "given with --vault" if args.vault else f"seed {SEED}")
        print(vault, flush=True)
        for names, measure in table:
            if not only & set(names):
                continue
            print(f"== {', '.join(names)}", flush=True)
            begun = time.perf_counter()
            for found in measure(bench):
                if found.name in only:
                    results.append(found)
                    ratio = "" if found.ratio is None else f" ratio {found.ratio:.2f}"
                    value = "–" if found.value is None else f"{found.value:,.1f} {found.unit}"
                    print(f"   {found.name}: {value}{ratio} (meets: {found.meets_target})")
            print(f"   ({time.perf_counter() - begun:.0f} s)", flush=True)
    finally:
        bench.close()
        shutil.rmtree(work, ignore_errors=True)
    rows = [r.as_json() for r in results]
    about = (
        f"`benchmarks/run --size {args.size} --runs {runs}` on {datetime.now(UTC):%Y-%m-%d}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; took {time.perf_counter() - started:.0f} s. {vault}."
    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(rows, indent=2) + "\n")
    (args.out / "latest.md").write_text(markdown(rows, about))
    print(about)
    print(f"results: {args.out / 'latest.json'}, {args.out / 'latest.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
