"""Overwriting secrets in memory once they are no longer needed (best effort in CPython).

Keys we own live in bytearrays, which can be zeroed in place. The cryptography library and
SQLCipher's SQL interface hand back or take immutable ``bytes``/``str``; for those we own
alone (a derived key, the hex text of a PRAGMA) the buffer is zeroed through ctypes, which
relies on CPython's object layout. What still remains is listed in docs/it-deployment.md.
"""

from __future__ import annotations

import ctypes
import sys

# Where the character data starts inside a bytes object / a compact ASCII str (CPython).
_BYTES_DATA = sys.getsizeof(b"") - 1
_ASCII_DATA = sys.getsizeof("") - 1
# Short values may be shared interpreter-wide (cached single characters, interned names):
# secrets are never that short, and overwriting a shared one would corrupt the process.
_MIN_LENGTH = 16


def wipe(buffer: bytearray | None) -> None:
    """Zero a bytearray in place."""
    if buffer is not None:
        buffer[:] = bytes(len(buffer))


def wipe_bytes(value: bytes | None) -> None:
    """Zero an immutable bytes object that nothing else shares (a derived key)."""
    if value is None or type(value) is not bytes or len(value) < _MIN_LENGTH:
        return
    if sys.implementation.name == "cpython":
        ctypes.memset(id(value) + _BYTES_DATA, 0, len(value))


def wipe_text(value: str | None) -> None:
    """Zero an ASCII str that nothing else shares (a key's hex form in a PRAGMA)."""
    if value is None or type(value) is not str or len(value) < _MIN_LENGTH:
        return
    if sys.implementation.name == "cpython" and value.isascii():
        ctypes.memset(id(value) + _ASCII_DATA, 0, len(value))
