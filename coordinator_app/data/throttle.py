"""Slowing down repeated wrong passphrases.

The count lives outside the vault (in the per-user state folder) because a wrong
passphrase must leave the vault's files byte-for-byte unchanged.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from coordinator_app.domain.errors import TooManyAttempts
from coordinator_app.domain.wording import counted
from coordinator_app.files import write_atomically

FREE_TRIES = 5
MAX_WAIT_SECONDS = 15 * 60


def wait_after(failures: int) -> float:
    """Seconds to wait before the next try: none for the first five, then doubling."""
    if failures < FREE_TRIES:
        return 0.0
    return float(min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_TRIES + 1)))


class UnlockThrottle:
    def __init__(self, state_file: Path, vault_id: str) -> None:
        self._file = state_file
        self._vault_id = vault_id

    def _load(self) -> dict[str, dict[str, float]]:
        try:
            raw = json.loads(self._file.read_text("utf-8"))
            return raw if isinstance(raw, dict) else {}
        except (OSError, ValueError):
            return {}

    def _save(self, state: dict[str, dict[str, float]]) -> None:
        self._file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self._file, json.dumps(state).encode("utf-8"))

    def failures(self) -> int:
        return int(self._load().get(self._vault_id, {}).get("failures", 0))

    def check(self, now: float | None = None) -> None:
        entry = self._load().get(self._vault_id)
        if not entry:
            return
        now = time.time() if now is None else now
        remaining = entry.get("last", 0.0) + wait_after(int(entry["failures"])) - now
        if remaining > 0:
            raise TooManyAttempts(
                f"The passphrase was wrong {int(entry['failures'])} times in a row, so "
                f"Coordinator waits before the next try.",
                f"Try again in {counted(int(remaining) + 1, 'second')}, or use the recovery key.",
            )

    def record_failure(self, now: float | None = None) -> int:
        state = self._load()
        entry = state.setdefault(self._vault_id, {"failures": 0, "last": 0.0})
        entry["failures"] = int(entry["failures"]) + 1
        entry["last"] = time.time() if now is None else now
        self._save(state)
        return int(entry["failures"])

    def reset(self) -> int:
        """Clear the count after a good unlock; returns how many failures preceded it."""
        state = self._load()
        entry = state.pop(self._vault_id, None)
        if entry is not None:
            self._save(state)
        return int(entry["failures"]) if entry else 0
