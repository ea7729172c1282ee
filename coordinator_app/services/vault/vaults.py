"""Use cases around the vault itself: set up, unlock, recover, passphrases, integrity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from coordinator_app.data import audit, migrate
from coordinator_app.data.keyfile import KdfParams
from coordinator_app.data.models import CoordinatorRow, TrustRow
from coordinator_app.data.vault import Vault
from coordinator_app.data.vault_copies import IntegrityReport
from coordinator_app.data.vault_keys import Coordinator, Rekeyed
from coordinator_app.domain.clock import Clock
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.trusts import PROGRAMME, VAULT_KINDS, Trust, trust_by_code
from coordinator_app.services.progress import Progress
from coordinator_app.services.vault import age_identity, signing
from coordinator_app.services.vault.backups import last_backup_in
from coordinator_app.services.vault.startup import KIND_RECORD

__all__ = ["Coordinator", "IntegrityReport", "KdfParams", "Rekeyed", "Vault"]


@dataclass(frozen=True)
class VaultSummary:
    folder: Path
    vault_id: str
    trust: Trust
    coordinator_name: str
    schema_revision: str
    signing_key_id: str = ""  # none in the programme manager's vault: it signs nothing
    last_backup: datetime | None = None


@dataclass(frozen=True)
class NewVault:
    summary: VaultSummary
    recovery_key: str


def create_vault(
    folder: Path,
    trust_code: str,
    coordinator_name: str,
    passphrase: str,
    *,
    kdf: KdfParams | None = None,
    kind: str = "coordinator",
    clock: Clock | None = None,
) -> tuple[Vault, NewVault]:
    """Set up a new vault, the recovery key returned once: a trust coordinator's (with the
    key its returns are signed with) or, with ``kind="programme"``, the programme
    manager's (``trust_code`` is then ignored)."""
    if kind not in VAULT_KINDS:
        raise InvalidInput(f"'{kind}' is not a kind of vault.", "Use coordinator or programme.")
    trust = PROGRAMME if kind == "programme" else trust_by_code(trust_code)
    name = " ".join(coordinator_name.split())
    if not name:
        raise InvalidInput("The name is empty.", "Type your name as colleagues know it.")
    if len(name) > 200:
        raise InvalidInput("The name is too long.", "Use at most 200 characters.")
    vault, key = Vault.create(folder, passphrase, coordinator=name, kdf=kdf, clock=clock)
    try:
        # Readable before unlocking, so the app opens on the right screens.
        vault.keep_outliving_record(KIND_RECORD, kind)
        with vault.unit_of_work() as session:
            session.add(TrustRow(code=trust.code, name=trust.name, full_name=trust.full_name))
            session.flush()  # the coordinator's foreign key needs the trust row first
            session.add(CoordinatorRow(trust_code=trust.code, name=name, created_at=_now(vault)))
            audit.record(session, name, "vault_created", {"trust": trust.code, "kind": kind})
            if kind == "coordinator":
                signing.ensure_key(session)  # the key its returns are signed with
            else:
                age_identity.ensure_identity(session)  # what returns are encrypted to
        vault.actor = name
    except BaseException:
        vault.close()
        raise
    return vault, NewVault(summary=summary(vault), recovery_key=key)


def unlock(folder: Path, passphrase: str, clock: Clock | None = None) -> Vault:
    return Vault.open(folder, passphrase, clock=clock)


def unlock_with_recovery_key(folder: Path, typed_key: str, clock: Clock | None = None) -> Vault:
    return Vault.open_with_recovery(folder, typed_key, clock=clock)


def summary(vault: Vault) -> VaultSummary:
    with vault.unit_of_work() as session:
        trust_row = session.scalars(select(TrustRow).limit(1)).one()
        revision = migrate.current_revision(session.connection()) or ""
        signs = trust_row.code != PROGRAMME.code
        return VaultSummary(
            folder=vault.folder,
            vault_id=vault.vault_id,
            trust=Trust(trust_row.code, trust_row.name, trust_row.full_name),
            coordinator_name=vault.actor,  # who unlocked
            schema_revision=revision,
            signing_key_id=signing.ensure_key(session).key_id if signs else "",
            last_backup=last_backup_in(session),
        )


def change_passphrase(vault: Vault, current: str, new: str) -> None:
    vault.change_passphrase(current, new)


def set_new_passphrase_after_recovery(
    vault: Vault, new: str, coordinator: str | None = None
) -> str:
    """The new passphrase, and the used recovery key replaced at once: the new one is
    returned to be shown once."""
    return vault.set_passphrase_after_recovery(new, coordinator)


def new_recovery_key(vault: Vault) -> str:
    return vault.new_recovery_key()


def coordinators(vault: Vault) -> list[Coordinator]:
    return vault.coordinators()


def add_coordinator(vault: Vault, name: str, passphrase: str) -> Coordinator:
    return vault.add_coordinator(name, passphrase)


def remove_coordinator(vault: Vault, name: str) -> None:
    vault.remove_coordinator(name)


def rekey(vault: Vault, current: str, new: str, progress: Progress | None = None) -> Rekeyed:
    """A new data key for the database behind a checked backup (see ``Vault.rekey``)."""
    steps = progress or Progress()
    return vault.rekey(current, new, steps.update)


def check_integrity(vault: Vault) -> IntegrityReport:
    report = vault.integrity()
    with vault.unit_of_work() as session:
        audit.record(session, vault.actor, "integrity_check", {"ok": report.ok})
    return report


def _now(vault: Vault) -> str:
    now = vault.clock.now().astimezone(UTC).replace(microsecond=0)
    return now.isoformat().replace("+00:00", "Z")
