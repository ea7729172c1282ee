"""Returns, each against a baseline measured in the same run.

- monthly_return: last month's return (workbook, summary PDF, signature, bundle), and
  monthly_return_workbook: its workbook alone (records gathered, then written), both
  against XlsxWriter alone writing the same rows from the same queries (constant memory,
  ``write_row``): the floor for our writer, which checks every text and number on the way;
- bundle_verify: verifying that bundle (every check, workbook totals included) against only
  unzipping it and hashing its entries;
- full_export / full_export_memory: the full-history workbook (all shifts) in a child process
  sampling its own resident memory every 10 ms (peak during the export minus before it),
  against the same content written by openpyxl's write-only workbook in the same way.

Targets (Returns issue; issue 18 for the writer): monthly return <= 2.5 s including PDF,
its workbook <= 1.3 x XlsxWriter alone; verify <= 0.2 s; full history <= 30 s and <= +150 MB
memory.
"""

from __future__ import annotations

import hashlib
import io
import json
import statistics
import subprocess
import sys
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import xlsxwriter

from benchmarks.common import Bench, Result, result, timed
from coordinator_app.data.vault import Vault
from coordinator_app.domain.periods import parse_period
from coordinator_app.domain.shifts import months_before
from coordinator_app.export.return_workbook import read_totals, write_return_workbook
from coordinator_app.export.verify.bundle import verify_bundle
from coordinator_app.services.returns import return_content, returns
from coordinator_app.services.vault import signing

MONTHLY_TARGET_MS = 2500.0
WRITER_TARGET_RATIO = 1.3  # our workbook against XlsxWriter alone, same rows, same run

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


def workbook(vault: Vault, month: str, out: Path, writer: str) -> None:
    """The month's records gathered by the return's own queries, then written by our
    workbook writer (``ours``) or by XlsxWriter alone: only the writer differs."""
    period = parse_period(month)
    with vault.unit_of_work() as session:
        content = return_content.gather(session, period, datetime.now(UTC).replace(microsecond=0))
        if writer == "ours":
            (out / "ours.xlsx").write_bytes(write_return_workbook(content))
            return
        book = xlsxwriter.Workbook(
            str(out / "xlsxwriter.xlsx"),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "default_date_format": "dd/mm/yyyy",
            },
        )
        for sheet in content.sheets:
            page = book.add_worksheet(sheet.name)
            page.write_row(0, 0, [c.name for c in sheet.columns])
            for number, row in enumerate(sheet.rows, start=1):
                page.write_row(number, 0, row)
        book.close()


def measure_monthly(bench: Bench) -> list[Result]:
    vault = bench.vault()
    work = bench.work / "returns"
    work.mkdir(parents=True, exist_ok=True)
    month = months_before(date.today(), 1)[0]
    keys = signing.as_trusted(signing.records(vault))
    build: list[float] = []
    ours: list[float] = []
    alone: list[float] = []
    check: list[float] = []
    check_plain: list[float] = []

    def unzip_and_hash(data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                hashlib.sha256(archive.read(name)).hexdigest()

    for _ in range(bench.runs):
        built = timed(build, returns.build_return, vault, month, work, today=date.today())
        timed(ours, workbook, vault, month, work, "ours")
        timed(alone, workbook, vault, month, work, "xlsxwriter")
        data = built.path.read_bytes()
        now = datetime.now(UTC)
        timed(check, verify_bundle, data, built.path.name, keys, None, now, read_totals)
        timed(check_plain, unzip_and_hash, data)
    plain = bench.plain()
    shifts = plain.execute("SELECT count(*) FROM shift WHERE month = ?", (month,)).fetchone()[0]
    plain.close()
    baseline_is = "the same rows from the same queries written by XlsxWriter alone (write_row)"
    floor = statistics.median(alone) * 1000
    return [
        result(
            "monthly_return",
            "ms",
            build,
            alone,
            MONTHLY_TARGET_MS,
            what=f"last month's return ({shifts:,} shifts): workbook, PDF, signature, bundle",
            baseline_is=baseline_is,
        ),
        result(
            "monthly_return_workbook",
            "ms",
            ours,
            alone,
            WRITER_TARGET_RATIO * floor,
            what="that return's workbook alone: records gathered, every cell checked, written",
            baseline_is=baseline_is,
            note=f"target: {WRITER_TARGET_RATIO} x the baseline",
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
