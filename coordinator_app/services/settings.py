"""The coordinator's settings, kept inside the vault."""

from __future__ import annotations

import json
from dataclasses import asdict, fields, replace
from typing import Any

from coordinator_app.data import audit
from coordinator_app.data.models import SettingRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.settings import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES, Settings

__all__ = ["MAX_IDLE_MINUTES", "MIN_IDLE_MINUTES", "Settings", "load_settings", "save_settings"]


def load_settings(vault: Vault) -> Settings:
    defaults = Settings()
    values: dict[str, Any] = {}
    with vault.unit_of_work() as session:
        for field in fields(Settings):
            row = session.get(SettingRow, field.name)
            if row is not None:
                values[field.name] = json.loads(row.value_json)
    return replace(defaults, **values)


def save_settings(vault: Vault, new: Settings) -> Settings:
    if not MIN_IDLE_MINUTES <= new.idle_lock_minutes <= MAX_IDLE_MINUTES:
        raise InvalidInput(
            f"The idle time before locking must be {MIN_IDLE_MINUTES} to {MAX_IDLE_MINUTES} "
            "minutes.",
            "Choose a number of minutes in that range.",
        )
    old = load_settings(vault)
    changed = [k for k, v in asdict(new).items() if getattr(old, k) != v]
    if not changed:
        return new
    with vault.unit_of_work() as session:
        for key in changed:
            session.merge(SettingRow(key=key, value_json=json.dumps(getattr(new, key))))
        audit.record(session, vault.actor, "settings_changed", {"fields": changed})
    return new
