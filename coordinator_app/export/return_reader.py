"""Reading what the programme manager's analysis needs from a verified return's workbook
(``return.xlsx``, see docs/return-workbook.md). Only the sheets used are parsed
(``xlsx_rows``: streamed, nothing else read), columns are found by their heading, and a row
whose cells are not of the documented type is skipped: the workbook is signed, but a
figure is only counted when it is what the data dictionary says it is. A version 1 return
has no learning sheets: those figures come back as None ("not in the return"), never 0."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from coordinator_app.domain.periods import parse_period
from coordinator_app.domain.programme_records import (
    SCALE_LABELS,
    BarrierMonths,
    Journey,
    Rated,
    ReturnRecords,
)
from coordinator_app.export.xlsx_rows import Workbook, serial_date

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
Row = dict[str, Any]


def read_records(
    data: bytes, trust: str, period_label: str, totals: Mapping[str, int], latest: bool
) -> ReturnRecords:
    """The return's records for the analysis; ``latest``: also its whole-history sheets
    (barriers with their months, journeys), read from each trust's latest return only."""
    book = Workbook(data)
    try:
        names = set(book.sheetnames)

        def rows(sheet: str, *headings: str) -> Iterator[Row]:
            """Only the columns read (``Workbook.columns``): the rest is never decoded."""
            if sheet not in names:
                return iter(())
            return book.columns(sheet, headings)

        learning = "Barriers by kind" in names
        whole = latest and learning
        kinds = rows("Barriers by kind", "Barrier", "Identified", "Resolved")
        sources = rows("Referral sources", "Referral source", "Enquiries in period")
        results = rows("Follow-up results", "Months after", "Result", "Follow-ups")
        return ReturnRecords(
            trust=trust,
            period_label=period_label,
            months=tuple(parse_period(period_label).months()),
            totals=dict(totals),
            milestones_by_pathway=_count(rows("Milestones", "Pathway"), "Pathway"),
            outcomes_by_kind=_count(rows("Outcomes", "Outcome"), "Outcome"),
            reviews=tuple(_reviews(rows("Reviews", "Code", "Date", *SCALE_LABELS))),
            barriers_by_kind=_barrier_kinds(kinds) if learning else None,
            referrals=_referrals(sources) if learning else None,
            follow_ups=_follow_ups(results) if learning else None,
            barrier_months=tuple(_barrier_months(rows("Barriers", "Identified", "Resolved")))
            if whole
            else None,
            journeys=tuple(_journeys(rows("Journeys", "First shift", "Days to first shift")))
            if whole
            else None,
        )
    finally:
        book.close()


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _month(value: object) -> str | None:
    return value if isinstance(value, str) and _MONTH.fullmatch(value) else None


def _count(rows: Iterator[Row], column: str) -> dict[str, int]:
    counted: Counter[str] = Counter()
    for row in rows:
        label = _text(row.get(column))
        if label is not None:
            counted[label] += 1
    return dict(counted)


def _reviews(rows: Iterator[Row]) -> Iterator[Rated]:
    for row in rows:
        code, day = _text(row.get("Code")), serial_date(row.get("Date"))
        if code is None or day is None:
            continue
        ratings = tuple(_whole(row.get(label)) for label in SCALE_LABELS)
        yield Rated(code, day, tuple(r if r is not None and 1 <= r <= 5 else None for r in ratings))


def _barrier_kinds(rows: Iterator[Row]) -> dict[str, tuple[int, int]]:
    kinds: dict[str, tuple[int, int]] = {}
    for row in rows:
        label = _text(row.get("Barrier"))
        found, resolved = _whole(row.get("Identified")), _whole(row.get("Resolved"))
        if label is not None and found is not None and resolved is not None:
            before = kinds.get(label, (0, 0))
            kinds[label] = (before[0] + found, before[1] + resolved)
    return kinds


def _referrals(rows: Iterator[Row]) -> dict[str, int]:
    sources: Counter[str] = Counter()
    for row in rows:
        label, count = _text(row.get("Referral source")), _whole(row.get("Enquiries in period"))
        if label is not None and count is not None:
            sources[label] += count
    return dict(sources)


def _follow_ups(rows: Iterator[Row]) -> dict[tuple[int, str], int]:
    results: Counter[tuple[int, str]] = Counter()
    for row in rows:
        months, result = _whole(row.get("Months after")), _text(row.get("Result"))
        count = _whole(row.get("Follow-ups"))
        if months is not None and result is not None and count is not None:
            results[(months, result)] += count
    return dict(results)


def _barrier_months(rows: Iterator[Row]) -> Iterator[BarrierMonths]:
    for row in rows:
        identified = _month(row.get("Identified"))
        if identified is not None:
            yield BarrierMonths(identified, _month(row.get("Resolved")))


def _journeys(rows: Iterator[Row]) -> Iterator[Journey]:
    for row in rows:
        month, days = _month(row.get("First shift")), _whole(row.get("Days to first shift"))
        if month is not None and days is not None and days >= 0:
            yield Journey(month, days)
