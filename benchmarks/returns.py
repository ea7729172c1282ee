"""Returns, each against a baseline measured in the same run.

- monthly_return: last month's return (workbook, summary PDF, signature, bundle) against
  plain SQLite reading the same month's shifts and writing them as CSV;
- bundle_verify: verifying that bundle (every check, workbook totals included) against only
  unzipping it and hashing its entries;
- full_export / full_export_memory: the full-history workbook (all shifts) in a child process
  sampling its own resident memory every 10 ms (peak during the export minus before it),
  against the same content written by openpyxl's write-only workbook in the same way.

Targets (Returns issue): monthly return <= 1 s including PDF; verify <= 0.2 s; full history
<= 30 s and <= +150 MB memory.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

from benchmarks.common import Bench, Result, result, timed
from coordinator_app.domain.shifts import months_before
from coordinator_app.export.return_workbook import read_totals
from coordinator_app.export.verify.bundle import verify_bundle
from coordinator_app.services.returns import returns
from coordinator_app.services.vault import signing

# Run as `python -c`: both writers in the same harness, so only the writer differs.
CHILD = """
import json, os, sys, threading, time
from datetime import UTC, date, datetime
from pathlib import Path
from coordinator_app.services.returns import returns
from coordinator_app.services.vault import vaults

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def openpyxl_alone(vault, out):
    # The same rows from the same query, written by openpyxl's write-only workbook alone.
    from openpyxl import Workbook
    from sqlalchemy import func, select
    from coordinator_app.data.database import reading_once
    from coordinator_app.data.models import ShiftRow
    from coordinator_app.domain.periods import ReturnPeriod
    from coordinator_app.services.returns import return_content

    with vault.unit_of_work() as session:
        first = session.scalar(select(func.min(ShiftRow.shift_date)))
        period = ReturnPeriod("history", first, date.today())
        with reading_once(session):
            content = return_content.gather(session, period, datetime.now(UTC))
            book = Workbook(write_only=True)
            for sheet in content.sheets:
                ws = book.create_sheet(sheet.name)
                ws.append([c.name for c in sheet.columns])
                for row in sheet.rows:
                    ws.append(list(row))
            book.save(out / "openpyxl.xlsx")


vault = vaults.unlock(Path(sys.argv[1]), sys.argv[2])
out = Path(sys.argv[3])
out.mkdir(parents=True, exist_ok=True)
start_rss, peak, done = rss(), [0], threading.Event()


def sample():
    while not done.is_set():
        peak[0] = max(peak[0], rss())
        time.sleep(0.01)


threading.Thread(target=sample, daemon=True).start()
start = time.perf_counter()
if sys.argv[4] == "ours":
    returns.export_full_history(vault, out, today=date.today())
else:
    openpyxl_alone(vault, out)
seconds = time.perf_counter() - start
done.set()
vault.close()
print(json.dumps({"seconds": seconds, "extra_mib": (peak[0] - start_rss) / 2**20}))
"""


def _export(folder: Path, passphrase: str, out: Path, writer: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), passphrase, str(out), writer],
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    )
    measured: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def measure_monthly(bench: Bench) -> list[Result]:
    vault = bench.vault()
    plain = bench.plain()
    work = bench.work / "returns"
    month = months_before(date.today(), 1)[0]
    keys = signing.as_trusted(signing.records(vault))
    build: list[float] = []
    build_plain: list[float] = []
    check: list[float] = []
    check_plain: list[float] = []

    def plain_csv() -> None:
        out = io.StringIO()
        csv.writer(out).writerows(
            # By date, so the date index finds them (month has no index of its own).
            plain.execute(
                "SELECT * FROM shift WHERE shift_date BETWEEN ? AND ? ORDER BY shift_date",
                (f"{month}-01", f"{month}-31"),
            )
        )
        (work / "plain.csv").write_text(out.getvalue())

    def unzip_and_hash(data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                hashlib.sha256(archive.read(name)).hexdigest()

    for _ in range(bench.runs):
        built = timed(build, returns.build_return, vault, month, work, today=date.today())
        timed(build_plain, plain_csv)
        data = built.path.read_bytes()
        now = datetime.now(UTC)
        timed(check, verify_bundle, data, built.path.name, keys, None, now, read_totals)
        timed(check_plain, unzip_and_hash, data)
    shifts = plain.execute("SELECT count(*) FROM shift WHERE month = ?", (month,)).fetchone()[0]
    plain.close()
    return [
        result(
            "monthly_return",
            "ms",
            build,
            build_plain,
            1000.0,
            what=f"last month's return ({shifts:,} shifts): workbook, PDF, signature, bundle",
            baseline_is="plain SQLite reading the month's shifts, written as CSV",
        ),
        result(
            "bundle_verify",
            "ms",
            check,
            check_plain,
            200.0,
            what="verify that bundle: every check, workbook totals included",
            baseline_is="unzip the bundle and hash its entries",
        ),
    ]


def measure_full_export(bench: Bench) -> list[Result]:
    folder = bench.closed()
    out = bench.work / "history"
    ours: list[dict[str, float]] = []
    base: list[dict[str, float]] = []
    for _ in range(bench.runs):
        ours.append(_export(folder, bench.passphrase, out, "ours"))
        base.append(_export(folder, bench.passphrase, out, "openpyxl"))
    size = sum(p.stat().st_size for p in out.glob("rvc-history*.xlsx")) / 1e6
    baseline_is = "the same rows written by openpyxl's write-only workbook alone"
    return [
        result(
            "full_export",
            "s",
            [r["seconds"] for r in ours],
            [r["seconds"] for r in base],
            30.0,
            what=f"the full-history workbook, every period ({size:.1f} MB xlsx)",
            baseline_is=baseline_is,
        ),
        result(
            "full_export_memory",
            "MiB",
            [r["extra_mib"] for r in ours],
            [r["extra_mib"] for r in base],
            150 * 1e6 / 2**20,
            what="peak resident memory during the full-history export, above the open vault's",
            baseline_is=baseline_is,
            note="target: +150 MB",
        ),
    ]
