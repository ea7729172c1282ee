"""The coordinator's settings, kept inside the vault."""

from __future__ import annotations

import json
from dataclasses import asdict, fields, replace
from typing import Any

from sqlalchemy import select

from coordinator_app.data import audit
from coordinator_app.data.models import CoordinatorRow, SettingRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.settings import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES, Settings

__all__ = ["MAX_IDLE_MINUTES", "MIN_IDLE_MINUTES", "Settings", "load_settings", "save_settings"]


_ON_COORDINATOR = "coordinator_name"


def load_settings(vault: Vault) -> Settings:
    defaults = Settings()
    values: dict[str, Any] = {}
    with vault.unit_of_work() as session:
        for field in fields(Settings):
            row = session.get(SettingRow, field.name)
            if row is not None:
                values[field.name] = json.loads(row.value_json)
        coordinator = session.scalars(select(CoordinatorRow).limit(1)).first()
        values[_ON_COORDINATOR] = coordinator.name if coordinator else ""
    return replace(defaults, **values)


def save_settings(vault: Vault, new: Settings) -> Settings:
    if not MIN_IDLE_MINUTES <= new.idle_lock_minutes <= MAX_IDLE_MINUTES:
        raise InvalidInput(
            f"The idle time before locking must be {MIN_IDLE_MINUTES} to {MAX_IDLE_MINUTES} "
            "minutes.",
            "Choose a number of minutes in that range.",
        )
    new = replace(new, coordinator_name=" ".join(new.coordinator_name.split()))
    if not 0 < len(new.coordinator_name) <= 200:
        raise InvalidInput(
            "Your name is needed: it is recorded with every change you make.",
            "Type your name as colleagues know it.",
        )
    old = load_settings(vault)
    changed = [k for k, v in asdict(new).items() if getattr(old, k) != v]
    if not changed:
        return new
    with vault.unit_of_work() as session:
        for key in changed:
            if key == _ON_COORDINATOR:
                coordinator = session.scalars(select(CoordinatorRow).limit(1)).first()
                if coordinator is not None:
                    coordinator.name = new.coordinator_name
                continue
            session.merge(SettingRow(key=key, value_json=json.dumps(getattr(new, key))))
        audit.record(session, vault.actor, "settings_changed", {"fields": changed})
    # The name is the first coordinator's: another coordinator saving settings stays who
    # they are (their name is their keyslot's).
    if _ON_COORDINATOR in changed and vault.actor == old.coordinator_name:
        vault.actor = new.coordinator_name
    return new
