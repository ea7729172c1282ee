"""The programme manager's side, each against a baseline measured in the same run.

- programme_consolidate: 5 trusts x 12 monthly returns, each of the demo vault's size:
  every bundle verified (every check, workbook totals included), the analysis read from
  each return's workbook, the combined workbook with its cross-trust sheets written;
  against unzipping and hashing every bundle and openpyxl alone reading the same sheets.
- programme_report: the programme report PDF (charts and tables for every figure) from
  that analysis, against the same published figures as one plain reportlab table.

The twelve returns are built once from the demo vault (its last twelve months); each of the
five trusts sends the same twelve bundles, so the work is that of sixty returns of this size
(each bundle is verified as its own trust signed it; the analysis then counts it as trust
1 to 5). Targets (issue 21): consolidating <= 10 s, the report <= 3 s.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import load_workbook
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table

from benchmarks.common import Bench, Result, result, timed
from coordinator_app.data.vault import Vault
from coordinator_app.domain.programme_figures import Analysis
from coordinator_app.domain.shifts import months_before
from coordinator_app.domain.suppression import publish_all
from coordinator_app.domain.trusts import all_trusts
from coordinator_app.export.consolidate import in_force, write_consolidated
from coordinator_app.export.programme_report import programme_report_pdf
from coordinator_app.export.programme_sheets import analyse_returns, workbook_in
from coordinator_app.export.return_workbook import read_totals
from coordinator_app.export.verify.bundle import AcceptedReturn, TrustedKey, verify_bundle
from coordinator_app.services.returns import returns, returns_chain
from coordinator_app.services.returns.returns import BuiltReturn
from coordinator_app.services.vault import signing

CONSOLIDATE_TARGET_S = 10.0
REPORT_TARGET_S = 3.0
MONTHS = 12
SHEETS: tuple[str, ...] = ("Summary", "Milestones", "Outcomes", "Reviews", "Barriers by kind")
SHEETS += ("Referral sources", "Follow-up results")
LATEST_SHEETS = ("Barriers", "Journeys")


def _consolidate(bundles: list[tuple[str, bytes]], keys: list[TrustedKey], out: Path) -> Analysis:
    """What `consolidate --report` does before the PDF, for five trusts' bundles."""
    names = {t.code: t.name for t in all_trusts()}
    now = datetime.now(UTC)
    accepted: list[AcceptedReturn] = []
    books: dict[str, bytes] = {}
    for trust in names:
        for name, data in bundles:
            checked = verify_bundle(data, name, keys, None, now, read_totals)
            mine = replace(
                checked, trust=trust, manifest_sha256=f"{trust}{checked.manifest_sha256}"
            )
            accepted.append(mine)
            books[mine.manifest_sha256] = workbook_in(data)
    analysis = analyse_returns(in_force(accepted), lambda r: books[r.manifest_sha256], names)
    write_consolidated(out, accepted, [], list(names), date.today(), now, analysis)
    return analysis


def _read_plainly(bundles: list[tuple[str, bytes]]) -> None:
    """The floor: unzip and hash each bundle, and openpyxl read every row of the sheets the
    analysis reads (the whole-history ones from each trust's latest return)."""
    for _trust in range(len(all_trusts())):
        for n, (_name, data) in enumerate(bundles):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for entry in archive.namelist():
                    hashlib.sha256(archive.read(entry)).hexdigest()
                book = load_workbook(io.BytesIO(archive.read("return.xlsx")), read_only=True)
            wanted = SHEETS + (LATEST_SHEETS if n == len(bundles) - 1 else ())
            for sheet in wanted:
                for _row in book[sheet].iter_rows(values_only=True):
                    pass
            book.close()


def _plain_report(analysis: Analysis) -> bytes:
    rows = [
        [label, *[c.text for c in cells]]
        for table in publish_all(analysis)
        for label, cells in (*table.rows, *table.measures)
    ]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([Table(rows, repeatRows=0)])
    return out.getvalue()


def _build(vault: Vault, month: str, out: Path) -> BuiltReturn:
    """A return of the copy; a copy made again from the same demo asks to confirm the
    number it continues from (this machine remembers the returns the last copy sent)."""
    try:
        return returns.build_return(vault, month, out, today=date.today())
    except returns_chain.SequenceNotConfirmed as asked:
        return returns.build_return(
            vault, month, out, today=date.today(), accept_sequence=asked.sequence
        )


def measure(bench: Bench) -> list[Result]:
    vault = bench.vault()
    work = bench.work / "programme"
    work.mkdir(parents=True, exist_ok=True)
    keys = signing.as_trusted(signing.records(vault))
    bundles: list[tuple[str, bytes]] = []
    for month in reversed(months_before(date.today(), MONTHS)):
        built = _build(vault, month, work / "in")
        bundles.append((built.path.name, built.path.read_bytes()))
    ours: list[float] = []
    plain: list[float] = []
    report: list[float] = []
    report_plain: list[float] = []
    for _ in range(bench.runs):
        analysis = timed(ours, _consolidate, bundles, keys, work / "combined.xlsx")
        timed(plain, _read_plainly, bundles)
        timed(report, programme_report_pdf, analysis, datetime.now(UTC))
        timed(report_plain, _plain_report, analysis)
    size = sum(len(data) for _name, data in bundles) / 1e6
    trusts = len(all_trusts())
    return [
        result(
            "programme_consolidate",
            "s",
            ours,
            plain,
            CONSOLIDATE_TARGET_S,
            what=f"{trusts} trusts x {MONTHS} monthly returns ({size:.1f} MB of bundles a trust): "
            "verified, analysed, combined workbook with the cross-trust sheets",
            baseline_is="unzip and hash every bundle, openpyxl alone reading the same sheets",
        ),
        result(
            "programme_report",
            "s",
            report,
            report_plain,
            REPORT_TARGET_S,
            what="the programme report PDF from that analysis (charts and tables)",
            baseline_is="the same published figures as one plain reportlab table",
        ),
    ]
