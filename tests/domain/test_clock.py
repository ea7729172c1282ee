"""One clock: only domain/clock.py reads the wall clock for dates, and its "today" is
London's date."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import coordinator_app
from coordinator_app.domain.clock import SystemClock
from tests.clock import FixedClock

APP = Path(coordinator_app.__file__).parent
CLOCK_MODULE = APP / "domain" / "clock.py"
WALL_CLOCK_READS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
}


def wall_clock_reads(source: str) -> list[int]:
    """Lines calling date.today(), datetime.now(), datetime.utcnow() or datetime.today(),
    or handing one on uncalled (``today=date.today``), however the class was reached
    (``datetime.datetime.now`` too)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            owner = node.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (name, node.attr) in WALL_CLOCK_READS:
                lines.append(node.lineno)
    return sorted(lines)


def test_the_scan_finds_each_way_of_reading_the_wall_clock() -> None:
    reads = ["date.today()", "datetime.now(UTC)", "datetime.utcnow()", "dt.datetime.today()"]
    others = ["f(today=date.today)", "x.now()", "clock.today()"]
    source = "import datetime as dt\nfrom datetime import date, datetime\n"
    source += "\n".join([*reads, *others])
    assert wall_clock_reads(source) == [3, 4, 5, 6, 7]


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    found = {
        str(path.relative_to(APP)): lines
        for path in sorted(APP.rglob("*.py"))
        if path != CLOCK_MODULE and (lines := wall_clock_reads(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "take today/now from a Clock (coordinator_app.domain.clock) instead"
    assert wall_clock_reads(CLOCK_MODULE.read_text(encoding="utf-8"))


def test_today_is_london_s_date_and_now_is_aware_utc() -> None:
    # 23:30 UTC on 30 June is already 1 July in London (summer time).
    clock = FixedClock(datetime(2027, 6, 30, 23, 30, tzinfo=UTC))
    assert clock.today() == date(2027, 7, 1)
    clock.advance(timedelta(days=183))  # winter: London is on UTC again
    assert clock.today() == date(2027, 12, 30) and clock.now().tzinfo is UTC
    system = SystemClock().now()
    assert system.utcoffset() == timedelta(0)
    assert SystemClock().today() in {(system + timedelta(hours=h)).date() for h in (0, 1)}
