"""The hot paths' LIMITs are written into the SQL (``database.inline``): SQLCipher's SQLite
lets its planner read a bound LIMIT, so binding one makes every run prepare the statement
again (0.1 ms on each save's audit entry, about 1 ms on each search keystroke)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import event

from coordinator_app.data import audit, volunteers
from coordinator_app.data.vault import Vault
from coordinator_app.data.volunteers import ListFilter


def _sent(vault: Vault, work: Any) -> list[str]:
    statements: list[str] = []

    def capture(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(vault.engine, "before_cursor_execute", capture)
    try:
        with vault.unit_of_work() as session:
            work(session)
    finally:
        event.remove(vault.engine, "before_cursor_execute", capture)
    return [s for s in statements if " LIMIT " in s]


def test_each_save_reads_the_audit_trails_last_entry_with_a_written_limit(
    new_vault: tuple[Vault, str],
) -> None:
    vault, _ = new_vault
    limited = _sent(vault, lambda session: audit.record(session, vault.actor, "test", {}))
    assert limited and all(" LIMIT 1 OFFSET" in s for s in limited), limited
    with vault.unit_of_work() as session:  # and the chain goes on from that entry
        audit.record(session, vault.actor, "test", {"again": 1})
        check = audit.verify_chain(session)
    assert check.ok and check.entries >= 2


def test_a_search_page_writes_its_size_into_the_sql(
    new_vault: tuple[Vault, str],
) -> None:
    vault, _ = new_vault
    today, search = date(2026, 12, 4), ListFilter(search="a")

    def pages(session: Any) -> None:
        volunteers.page(session, search, today, offset=0, limit=100)
        volunteers.page(session, search, today, offset=200, limit=100)

    # (A bound OFFSET does not expire the statement: only the LIMIT's value is planned on.)
    assert [s[-18:] for s in _sent(vault, pages)] == ["LIMIT 100 OFFSET ?"] * 2
