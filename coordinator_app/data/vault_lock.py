"""The lock file that keeps a vault open in one Coordinator window or program at a time."""

from __future__ import annotations

from pathlib import Path

import filelock

from coordinator_app.data.layout import LOCK_NAME
from coordinator_app.domain.errors import VaultBusy


def acquire_vault_lock(folder: Path) -> filelock.BaseFileLock:
    # Not thread-local: the app opens and closes a vault in separate jobs on Qt's database
    # thread, and Python forgets a foreign thread's locals between jobs, so a thread-local
    # lock lost its file descriptor and stayed held: "already open" until the app restarted.
    lock = filelock.FileLock(str(folder / LOCK_NAME), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except filelock.Timeout as exc:
        raise VaultBusy(
            "This vault is already open in another Coordinator window or program.",
            "Close the other one first (check the taskbar), then try again.",
        ) from exc
    return lock
