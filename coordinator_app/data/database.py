"""Opening the SQLCipher database with the vault's raw data key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Engine, Integer, create_engine, event, literal_column, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import SingletonThreadPool
from sqlcipher3 import dbapi2 as sqlcipher

from coordinator_app.data import lookaside
from coordinator_app.data.memory import wipe_bytes, wipe_text
from coordinator_app.domain.errors import VaultDamaged

CACHE_KIB = 64 * 1024
# A check reads each page about once: a large cache would only be filled, then wiped on close
# (cipher_memory_security).
CHECK_CACHE_KIB = 2 * 1024


def inline(number: int) -> ColumnElement[int]:
    """A LIMIT or OFFSET written into the SQL rather than bound. SQLite (3.53 in SQLCipher
    4) lets the planner read a bound LIMIT's value, so binding one expires the statement
    and every run prepares it again: 0.1 ms for the audit trail's last entry, more for a
    volunteer search (tests/data/test_database.py). The SQL differs by value, so use it
    for values that recur (a page size, 1), not for every offset."""
    return literal_column(str(int(number)), Integer)


def connect(
    db_path: Path, data_key: bytes | bytearray, cache_kib: int = CACHE_KIB
) -> sqlcipher.Connection:
    """A keyed, checked connection with the vault's pragmas applied.

    The key is given as raw bytes (``x'…'``) so SQLCipher runs no second KDF and nothing
    derived from a passphrase is ever quoted into SQL. The key's hex text is overwritten
    once SQLCipher has its own copy.
    """
    conn = sqlcipher.connect(str(db_path), timeout=30.0)
    lookaside.widen(conn, db_path)  # before any statement: see ``lookaside``
    try:
        # SQLCipher's own log goes to stderr; our messages say what matters instead.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA cipher_memory_security = ON")
        _key_connection(conn, data_key)
        conn.execute("PRAGMA cipher_compatibility = 4")
        # The first real read proves the key (SQLCipher only checks it lazily).
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        conn.close()
        raise VaultDamaged(
            "This vault's database cannot be read with its key: the file is damaged or "
            "belongs to another vault. Nothing has been changed.",
            "Restore the vault from a backup (Settings > Backups, or `coordinator restore`).",
        ) from exc
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute(f"PRAGMA cache_size = -{cache_kib}")
    # Sorts and groupings in memory: no temporary files of personal data on disk, and a
    # return's grouping of a month's shifts is three times faster.
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def _key_connection(conn: sqlcipher.Connection, data_key: bytes | bytearray) -> None:
    raw = bytes(data_key)
    hex_text = raw.hex()
    pragma = f"PRAGMA key = \"x'{hex_text}'\""
    try:
        conn.execute(pragma)
    finally:
        if raw is not data_key:  # bytes(b) is b itself: only our own copy is ours to wipe
            wipe_bytes(raw)
        wipe_text(hex_text)
        wipe_text(pragma)


def open_engine(db_path: Path, data_key: Callable[[], bytes | bytearray]) -> Engine:
    """One long-lived connection per thread (SingletonThreadPool): the UI's single database
    thread keeps its connection, and no query pays for a new key setup. ``data_key`` is
    asked for at each new connection, so a locked (wiped) vault can open none."""
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: connect(db_path, data_key()),
        module=sqlcipher,
        poolclass=SingletonThreadPool,
        pool_size=4,
        hide_parameters=True,  # SQL errors must never carry personal data into logs
    )
    _use_explicit_begin(engine)
    return engine


def _use_explicit_begin(engine: Engine) -> None:
    # The sqlite3 driver's own implicit transactions start late and skip SELECTs; emitting
    # BEGIN ourselves makes each unit of work one real transaction (SQLAlchemy's recipe).
    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")


@contextmanager
def reading_once(session: Session, cache_kib: int = 8 * 1024) -> Iterator[None]:
    """For a scan that reads each page once (a full-history export): a small page cache,
    so half a million shifts do not fill 64 MiB that nothing will read again."""
    session.execute(text(f"PRAGMA cache_size = -{int(cache_kib)}"))
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size = -{CACHE_KIB}"))


def check_file(path: Path, data_key: bytes | bytearray) -> bool:
    """Whether a copy of a vault database (a backup) opens with ``data_key`` and passes
    SQLite's quick check. Reading every page in use, the quick check decrypts each one, and
    SQLCipher refuses any page whose HMAC fails; ``cipher_integrity_check`` only added the
    free pages (empty: secure_delete) for a second pass over the file, a third of the
    check's time. Bytes damaged later are caught by the backup's SHA-256."""
    try:
        conn = connect(path, data_key, cache_kib=CHECK_CACHE_KIB)
    except VaultDamaged:
        return False
    try:
        quick = [r[0] for r in conn.execute("PRAGMA quick_check")]
    except sqlcipher.DatabaseError:
        return False
    finally:
        conn.close()
    return quick == ["ok"]
