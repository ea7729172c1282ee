"""The coordinator's settings as plain values (stored in the vault by services.settings)."""

from __future__ import annotations

from dataclasses import dataclass

MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 60


@dataclass(frozen=True)
class Settings:
    idle_lock_minutes: int = 5
    export_folder: str = ""
    backup_folder: str = ""
    coordinator_email: str = ""
    coordinator_name: str = ""  # kept on the coordinator's record (it signs the audit trail)
