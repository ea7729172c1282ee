"""The programme manager's analysis: from the returns in force (one per trust and period),
the cross-trust figures the funder's report, the combined workbook and the programme
screen show, each trust side by side with a programme column. Exact counts here; what is
published (small counts suppressed) is ``domain/suppression.py``'s work."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import median_low

from coordinator_app.domain.programme_records import SCALE_LABELS, Rated, ReturnRecords

Count = int | None  # None: not in this trust's returns (a version 1 return)
Value = float | None


@dataclass(frozen=True)
class TrustColumn:
    code: str
    name: str
    months: tuple[str, ...]  # YYYY-MM covered by its returns in force
    returns: int
    learning_returns: int  # of them, returns holding the version 2 learning sheets


@dataclass(frozen=True)
class Measure:
    """A figure worked out over the people or records counted in one row of its table (an
    average, a median): shown only where that row's count is."""

    label: str
    values: tuple[Value, ...]  # per trust, then the programme
    based_on: int  # the row of the table it is over (len(rows): the total row)
    decimals: int


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    row_heading: str
    counting: str  # what a cell counts: "barriers", "people", …
    rows: tuple[tuple[str, tuple[Count, ...]], ...]  # label, per trust (no programme)
    definition: str
    total_label: str | None = None  # a total row under the rows
    measures: tuple[Measure, ...] = ()
    suppressed: bool = True  # counts of 1-4 shown as "<5" (people and their records)
    chart: bool = True
    # The total row when there are no rows (nothing of the kind in any return): 0 for a
    # trust whose returns hold the figure, None (not in its returns) for one whose do not.
    empty_total: tuple[Count, ...] = ()


@dataclass(frozen=True)
class Analysis:
    trusts: tuple[TrustColumn, ...]
    first_month: str
    last_month: str
    tables: tuple[Table, ...]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


Band = tuple[int, int, str]  # lowest, highest, label
RESOLVE_BANDS: tuple[Band, ...] = (
    (0, 0, "Within the month identified"),
    (1, 1, "1 month"),
    (2, 3, "2 to 3 months"),
    (4, 6, "4 to 6 months"),
    (7, 10**6, "7 months or more"),
)
SHIFT_BANDS: tuple[Band, ...] = (
    (0, 7, "0 to 7 days"),
    (8, 28, "8 to 28 days"),
    (29, 56, "29 to 56 days"),
    (57, 91, "57 to 91 days"),
    (92, 10**6, "92 days or more"),
)
# A follow-up's result and how the report words it.
RESULTS = (
    ("In post", "Lasted: in post"),
    ("In study", "Lasted: in study"),
    ("Left", "Did not last: left"),
)


def analyse(records: Sequence[ReturnRecords], names: Mapping[str, str]) -> Analysis:
    """``records``: the returns in force, the latest of each trust read with its
    whole-history sheets; ``names``: trust code to its name."""
    codes = sorted({r.trust for r in records})
    own = {code: [r for r in records if r.trust == code] for code in codes}
    columns = tuple(
        TrustColumn(
            code,
            names.get(code, code),
            tuple(sorted({m for r in own[code] for m in r.months})),
            len(own[code]),
            sum(1 for r in own[code] if r.has_learning),
        )
        for code in codes
    )
    latest = {code: max(own[code], key=lambda r: r.months[-1]) for code in codes}
    months = sorted({m for c in columns for m in c.months}) or [""]
    cols = [own[c] for c in codes]
    covered = [set(c.months) for c in columns]
    tables = (
        _activity(cols),
        _people(cols, [latest[c] for c in codes]),
        _by_kind(
            "barriers_identified",
            "Barriers to work identified, by barrier",
            "Barrier",
            "barriers",
            [
                _learning(rs, lambda r: {k: v[0] for k, v in (r.barriers_by_kind or {}).items()})
                for rs in cols
            ],
            "All barriers identified",
            "Barrier records identified in the period covered (the returns' Barriers by kind).",
        ),
        _by_kind(
            "barriers_resolved",
            "Barriers to work resolved, by barrier",
            "Barrier",
            "barriers",
            [
                _learning(rs, lambda r: {k: v[1] for k, v in (r.barriers_by_kind or {}).items()})
                for rs in cols
            ],
            "All barriers resolved",
            "Barrier records resolved in the period covered (the returns' Barriers by kind).",
        ),
        _time_to_resolve([latest[c] for c in codes], covered),
        _by_kind(
            "milestones",
            "Career milestones achieved, by pathway",
            "Pathway",
            "milestones",
            [_summed(rs, lambda r: r.milestones_by_pathway) for rs in cols],
            "All milestones",
            "Milestones achieved in the period covered, by the pathway they belong to.",
        ),
        _by_kind(
            "outcomes",
            "Outcomes that began, by kind",
            "Outcome",
            "outcomes",
            [_summed(rs, lambda r: r.outcomes_by_kind) for rs in cols],
            "All outcomes",
            "Outcomes (jobs, apprenticeships, training, study, leaving) that began in the "
            "period covered.",
        ),
        _lasted(6, cols),
        _lasted(12, cols),
        _distance(cols),
        _by_kind(
            "referrals",
            "Enquiries by referral source",
            "Referral source",
            "people",
            [_learning(rs, lambda r: r.referrals or {}) for rs in cols],
            "All enquiries",
            "Volunteers in the returns whose enquiry fell in the period covered, by who "
            "referred them (Other: a source typed in; Not recorded: none given).",
        ),
        _first_shift([latest[c] for c in codes], covered),
    )
    return Analysis(columns, months[0], months[-1], tables)


def programme_sum(counts: Iterable[Count]) -> Count:
    """The programme column: the trusts that have the figure, added up."""
    known = [c for c in counts if c is not None]
    return sum(known) if known else None


def _summed(
    returns: Sequence[ReturnRecords], part: Callable[[ReturnRecords], Mapping[str, int]]
) -> dict[str, int]:
    total: dict[str, int] = defaultdict(int)
    for r in returns:
        for label, n in part(r).items():
            total[label] += n
    return dict(total)


def _learning(
    returns: Sequence[ReturnRecords], part: Callable[[ReturnRecords], Mapping[str, int]]
) -> dict[str, int] | None:
    with_it = [r for r in returns if r.has_learning]
    return _summed(with_it, part) if with_it else None


def _by_kind(
    key: str,
    title: str,
    heading: str,
    counting: str,
    per_trust: Sequence[Mapping[str, int] | None],
    total: str,
    definition: str,
) -> Table:
    labels: dict[str, int] = defaultdict(int)
    for counts in per_trust:
        for label, n in (counts or {}).items():
            labels[label] += n
    order = sorted(labels, key=lambda label: (-labels[label], label))
    rows = tuple(
        (label, tuple(None if c is None else c.get(label, 0) for c in per_trust)) for label in order
    )
    empty_total = tuple(None if c is None else 0 for c in per_trust)
    return Table(
        key, title, heading, counting, rows, definition, total_label=total, empty_total=empty_total
    )


def _activity(cols: Sequence[Sequence[ReturnRecords]]) -> Table:
    def added(key: str) -> tuple[Count, ...]:
        return tuple(sum(r.totals.get(key, 0) for r in rs) for rs in cols)

    return Table(
        "activity",
        "The returns and the volunteering",
        "Figure",
        "",
        (
            ("Returns in force", tuple(len(rs) for rs in cols)),
            (
                "Of them, with the learning figures",
                tuple(sum(r.has_learning for r in rs) for rs in cols),
            ),
            ("Months of returns", tuple(len({m for r in rs for m in r.months}) for rs in cols)),
            ("Shifts attended", added("shifts_attended")),
            (
                "Hours on wards and departments",
                tuple((c or 0) // 60 for c in added("service_minutes")),
            ),
            (
                "Hours of training and workshops",
                tuple((c or 0) // 60 for c in added("training_minutes")),
            ),
        ),
        "Returns in force are the latest for each trust and period. Hours are whole hours, "
        "added up over the months covered.",
        suppressed=False,
        chart=False,
    )


def _people(cols: Sequence[Sequence[ReturnRecords]], latest: Sequence[ReturnRecords]) -> Table:
    def learning_total(r: ReturnRecords, key: str) -> Count:
        return r.totals.get(key, 0) if r.has_learning else None

    return Table(
        "people",
        "Volunteers and open barriers",
        "Figure",
        "people",
        (
            (
                "Volunteers in the latest return",
                tuple(r.totals.get("volunteers_included", 0) for r in latest),
            ),
            (
                "Volunteers who joined in the period covered",
                tuple(sum(r.totals.get("volunteers_new", 0) for r in rs) for rs in cols),
            ),
            (
                "Barriers still open at the latest period's end",
                tuple(learning_total(r, "barriers_open") for r in latest),
            ),
        ),
        "Volunteers who gave consent to sharing. People are counted in each trust's latest "
        "return; joiners are added up over the months covered.",
        chart=False,
    )


def _banded(values: Sequence[int], bands: Sequence[tuple[int, int, str]]) -> list[int]:
    return [sum(1 for v in values if low <= v <= high) for low, high, _label in bands]


def _median(values: Sequence[int]) -> Value:
    return float(median_low(values)) if values else None


def _banded_table(
    key: str,
    title: str,
    heading: str,
    counting: str,
    per_trust: Sequence[list[int] | None],
    bands: Sequence[tuple[int, int, str]],
    total: str,
    median_label: str,
    definition: str,
) -> Table:
    counts = [None if v is None else _banded(v, bands) for v in per_trust]
    rows = tuple(
        (label, tuple(None if c is None else c[n] for c in counts))
        for n, (_lo, _hi, label) in enumerate(bands)
    )
    pooled = [x for v in per_trust if v is not None for x in v]
    medians = (*[None if v is None else _median(v) for v in per_trust], _median(pooled))
    measure = Measure(median_label, medians, len(bands), 0)
    return Table(key, title, heading, counting, rows, definition, total, (measure,))


def _month_number(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7])


def _time_to_resolve(latest: Sequence[ReturnRecords], covered: Sequence[set[str]]) -> Table:
    taken = [
        None
        if r.barrier_months is None
        else [
            _month_number(b.resolved) - _month_number(b.identified)
            for b in r.barrier_months
            if b.resolved is not None and b.resolved in months and b.resolved >= b.identified
        ]
        for r, months in zip(latest, covered, strict=True)
    ]
    return _banded_table(
        "time_to_resolve",
        "Barriers resolved, by the time they took",
        "Time from identified to resolved",
        "barriers",
        taken,
        RESOLVE_BANDS,
        "All barriers resolved (from the latest return)",
        "Median months to resolve",
        "Barriers resolved in the months covered, from each trust's latest return (its "
        "Barriers sheet lists every barrier with the months identified and resolved); "
        "whole months between the two. The median is the lower middle value.",
    )


def _first_shift(latest: Sequence[ReturnRecords], covered: Sequence[set[str]]) -> Table:
    days = [
        None if r.journeys is None else [j.days for j in r.journeys if j.first_shift in months]
        for r, months in zip(latest, covered, strict=True)
    ]
    return _banded_table(
        "first_shift",
        "Time from enquiry to a first shift",
        "Days from the enquiry",
        "people",
        days,
        SHIFT_BANDS,
        "All first shifts in the months covered",
        "Median days to a first shift",
        "Volunteers whose first shift (attended or late) fell in the months covered, from "
        "each trust's latest return (its Journeys sheet); days from the enquiry (the joined "
        "day, else the day the record was made). The median is the lower middle value.",
    )


def _lasted(months_after: int, cols: Sequence[Sequence[ReturnRecords]]) -> Table:
    found = [
        _learning(
            rs,
            lambda r: {res: n for (m, res), n in (r.follow_ups or {}).items() if m == months_after},
        )
        for rs in cols
    ]
    rows = tuple(
        (label, tuple(None if f is None else f.get(result, 0) for f in found))
        for result, label in RESULTS
    )
    return Table(
        f"lasted_{months_after}",
        f"Did outcomes last? Follow-ups {months_after} months on",
        "Result",
        "follow-ups",
        rows,
        f"Follow-ups done in the period covered {months_after} months after a job, training "
        "or study began: in post or in study means the outcome lasted.",
        total_label=f"All {months_after}-month follow-ups",
    )


def _distance(cols: Sequence[Sequence[ReturnRecords]]) -> Table:
    per_trust = [_first_and_latest([rv for r in rs for rv in r.reviews]) for rs in cols]
    people: list[tuple[str, tuple[Count, ...]]] = []
    measures: list[Measure] = []
    for n, scale in enumerate(SCALE_LABELS):
        people.append((f"{scale}: people rated twice or more", tuple(len(t[n]) for t in per_trust)))
        for which, word in ((0, "first"), (1, "latest")):
            values = [_average([p[which] for p in t[n]]) for t in per_trust]
            values.append(_average([p[which] for t in per_trust for p in t[n]]))
            measures.append(Measure(f"{scale}: {word} rating (average)", tuple(values), n, 2))
    return Table(
        "distance",
        "Distance travelled: self-ratings from 1 to 5",
        "Scale",
        "people",
        tuple(people),
        "For each scale, the people rated at least twice in the reviews of the period "
        "covered: the average of their first rating and of their latest.",
        measures=tuple(measures),
        chart=True,
    )


def _first_and_latest(reviews: Sequence[Rated]) -> list[list[tuple[int, int]]]:
    """Per scale, (first, latest) rating of each person rated on it at least twice."""
    by_person: dict[str, list[Rated]] = defaultdict(list)
    for review in reviews:
        by_person[review.code].append(review)
    scales: list[list[tuple[int, int]]] = [[] for _ in SCALE_LABELS]
    for code in sorted(by_person):
        held = sorted(by_person[code], key=lambda r: r.day)
        for n in range(len(SCALE_LABELS)):
            given = [r.ratings[n] for r in held if r.ratings[n] is not None]
            if len(given) >= 2:
                scales[n].append((given[0], given[-1]))  # type: ignore[arg-type]
    return scales


def _average(values: Sequence[int]) -> Value:
    return sum(values) / len(values) if values else None
