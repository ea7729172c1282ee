"""Slowing down repeated wrong passphrases.

The count lives outside the vault (in the per-user state folder) because a wrong
passphrase must leave the vault's files byte-for-byte unchanged. The file is read as
untrusted: an entry that is malformed, or dated in the future, is ignored (and rewritten at
the next write), and no wait is ever longer than ``MAX_WAIT_SECONDS``.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any

from coordinator_app.domain.errors import TooManyAttempts
from coordinator_app.domain.wording import counted
from coordinator_app.files import write_atomically

FREE_TRIES = 5
MAX_WAIT_SECONDS = 15 * 60
MAX_COUNTED = 1000  # beyond this the wait is at its cap anyway
CLOCK_SKEW_SECONDS = 60.0


def wait_after(failures: int) -> float:
    """Seconds to wait before the next try: none for the first five, then doubling."""
    if failures < FREE_TRIES:
        return 0.0
    return float(min(MAX_WAIT_SECONDS, 2 ** min(failures - FREE_TRIES + 1, 32)))


def _entry(raw: Any, now: float) -> dict[str, float] | None:
    """A sound entry, or None: whole failures in range, a finite ``last`` not in the future
    (a clock set back, or an edited file, must not lock anyone out for years)."""
    if not isinstance(raw, dict):
        return None
    failures, last = raw.get("failures"), raw.get("last")
    if not isinstance(failures, int) or isinstance(failures, bool):
        return None
    if not isinstance(last, int | float) or isinstance(last, bool) or not math.isfinite(last):
        return None
    if not (0 <= failures <= MAX_COUNTED and 0 <= last <= now + CLOCK_SKEW_SECONDS):
        return None
    return {"failures": failures, "last": float(last)}


class UnlockThrottle:
    def __init__(self, state_file: Path, vault_id: str) -> None:
        self._file = state_file
        self._vault_id = vault_id

    def _load(self, now: float | None = None) -> dict[str, dict[str, float]]:
        try:
            raw = json.loads(self._file.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(raw, dict):
            return {}
        moment = time.time() if now is None else now
        sound = {str(k): _entry(v, moment) for k, v in raw.items()}
        return {k: v for k, v in sound.items() if v is not None}

    def _save(self, state: dict[str, dict[str, float]]) -> None:
        self._file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self._file, json.dumps(state).encode("utf-8"))

    def failures(self) -> int:
        return int(self._load().get(self._vault_id, {}).get("failures", 0))

    def check(self, now: float | None = None) -> None:
        now = time.time() if now is None else now
        entry = self._load(now).get(self._vault_id)
        if not entry:
            return
        wait = wait_after(int(entry["failures"]))
        remaining = min(entry["last"] + wait - now, wait)
        if remaining > 0:
            raise TooManyAttempts(
                f"The passphrase was wrong {int(entry['failures'])} times in a row, so "
                f"Coordinator waits before the next try.",
                f"Try again in {counted(int(remaining) + 1, 'second')}, or use the recovery key.",
            )

    def record_failure(self, now: float | None = None) -> int:
        now = time.time() if now is None else now
        state = self._load(now)
        entry = state.setdefault(self._vault_id, {"failures": 0, "last": 0.0})
        entry["failures"] = min(int(entry["failures"]) + 1, MAX_COUNTED)
        entry["last"] = now
        self._save(state)
        return int(entry["failures"])

    def reset(self) -> int:
        """Clear the count after a good unlock; returns how many failures preceded it."""
        state = self._load()
        entry = state.pop(self._vault_id, None)
        if entry is not None:
            self._save(state)
        return int(entry["failures"]) if entry else 0


class SlotHint:
    """Which keyslot last opened each vault on this machine, tried first next time: every
    slot tried costs a full key derivation, so with several coordinators the usual one
    unlocks as fast as with one. A slot id says nothing about the passphrase."""

    def __init__(self, state_file: Path, vault_id: str) -> None:
        self._file = state_file
        self._vault_id = vault_id

    def _load(self) -> dict[str, str]:
        try:
            raw = json.loads(self._file.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(raw, dict):
            return {}
        return {str(k): v for k, v in raw.items() if isinstance(v, str) and len(v) <= 64}

    def get(self) -> str | None:
        return self._load().get(self._vault_id)

    def remember(self, slot_id: str) -> None:
        state = self._load()
        if state.get(self._vault_id) == slot_id:
            return
        state[self._vault_id] = slot_id
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self._file, json.dumps(state).encode("utf-8"))
        except OSError:
            pass  # only a speed-up: the next unlock tries every slot instead
