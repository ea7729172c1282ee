"""Opening and locking a vault for the desktop app, drafts included, each one unit of work
on the database thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from coordinator_app.data.vault import Vault
from coordinator_app.domain.clock import Clock
from coordinator_app.domain.errors import UserFacingError
from coordinator_app.domain.trusts import Trust
from coordinator_app.services.vault import drafts, vaults
from coordinator_app.services.vault.settings import Settings, load_settings

log = logging.getLogger(__name__)

Drafts = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class OpenedVault:
    vault: Vault
    summary: vaults.VaultSummary
    settings: Settings
    drafts: Drafts
    # After opening with the recovery key: its replacement, to be shown once.
    new_recovery_key: str | None = None


def describe(vault: Vault) -> OpenedVault:
    """What the window needs after an unlock; drafts are handed over once and removed."""
    taken = drafts.take_all_drafts(vault)
    return OpenedVault(vault, vaults.summary(vault), load_settings(vault), taken)


def open_with_passphrase(folder: Path, passphrase: str, clock: Clock) -> OpenedVault:
    vault = vaults.unlock(folder, passphrase, clock)
    try:
        return describe(vault)
    except BaseException:
        vault.close()
        raise


def open_with_recovery_key(
    folder: Path, typed_key: str, new_passphrase: str, clock: Clock
) -> OpenedVault:
    vault = vaults.unlock_with_recovery_key(folder, typed_key, clock)
    try:
        key = vaults.set_new_passphrase_after_recovery(vault, new_passphrase)
        opened = describe(vault)
        return OpenedVault(opened.vault, opened.summary, opened.settings, opened.drafts, key)
    except BaseException:
        vault.close()
        raise


def lock(vault: Vault, half_filled: dict[str, dict[str, Any] | None]) -> None:
    """Keep half-filled forms as encrypted drafts, take the day's automatic backup if one
    is due, then close the vault."""
    try:
        for key, payload in half_filled.items():
            if payload:
                drafts.save_draft(vault, key, payload)
        _automatic_backup(vault)
    finally:
        vault.close()


def _automatic_backup(vault: Vault) -> None:
    # A failed backup must not stop the lock; the status bar says when the last good one
    # was, and warns after a week without one.
    from coordinator_app.services.vault import backups

    try:
        backups.automatic_backup(vault, load_settings(vault).backup_folder)
    except (OSError, UserFacingError):
        log.warning("The automatic backup could not be written.", exc_info=True)


def save_recovery_sheet(
    path: Path, trust: Trust, coordinator_name: str, vault_id: str, key: str, made: datetime
) -> None:
    from coordinator_app.export.recovery_sheet import write_recovery_sheet  # PDF code on demand

    write_recovery_sheet(
        path,
        trust=trust,
        coordinator_name=coordinator_name,
        vault_id=vault_id,
        recovery_key=key,
        created_at=made,
    )
