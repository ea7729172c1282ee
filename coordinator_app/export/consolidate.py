"""The programme manager's combined workbook: every trust's accepted returns side by side,
a total across trusts, each trust's status (last return, missing, late), and what was
refused and why. Built only from returns that passed every check of the contract."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from coordinator_app.domain.periods import RETURN_DUE_WORKING_DAY, nth_working_day, parse_period
from coordinator_app.domain.programme_figures import Analysis
from coordinator_app.domain.return_figures import FIGURES
from coordinator_app.export.programme_sheets import add_programme_sheets
from coordinator_app.export.sheets import AGAIN, OWN_FILE, Cell
from coordinator_app.export.verify.bundle import AcceptedReturn
from coordinator_app.export.xlsx_book import Book, save


@dataclass(frozen=True)
class Refused:
    file: str
    code: str
    reason: str


@dataclass(frozen=True)
class TrustStatus:
    trust: str
    last_period: str
    last_sequence: int
    last_signed: datetime | None
    missing: tuple[tuple[int, int], ...]
    late: bool


def in_force(accepted: Sequence[AcceptedReturn]) -> list[AcceptedReturn]:
    """One return per trust and period: the latest (a correction replaces what it corrects)."""
    latest: dict[tuple[str, str], AcceptedReturn] = {}
    for item in accepted:
        key = (item.trust, item.period_label)
        if key not in latest or item.sequence > latest[key].sequence:
            latest[key] = item
    return sorted(latest.values(), key=lambda r: (r.trust, parse_period(r.period_label).start))


def statuses(
    accepted: Sequence[AcceptedReturn], trusts: Sequence[str], today: date
) -> list[TrustStatus]:
    """Per trust: its newest return, the sequence numbers never received, and whether last
    month's return is overdue (due on the following month's 5th working day)."""
    last_month_end = today.replace(day=1) - timedelta(days=1)
    due = nth_working_day(today.year, today.month, RETURN_DUE_WORKING_DAY)
    found = []
    for trust in sorted(set(trusts) | {a.trust for a in accepted}):
        own = sorted((a for a in accepted if a.trust == trust), key=lambda a: a.sequence)
        sequences = {a.sequence for a in own}
        missing = _gaps(sorted(sequences))
        covered = any(parse_period(a.period_label).end >= last_month_end for a in own)
        newest = own[-1] if own else None
        found.append(
            TrustStatus(
                trust=trust,
                last_period=newest.period_label if newest else "",
                last_sequence=newest.sequence if newest else 0,
                last_signed=newest.created_at if newest else None,
                missing=missing,
                late=not covered and today > due,
            )
        )
    return found


def write_consolidated(
    path: Path,
    accepted: Sequence[AcceptedReturn],
    refused: Sequence[Refused],
    trusts: Sequence[str],
    today: date,
    made: datetime,
    analysis: Analysis | None = None,
) -> None:
    """``analysis``: the cross-trust figures (``programme_sheets.analyse_returns``), written
    as published (small counts hidden) after the totals."""
    used = in_force(accepted)
    made = made.astimezone(UTC).replace(microsecond=0)

    def build(book: Book) -> None:
        book.add_sheet(
            "About",
            ("Item", "Value"),
            [
                ("Helpforce Refugee Volunteer to Career: returns combined", ""),
                ("Made", made.replace(tzinfo=None)),
                ("Returns accepted", len(accepted)),
                ("Returns in force (latest for each trust and period)", len(used)),
                ("Returns refused", len(refused)),
                (
                    "People counts",
                    "for the latest period of each trust; others add up over periods",
                ),
                (
                    "Cross-trust sheets (Programme activity to Time to first shift)",
                    "as published in the programme report: counts of 1 to 4 shown as <5, "
                    "see Programme definitions",
                ),
            ],
        )
        book.add_sheet("Status", *_status_sheet(statuses(accepted, trusts, today)))
        book.add_sheet("Totals", *_totals_sheet(used))
        if analysis is not None:
            add_programme_sheets(book, analysis)
        for trust in sorted({r.trust for r in used}):
            own = [r for r in used if r.trust == trust]
            book.add_sheet(
                trust[:31],
                ("Period", "Return no.", *[f.label for f in FIGURES]),
                [
                    (r.period_label, r.sequence, *[r.totals.get(f.key, 0) for f in FIGURES])
                    for r in own
                ],
            )
        book.add_sheet(
            "Returns",
            ("Trust", "Return no.", "Period", "Signed (UTC)", "Key id", "Corrects", "In force"),
            [
                (
                    r.trust,
                    r.sequence,
                    r.period_label,
                    r.created_at.replace(tzinfo=None),
                    r.key_id,
                    r.supersedes,
                    "yes" if r in used else "no",
                )
                for r in sorted(accepted, key=lambda r: (r.trust, r.sequence))
            ],
        )
        book.add_sheet(
            "Refused", ("File", "Code", "Reason"), [(r.file, r.code, r.reason) for r in refused]
        )

    save(path, build, created=made, forbidden=OWN_FILE, remedy=AGAIN)


Table = tuple[Sequence[str], list[Sequence[Cell]]]


def _status_sheet(found: list[TrustStatus]) -> Table:
    return (
        ("Trust", "Last period", "Last return no.", "Signed (UTC)", "Missing returns", "Late"),
        [
            (
                s.trust,
                s.last_period or "none received",
                s.last_sequence or None,
                s.last_signed.replace(tzinfo=None) if s.last_signed else None,
                ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in s.missing),
                "yes" if s.late else "no",
            )
            for s in found
        ],
    )


def _totals_sheet(used: list[AcceptedReturn]) -> Table:
    trusts = sorted({r.trust for r in used})
    rows: list[Sequence[Cell]] = []
    for figure in FIGURES:
        per_trust = []
        for trust in trusts:
            own = [r for r in used if r.trust == trust]
            if figure.adds_up:
                per_trust.append(sum(r.totals.get(figure.key, 0) for r in own))
            else:  # people are counted per period: the latest period's count
                latest = max(own, key=lambda r: parse_period(r.period_label).start)
                per_trust.append(latest.totals.get(figure.key, 0))
        rows.append((figure.label, figure.unit, *per_trust, sum(per_trust)))
    return ("Figure", "Unit", *trusts, "All trusts"), rows


def _gaps(sequences: list[int]) -> tuple[tuple[int, int], ...]:
    gaps, expected = [], 1
    for number in sequences:
        if number > expected:
            gaps.append((expected, number - 1))
        expected = number + 1
    return tuple(gaps)
