"""The vault's connections get a lookaside pool large enough that cached statements leave
room for the statements' own working memory (``data.lookaside``): with memory security on,
every block that misses the pool is locked, wiped and unlocked."""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path

import pytest
from sqlcipher3 import _sqlite3
from sqlcipher3 import dbapi2 as sqlcipher

from coordinator_app.data import lookaside
from coordinator_app.data.layout import DB_NAME
from coordinator_app.data.vault import Vault

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the pool is widened on Linux only"
)

_MISS_FULL = 6  # SQLITE_DBSTATUS_LOOKASIDE_MISS_FULL
# More distinct statements than the driver caches (128), as a day in the app prepares.
_STATEMENTS = [
    "SELECT a.id, b.entry_hash FROM audit_log a JOIN audit_log b ON b.id = a.id "  # noqa: S608
    f"JOIN setting s ON s.key = a.actor WHERE a.id > {n}"  # (n: a number)
    for n in range(150)
]


def _status(conn: sqlcipher.Connection, path: Path, op: int) -> tuple[int, int]:
    """(current, highest) of a lookaside counter, then reset."""
    db = lookaside.handle(conn, path)
    assert db is not None
    api = ctypes.CDLL(_sqlite3.__file__)
    now, high = ctypes.c_int(), ctypes.c_int()
    api.sqlite3_db_status(
        ctypes.c_void_p(db), op, ctypes.byref(now), ctypes.byref(high), ctypes.c_int(1)
    )
    return now.value, high.value


def _day_of_statements(conn: sqlcipher.Connection) -> None:
    for _ in range(3):
        for sql in _STATEMENTS:
            conn.execute(sql).fetchall()


def test_a_vault_connection_keeps_statements_off_the_heap(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    path = vault.folder / DB_NAME
    conn = vault.engine.raw_connection().driver_connection
    assert isinstance(conn, sqlcipher.Connection)
    _day_of_statements(conn)
    _status(conn, path, _MISS_FULL)
    _day_of_statements(conn)
    assert _status(conn, path, _MISS_FULL)[1] == 0  # no block missed a full pool


def test_sqlites_default_pool_fills_with_the_same_statements(
    new_vault: tuple[Vault, str],
) -> None:
    """What the wider pool is for: the same day on a connection left as the driver opens it
    sends the statements' cursors to the heap."""
    vault, _ = new_vault
    path = vault.folder / DB_NAME
    conn = sqlcipher.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{bytes(vault._key()).hex()}'\"")
        _day_of_statements(conn)
        _status(conn, path, _MISS_FULL)
        _day_of_statements(conn)
        assert _status(conn, path, _MISS_FULL)[1] > len(_STATEMENTS)
    finally:
        conn.close()


def test_a_connection_it_cannot_identify_is_left_as_it_is(tmp_path: Path) -> None:
    """The handle is checked against the file SQLite holds open before anything is set."""
    conn = sqlcipher.connect(str(tmp_path / "one.db"))
    try:
        assert lookaside.handle(conn, tmp_path / "other.db") is None
        assert not lookaside.widen(conn, tmp_path / "other.db")
        assert lookaside.widen(conn, tmp_path / "one.db")
    finally:
        conn.close()
