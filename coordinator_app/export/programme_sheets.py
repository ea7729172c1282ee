"""The programme manager's analysis from verified returns, and its cross-trust sheets in
the combined workbook: each trust side by side, then the programme, counts of 1 to 4 and
the cells that would give them away hidden as in the funder's report."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping, Sequence

from coordinator_app.domain.periods import parse_period
from coordinator_app.domain.programme_figures import Analysis, analyse
from coordinator_app.domain.suppression import NOTES, PublishedTable, publish_all
from coordinator_app.export.return_reader import read_records
from coordinator_app.export.verify.bundle import AcceptedReturn
from coordinator_app.export.xlsx_book import Book, Value

WORKBOOK = "return.xlsx"
SHEETS = {
    "activity": "Programme activity",
    "people": "Programme volunteers",
    "barriers_identified": "Barriers identified",
    "barriers_resolved": "Barriers resolved",
    "time_to_resolve": "Time to resolve barriers",
    "milestones": "Milestones by pathway",
    "outcomes": "Outcomes by kind",
    "lasted_6": "Outcomes lasting 6 months",
    "lasted_12": "Outcomes lasting 12 months",
    "distance": "Distance travelled",
    "referrals": "Referral sources",
    "first_shift": "Time to first shift",
}
DEFINITIONS_SHEET = "Programme definitions"
PROGRAMME = "Programme"


def workbook_in(bundle: bytes) -> bytes:
    """The return's workbook inside a verified bundle (plain ZIP bytes)."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return archive.read(WORKBOOK)


def analyse_returns(
    used: Sequence[AcceptedReturn],
    workbook_of: Callable[[AcceptedReturn], bytes],
    names: Mapping[str, str],
) -> Analysis:
    """The analysis of the returns in force (``consolidate.in_force``); ``workbook_of`` gives
    each one's ``return.xlsx``. Each trust's latest return is read whole."""
    latest: dict[str, AcceptedReturn] = {}
    for r in used:
        end = parse_period(r.period_label).end
        if r.trust not in latest or end > parse_period(latest[r.trust].period_label).end:
            latest[r.trust] = r
    records = [
        read_records(workbook_of(r), r.trust, r.period_label, r.totals, latest[r.trust] is r)
        for r in used
    ]
    return analyse(records, names)


def add_programme_sheets(book: Book, analysis: Analysis) -> None:
    codes = [t.code for t in analysis.trusts]
    for table in publish_all(analysis):
        book.add_sheet(
            SHEETS[table.table.key],
            (table.table.row_heading, *codes, PROGRAMME),
            _rows(table),
            widths=[48, *[12] * len(codes), 14],
        )
    book.add_sheet(DEFINITIONS_SHEET, ("Item", "Meaning"), _definitions(analysis), widths=[34, 110])


def _rows(table: PublishedTable) -> list[Sequence[Value]]:
    """Counts as whole numbers, averages and medians as numbers; what is hidden as its mark."""
    rows: list[Sequence[Value]] = [
        (label, *[_cell(c.value, c.text, counted=True) for c in cells])
        for label, cells in table.rows
    ]
    rows += [
        (label, *[_cell(c.value, c.text, counted=False) for c in cells])
        for label, cells in table.measures
    ]
    return [*rows, (), ("What it counts", table.table.definition)]


def _cell(value: float | None, text: str, counted: bool) -> Value:
    if value is None:
        return text
    return int(value) if counted else value


def _definitions(analysis: Analysis) -> list[Sequence[Value]]:
    trusts = [(f"Trust {t.code}", f"{t.name}: {_months(t.months)}") for t in analysis.trusts]
    return [
        ("Period covered", f"{analysis.first_month} to {analysis.last_month}"),
        *trusts,
        (
            PROGRAMME,
            "the trusts added up; for a figure a trust's returns do not hold, the trusts that do.",
        ),
        *[(f"Shown as {mark}", meaning) for mark, meaning in NOTES],
        *[(SHEETS[t.key], t.definition) for t in analysis.tables],
    ]


def _months(months: Sequence[str]) -> str:
    if not months:
        return "no returns"
    return f"{months[0]} to {months[-1]} ({len(months)} months)"
