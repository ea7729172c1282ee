"""Search-as-you-type on the Volunteers screen: each keystroke of several searches (names, a
code, a phone number).

- search_keystroke: the SQL work the Volunteers model asks for per keystroke (the first
  page of rows, and the count when that page is full), through the service, against the
  very same statements (captured as sent to the driver) run on a plain SQLite copy.
- search_repaint: the table's repaint once the model has reset, against a repaint with
  nothing changed.

Targets: SQL <= 1.5x the same statements on plain SQLite (issue 17, in place of the
Volunteers issue's 10 ms, which a noisy machine missed with nothing changed); repaint
<= 50 ms (Volunteers issue).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from typing import Any

from sqlalchemy import event

from benchmarks.common import Bench, Result, result, timed, times_baseline
from coordinator_app.domain.clock import SystemClock
from coordinator_app.services.volunteers import volunteers
from coordinator_app.services.volunteers.volunteers import ListFilter
from coordinator_app.ui.volunteers.volunteers_model import (
    PAGE_SIZE,  # the table's page, as the app asks
)

KEYSTROKE_TIMES_PLAIN = 1.5


def _searches(bench: Bench, today: date) -> list[str]:
    sample = volunteers.page(bench.vault(), ListFilter(), today, offset=7, limit=1)[0]
    phone = "0161 496 0"  # the start of the demo's drama numbers
    return ["kovalenko", "ahmad", "tesfa", sample.code, phone]


def _keystroke(bench: Bench, query: ListFilter, today: date) -> None:
    first = volunteers.page(bench.vault(), query, today, offset=0, limit=PAGE_SIZE)
    if len(first) == PAGE_SIZE:
        volunteers.count(bench.vault(), query, today)


def _replay(plain: sqlite3.Connection, statements: list[tuple[str, Any]]) -> None:
    for statement, params in statements:
        plain.execute(statement, params).fetchall()


def measure(bench: Bench) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from coordinator_app.services.vault import sessions
    from coordinator_app.ui.session import ops
    from coordinator_app.ui.session.session import AppSession
    from coordinator_app.ui.volunteers.volunteers_page import VolunteersPage

    today = date.today()
    vault = bench.vault()
    terms = [t[:end] for t in _searches(bench, today) for end in range(1, len(t) + 1)]

    # The statements each keystroke sends, exactly as the driver gets them.
    sent: dict[str, list[tuple[str, Any]]] = {}
    current: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            current.append((statement, params))

    event.listen(vault.engine, "before_cursor_execute", capture)
    try:
        for term in terms:
            current.clear()
            _keystroke(bench, ListFilter(search=term), today)
            sent[term] = list(current)
    finally:
        event.remove(vault.engine, "before_cursor_execute", capture)

    plain = bench.plain()
    sql: list[float] = []
    sql_plain: list[float] = []
    for _ in range(bench.runs):
        for term in terms:
            timed(sql, _keystroke, bench, ListFilter(search=term), today)
            timed(sql_plain, _replay, plain, sent[term])
    plain.close()

    folder = bench.closed()
    app = QApplication.instance() or QApplication([])
    ops.set_synchronous(True)  # the timings are of the work, not of thread hand-over
    session = AppSession(folder, clock=SystemClock())
    page = VolunteersPage(session)
    page.resize(1400, 900)
    page.show()
    session.start(sessions.open_with_passphrase(folder, bench.passphrase, session.clock))
    app.processEvents()
    paint: list[float] = []
    paint_same: list[float] = []
    for _ in range(bench.runs):
        for term in terms:
            page.search.setText(term)  # count + first page + model reset
            timed(paint, page.table.viewport().repaint)
            timed(paint_same, page.table.viewport().repaint)  # same rows again
        page.search.clear()
    session.lock("benchmark done")
    page.close()
    return [
        result(
            "search_keystroke",
            "ms",
            sql,
            sql_plain,
            times_baseline(KEYSTROKE_TIMES_PLAIN, sql_plain, "ms"),
            what=f"SQL per keystroke: first {PAGE_SIZE} rows (+ count when full), service call",
            baseline_is="the same statements on plain SQLite",
            note=f"target: {KEYSTROKE_TIMES_PLAIN:g} x plain SQLite",
        ),
        result(
            "search_repaint",
            "ms",
            paint,
            paint_same,
            50.0,
            what="repaint of the volunteer table after a keystroke's model reset",
            baseline_is="a repaint with nothing changed",
        ),
    ]
