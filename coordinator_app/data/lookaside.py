"""A larger lookaside pool for each SQLCipher connection, where the driver lets us set one.

Why: with ``cipher_memory_security`` on, SQLCipher locks every block SQLite takes from the
heap (mlock), and wipes and unlocks it when it is freed: two system calls and a memset a
block. SQLite serves small short-lived blocks (a statement's cursors and values) from a
per-connection lookaside pool instead, but its default pool (40 slots of 1,200 bytes) is
soon held by the driver's cached statements, and from then on every cursor of every
statement came from the heap: about 70 lock and unlock pairs for each shift saved
(benchmarks/shifts.py). The pool is itself one block from the heap, so it is locked while
the connection is open and wiped when it closes; a slot is reused without a wipe, as in
SQLite's own pool, and holds what the page cache beside it holds.

How: sqlcipher3 does not expose ``sqlite3_db_config``. On Linux its extension exports the
SQLite API, which ctypes calls with the connection's handle: the first field after the
object header of pysqlite's Connection (its layout since pysqlite 2), checked before use
against the VFS and the file name SQLite holds for it. The Windows build exports only the
module's entry point, so there the default pool stays (docs/architecture.md).
"""

from __future__ import annotations

import ctypes
import os
import sys
from functools import cache
from pathlib import Path

from sqlcipher3 import _sqlite3
from sqlcipher3 import dbapi2 as sqlcipher

SLOT_BYTES = 1200  # SQLite's own slot size
SLOTS = 1000  # 1.2 MB a connection; a full statement cache left room (tests/data)
_LOOKASIDE = 1001  # SQLITE_DBCONFIG_LOOKASIDE


@cache
def _sqlite_api() -> ctypes.CDLL | None:
    """The SQLite API inside sqlcipher3's extension, where it exports it (Linux only:
    elsewhere it is not exported, or variadic calls through ctypes are not safe)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        api = ctypes.CDLL(_sqlite3.__file__)
        config, vfs_find, filename = (
            api.sqlite3_db_config,
            api.sqlite3_vfs_find,
            api.sqlite3_db_filename,
        )
    except (OSError, AttributeError):
        return None
    config.restype = ctypes.c_int
    vfs_find.restype, vfs_find.argtypes = ctypes.c_void_p, [ctypes.c_char_p]
    filename.restype, filename.argtypes = ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_char_p]
    return api


def handle(conn: sqlcipher.Connection, db_path: Path) -> int | None:
    """The ``sqlite3 *`` behind ``conn``, opened on ``db_path``; None when it cannot be
    read safely."""
    api = _sqlite_api()
    if api is None:
        return None
    pointer = ctypes.c_void_p.from_address(id(conn) + object.__basicsize__).value
    if not pointer or pointer % ctypes.alignment(ctypes.c_void_p):
        return None
    # A sqlite3 object starts with its VFS; ours is the default one.
    if ctypes.c_void_p.from_address(pointer).value != api.sqlite3_vfs_find(None):
        return None
    name = api.sqlite3_db_filename(pointer, b"main")
    if not name or Path(os.fsdecode(name)).resolve() != db_path.resolve():
        return None
    return pointer


def widen(conn: sqlcipher.Connection, db_path: Path) -> bool:
    """Give a new connection (nothing run on it yet) a pool of ``SLOTS`` slots. False
    where it cannot, and the connection keeps SQLite's default pool."""
    db = handle(conn, db_path)
    api = _sqlite_api()
    if db is None or api is None:
        return False
    done = api.sqlite3_db_config(
        ctypes.c_void_p(db),
        ctypes.c_int(_LOOKASIDE),
        ctypes.c_void_p(None),  # SQLite allocates the pool itself (through SQLCipher)
        ctypes.c_int(SLOT_BYTES),
        ctypes.c_int(SLOTS),
    )
    return int(done) == 0
