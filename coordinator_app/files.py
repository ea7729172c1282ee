"""Writing a file so that a crash or power cut leaves either the old file or the new one
whole, never half of one: the vault's key file, return bundles, backups, the reader's
records."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` (a temporary file beside it, flushed, then renamed)."""
    _replace(path, lambda handle: handle.write(data))


def copy_atomically(source: Path, path: Path) -> None:
    """Like ``write_atomically``, streaming from ``source`` (a backup can be large)."""

    def copy(handle: BinaryIO) -> None:
        with source.open("rb") as reading:
            shutil.copyfileobj(reading, handle, 1 << 20)

    _replace(path, copy)


def write_atomically_with(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Like ``write_atomically``, ``write`` filling the file (a backup is packed straight
    into place rather than packed aside and copied)."""
    _replace(path, write)


def _replace(path: Path, write: Callable[[BinaryIO], object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(folder: Path) -> None:
    # POSIX needs the directory entry flushed for the rename to survive power loss;
    # Windows cannot open directories this way and its rename is already durable.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
