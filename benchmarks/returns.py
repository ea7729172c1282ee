"""Returns on the large demo (5,000 volunteers, 500,000 shifts), each against a baseline
measured in the same run:

- a monthly return (workbook, summary PDF, signature, bundle) vs plain SQLite reading the
  same month's shifts and writing them as CSV;
- verifying that bundle (every check, workbook totals included) vs only unzipping it and
  hashing its entries;
- the full-history workbook (all shifts), in a child process sampling its own resident
  memory every 10 ms (peak during the export minus before it); and a cancel partway.

    .venv/bin/python benchmarks/returns.py --vault DEMO_FOLDER [--runs 5]

Targets (Returns issue): monthly return <= 1 s including PDF; verify <= 0.2 s; full history
<= 30 s and <= +150 MB memory, with progress and cancel.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coordinator_app.data.database import connect  # noqa: E402
from coordinator_app.domain.shifts import months_before  # noqa: E402
from coordinator_app.export.bundle_verify import verify_bundle  # noqa: E402
from coordinator_app.export.return_workbook import read_totals  # noqa: E402
from coordinator_app.services import returns, signing, vaults  # noqa: E402
from coordinator_app.services.progress import Cancelled, Progress  # noqa: E402
from coordinator_app.services.startup import DEMO_PASSPHRASE  # noqa: E402

CHILD = """
import os, sys, threading, time, json
from datetime import date
from pathlib import Path
sys.path.insert(0, {root!r})
from coordinator_app.services import returns, vaults
PAGE = os.sysconf("SC_PAGE_SIZE")
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE
vault = vaults.unlock(Path({vault!r}), {phrase!r})
start_rss, peak, done = rss(), [0], threading.Event()
def sample():
    while not done.is_set():
        peak[0] = max(peak[0], rss())
        time.sleep(0.01)
threading.Thread(target=sample, daemon=True).start()
start = time.perf_counter()
path = returns.export_full_history(vault, Path({work!r}), today=date.today())
seconds = time.perf_counter() - start
done.set()
vault.close()
print(json.dumps({{"seconds": seconds, "extra_mib": (peak[0] - start_rss) / 2**20}}))
"""


def child(vault: Path, work: str) -> dict[str, float]:
    code = CHILD.format(root=str(ROOT), vault=str(vault), phrase=DEMO_PASSPHRASE, work=work)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:8.1f} ms  worst {max(values) * 1000:8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vault", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(args.vault)
    work = Path(tempfile.mkdtemp())
    vault = vaults.unlock(folder, DEMO_PASSPHRASE)
    plain_path = work / "plain.db"
    raw = connect(folder / "vault.db", vault._data_key)
    raw.execute(f"ATTACH DATABASE '{plain_path}' AS plain KEY ''")
    raw.execute("SELECT sqlcipher_export('plain')")
    raw.execute("DETACH DATABASE plain")
    raw.close()
    plain = sqlite3.connect(plain_path)
    month = months_before(date.today(), 1)[0]
    keys = signing.as_trusted(signing.records(vault))

    build, build_plain, check, check_plain = [], [], [], []
    built = None
    for _ in range(args.runs):
        t = time.perf_counter()
        built = returns.build_return(vault, month, work / "out", today=date.today())
        build.append(time.perf_counter() - t)
        t = time.perf_counter()
        out = io.StringIO()
        csv.writer(out).writerows(
            plain.execute("SELECT * FROM shift WHERE month = ? ORDER BY shift_date", (month,))
        )
        (work / "plain.csv").write_text(out.getvalue())
        build_plain.append(time.perf_counter() - t)

        data = built.path.read_bytes()
        t = time.perf_counter()
        verify_bundle(data, built.path.name, keys, None, datetime.now(UTC), read_totals)
        check.append(time.perf_counter() - t)
        t = time.perf_counter()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                hashlib.sha256(archive.read(name)).hexdigest()
        check_plain.append(time.perf_counter() - t)
    assert built is not None
    shifts_in_month = plain.execute(
        "SELECT count(*) FROM shift WHERE month = ?", (month,)
    ).fetchone()[0]
    total = plain.execute("SELECT count(*) FROM shift").fetchone()[0]
    plain.close()
    plain_path.unlink()

    seen: list[int] = []

    def stop_early(done: int, _total: int, _label: str) -> None:
        seen.append(done)
        if done >= 50_000:
            cancel.cancel()

    cancel = Progress(stop_early)
    try:
        returns.export_full_history(vault, work / "cancelled", today=date.today(), progress=cancel)
        cancelled = "NOT cancelled"
    except Cancelled:
        left = list((work / "cancelled").glob("*")) if (work / "cancelled").exists() else []
        cancelled = f"cancelled after {max(seen):,} rows; files left: {len(left)}"
    vault.close()

    full, peaks = [], []
    for _ in range(max(3, args.runs // 2)):
        result = child(folder, str(work / "history"))
        full.append(result["seconds"])
        peaks.append(result["extra_mib"])
    size = sum(p.stat().st_size for p in (work / "history").glob("*.xlsx")) / 1e6

    print(f"large demo: {total:,} shifts; monthly return for {month}: {shifts_in_month:,} shifts")
    print(f"bundle {built.path.name}: {built.path.stat().st_size / 1e6:.2f} MB")
    for name, ours, plain_times in (
        ("monthly return (xlsx + PDF + sign + zip)", build, build_plain),
        ("verify the monthly bundle (all checks)", check, check_plain),
    ):
        ratio = statistics.median(ours) / statistics.median(plain_times)
        print(f"{name:42} {ms(ours)} | baseline {ms(plain_times)} | ratio {ratio:.1f}")
    print(
        f"full history ({total:,} shifts, {size:.1f} MB xlsx): median "
        f"{statistics.median(full):.1f} s, worst {max(full):.1f} s; resident memory above "
        f"the unlocked vault's: median +{statistics.median(peaks):.0f} MiB, "
        f"worst +{max(peaks):.0f} MiB"
    )
    print(f"cancel: {cancelled}")
    print("targets: monthly <= 1 s; verify <= 0.2 s; full history <= 30 s and <= +150 MB")


if __name__ == "__main__":
    main()
