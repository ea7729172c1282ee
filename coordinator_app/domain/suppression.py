"""Publishing the programme's figures so that nobody can be singled out: a count of 1 to 4
is shown as "<5" (the returns' rule), and where a total is shown beside its parts, one
hidden part could be worked out by subtraction, so a second part is hidden with it (the
smallest count above zero; the total itself when there is none). Rows add up across the
trusts to the programme column and, in a table with a total row, columns add up to it:
both are checked, over and over, until nothing more needs hiding. A figure worked out
over a row's people (an average, a median) is shown only where that count is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from coordinator_app.domain.programme_figures import Analysis, Count, Measure, Table, programme_sum

State = Literal["shown", "small", "hidden", "missing", "none"]
SMALL, HIDDEN, MISSING, NONE = "<5", "*", "not in the returns", "–"
SMALLEST_SHOWN = 5

NOTES = (
    (SMALL, "a count from 1 to 4, not shown so that nobody can be identified."),
    (
        HIDDEN,
        "not shown so that a count under 5 cannot be worked out from a total; for an "
        "average or a median, worked out over a count that is not shown.",
    ),
    (MISSING, "the trust's returns do not hold this figure (returns made before version 2)."),
    (NONE, "nothing to work it out from (no one counted)."),
)


@dataclass(frozen=True)
class Shown:
    text: str
    value: float | None  # the figure when it is shown, else None
    state: State


@dataclass(frozen=True)
class PublishedTable:
    table: Table
    rows: tuple[tuple[str, tuple[Shown, ...]], ...]  # the rows, then the total row if any
    measures: tuple[tuple[str, tuple[Shown, ...]], ...]

    @property
    def body(self) -> tuple[tuple[str, tuple[Shown, ...]], ...]:
        """The rows without the total row (what a chart draws)."""
        return self.rows[: len(self.table.rows)]


def publish_all(analysis: Analysis) -> tuple[PublishedTable, ...]:
    return tuple(publish(t) for t in analysis.tables)


def grid(table: Table) -> list[list[Count]]:
    """The table's exact counts: its rows and total row, each trust then the programme."""
    rows = [list(values) for _label, values in table.rows]
    if table.total_label is not None:
        rows.append(
            [programme_sum(r[n] for r in rows) for n in range(len(rows[0]))]
            if rows
            else list(table.empty_total)
        )
    return [[*r, programme_sum(r)] for r in rows]


def hidden_cells(table: Table) -> tuple[list[list[Count]], set[tuple[int, int]]]:
    cells = grid(table)
    hidden = {
        (i, j)
        for i, row in enumerate(cells)
        for j, n in enumerate(row)
        if table.suppressed and n is not None and 1 <= n < SMALLEST_SHOWN
    }
    if not table.suppressed or not cells:
        return cells, hidden
    lines = [
        ([(i, j) for j in range(len(row) - 1)], (i, len(row) - 1)) for i, row in enumerate(cells)
    ]
    if table.total_label is not None:
        last = len(cells) - 1
        lines += [([(i, j) for i in range(last)], (last, j)) for j in range(len(cells[0]))]
    changed = True
    while changed:
        changed = False
        for parts, total in lines:
            changed |= _protect(cells, hidden, parts, total)
    return cells, hidden


def _protect(
    cells: list[list[Count]],
    hidden: set[tuple[int, int]],
    parts: list[tuple[int, int]],
    total: tuple[int, int],
) -> bool:
    """Hides one more cell of a line (parts adding up to a shown total) in which exactly one
    part is hidden; True if it did."""
    known = [p for p in parts if cells[p[0]][p[1]] is not None]
    if total in hidden or cells[total[0]][total[1]] is None:
        return False
    if sum(1 for p in known if p in hidden) != 1:
        return False
    others = [p for p in known if p not in hidden and (cells[p[0]][p[1]] or 0) > 0]
    chosen = min(others, key=lambda p: (cells[p[0]][p[1]] or 0, p)) if others else total
    hidden.add(chosen)
    return True


def publish(table: Table) -> PublishedTable:
    cells, hidden = hidden_cells(table)
    labels = [label for label, _ in table.rows]
    if table.total_label is not None:
        labels.append(table.total_label)
    rows = tuple(
        (label, tuple(_count(n, (i, j) in hidden) for j, n in enumerate(cells[i])))
        for i, label in enumerate(labels)
    )
    measures = tuple((m.label, _measure(m, rows[m.based_on][1])) for m in table.measures)
    return PublishedTable(table, rows, measures)


def _count(n: Count, hidden: bool) -> Shown:
    if n is None:
        return Shown(MISSING, None, "missing")
    if hidden:
        return (
            Shown(SMALL, None, "small")
            if 1 <= n < SMALLEST_SHOWN
            else Shown(HIDDEN, None, "hidden")
        )
    return Shown(f"{n:,}", float(n), "shown")


def _measure(measure: Measure, counts: Sequence[Shown]) -> tuple[Shown, ...]:
    out = []
    for value, count in zip(measure.values, counts, strict=True):
        if count.state == "missing":
            out.append(Shown(MISSING, None, "missing"))
        elif count.state in ("small", "hidden"):
            out.append(Shown(HIDDEN, None, "hidden"))
        elif value is None:
            out.append(Shown(NONE, None, "none"))
        else:
            out.append(Shown(f"{value:,.{measure.decimals}f}", value, "shown"))
    return tuple(out)
