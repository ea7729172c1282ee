"""The vault's keys once it is open: its coordinators (one passphrase slot each), passphrase
changes, the recovery key, and re-keying the database itself.

Removing a coordinator only drops their slot: nothing else is rewrapped. It does not change
the data key, so a copy of the old key file still opens the database with the removed
passphrase; :meth:`VaultKeys.rekey` is what makes old key files and passphrases useless.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from coordinator_app.data import audit
from coordinator_app.data.database import check_file, connect
from coordinator_app.data.keyfile import MAX_COORDINATORS, KdfParams, KeyFile, Keyslot, SlotKind
from coordinator_app.data.layout import BACKUP_DIR, DB_NAME, KEY_NAME
from coordinator_app.data.memory import wipe, wipe_bytes, wipe_text
from coordinator_app.domain import passphrase_policy, recovery_key
from coordinator_app.domain.errors import InvalidInput, VaultDamaged, WrongPassphrase

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from coordinator_app.domain.clock import Clock

# Written before the database is re-keyed and renamed over vault.key after: an interrupted
# re-key leaves both key files, and the next unlock keeps the one that opens the database.
PENDING_KEY_NAME = "vault.key.rekey"
Step = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Coordinator:
    name: str
    added: str
    you: bool


@dataclass(frozen=True)
class Rekeyed:
    recovery_key: str
    removed: tuple[str, ...]  # coordinators who must be added again with their passphrase


class VaultKeys:
    """Key management for :class:`~coordinator_app.data.vault.Vault` (a mixin: these
    attributes are the vault's own)."""

    folder: Path
    clock: Clock
    engine: Engine
    actor: str
    _keyfile: KeyFile
    _keyfile_lock: threading.RLock
    _data_key: bytearray | None
    _slot_id: str | None
    _first_name: str = ""

    if TYPE_CHECKING:  # provided by Vault

        def _key(self) -> bytearray: ...
        def _slot_kdf(self) -> KdfParams: ...
        def unit_of_work(self) -> AbstractContextManager[Session]: ...
        def backup_to(self, target: Path) -> None: ...
        def fold_log(self) -> None: ...

    # --- who ---------------------------------------------------------------------------
    def _name_of(self, slot: Keyslot) -> str:
        # An older vault's single slot is labelled "coordinator": its person is the one the
        # database names.
        return slot.label if slot.label_bound else (self._first_name or slot.label)

    def _acting_name(self) -> str:
        slots = self._keyfile.coordinators()
        acting = next((s for s in slots if s.slot_id == self._slot_id), slots[0])
        return self._name_of(acting)

    def coordinators(self) -> list[Coordinator]:
        return [
            Coordinator(self._name_of(s), s.created_at, s.slot_id == self._slot_id)
            for s in self._keyfile.coordinators()
        ]

    def _find(self, name: str) -> Keyslot:
        wanted = " ".join(name.split()).casefold()
        for slot in self._keyfile.coordinators():
            if self._name_of(slot).casefold() == wanted:
                return slot
        raise InvalidInput(
            f"No coordinator called {name} can open this vault.",
            "Check the name with `coordinator coordinators list` (or Settings).",
        )

    def _save(self, keyfile: KeyFile) -> None:
        """``keyfile``'s slots with the records as they are now: the audit head may have
        been written meanwhile, from the anchor's writer thread."""
        with self._keyfile_lock:
            keyfile = replace(keyfile, records=self._keyfile.records)
            keyfile.save(self.folder / KEY_NAME)
            self._keyfile = keyfile

    def _audit(self, action: str, detail: dict[str, object] | None = None) -> None:
        with self.unit_of_work() as session:
            audit.record(session, self.actor, action, dict(detail or {}))

    # --- coordinators ------------------------------------------------------------------
    def add_coordinator(self, name: str, passphrase: str) -> Coordinator:
        """A slot for another coordinator, under their own passphrase (typed by them)."""
        name = " ".join(name.split())
        if not 0 < len(name) <= 200:
            raise InvalidInput("The name is empty or too long.", "Type their name (200 at most).")
        taken = {c.name.casefold() for c in self.coordinators()}
        if name.casefold() in taken:
            raise InvalidInput(
                f"{name} can already open this vault.", "Choose another name, or remove theirs."
            )
        if len(taken) >= MAX_COORDINATORS:
            raise InvalidInput(
                f"A vault can have at most {MAX_COORDINATORS} coordinators.",
                "Remove someone who no longer needs it first.",
            )
        passphrase_policy.require_acceptable(passphrase)
        keyfile = self._keyfile.with_slot(
            "passphrase", name, passphrase, self._key(), self._slot_kdf(), self.clock.now()
        )
        self._save(keyfile)
        self._audit("coordinator_added", {"coordinator": name})
        return Coordinator(name, keyfile.slots[-1].created_at, False)

    def remove_coordinator(self, name: str) -> None:
        """Drop one coordinator's slot; every other slot stays exactly as it was."""
        slot = self._find(name)
        if len(self._keyfile.coordinators()) == 1:
            raise InvalidInput(
                f"{self._name_of(slot)} is the only coordinator who can open this vault, so "
                "they cannot be removed.",
                "Add their successor first, then remove them.",
            )
        removed = self._name_of(slot)
        self._save(self._keyfile.without_slot(slot.slot_id))
        self._audit("coordinator_removed", {"coordinator": removed})

    # --- passphrases -------------------------------------------------------------------
    def _check_own(self, current: str) -> Keyslot:
        """The acting coordinator's slot, if ``current`` is their passphrase."""
        opened = self._keyfile.unwrap("passphrase", current, first=self._slot_id)
        if opened is not None:
            wipe(opened[1])
        if opened is None or (self._slot_id is not None and opened[0].slot_id != self._slot_id):
            raise WrongPassphrase(
                "The current passphrase is not right, so nothing has been changed.",
                "Type the passphrase you use to unlock Coordinator now.",
            )
        return opened[0]

    def _replace_slot(self, slot: Keyslot, new: str) -> None:
        passphrase_policy.require_acceptable(new)
        name = self._name_of(slot)
        keyfile = self._keyfile.without_slot(slot.slot_id).with_slot(
            "passphrase", name, new, self._key(), self._slot_kdf(), self.clock.now()
        )
        self._save(keyfile)
        if slot.slot_id == self._slot_id:
            self._slot_id = keyfile.slots[-1].slot_id

    def change_passphrase(self, current: str, new: str) -> None:
        """Rewrap the data key under ``new`` for the coordinator who unlocked; the
        database file is not rewritten (see :meth:`rekey` for that)."""
        self._replace_slot(self._check_own(current), new)
        self._audit("passphrase_change")

    def set_passphrase_after_recovery(self, new: str, coordinator: str | None = None) -> str:
        """After opening with the recovery key: ``new`` becomes ``coordinator``'s passphrase
        (the first coordinator's when not named), and the used recovery key is replaced at
        once. Returns the new recovery key, to be shown once."""
        slots = self._keyfile.coordinators()
        slot = self._find(coordinator) if coordinator else slots[0]
        was_acting = self._slot_id
        self._slot_id = slot.slot_id
        try:
            self._replace_slot(slot, new)
        except BaseException:
            self._slot_id = was_acting
            raise
        self.actor = self._acting_name()
        self._audit("passphrase_recover")
        return self.new_recovery_key()

    def new_recovery_key(self) -> str:
        """Replace the recovery key: the old one stops working; the new one is returned
        once and never stored."""
        key = recovery_key.generate()
        keyfile = self._keyfile.without_slots("recovery").with_slot(
            "recovery", "recovery key", key, self._key(), self._slot_kdf(), self.clock.now()
        )
        self._save(keyfile)
        self._audit("recovery_key_replaced")
        return key

    # --- re-keying -----------------------------------------------------------------------
    def rekey(self, current: str, new: str, step: Step | None = None) -> Rekeyed:
        """A new data key for the database (SQLCipher ``PRAGMA rekey``), after a checked
        backup: old key files with old passphrases (a lost laptop's) no longer open it.
        The acting coordinator's passphrase becomes ``new``; the other coordinators must
        be added again and a new recovery key is made."""
        report: Step = step or (lambda _d, _t, _l: None)
        slot = self._check_own(current)
        passphrase_policy.require_acceptable(new)
        name, stamp = self._name_of(slot), self.clock.now().strftime("%Y%m%dT%H%M%SZ")
        report(0, 4, "Taking a backup first…")
        backup = self.folder / BACKUP_DIR / f"pre-rekey_{stamp}.db"
        self.backup_to(backup)
        if not check_file(backup, self._key()):
            backup.unlink(missing_ok=True)
            raise VaultDamaged(
                "The backup taken before re-keying did not check out, so nothing was changed.",
                "Run `coordinator integrity`, then try again.",
            )
        # No other write of the key file until the new one is in place: the anchor's
        # writer thread rewriting the old one over it would leave the database unopenable.
        with self._keyfile_lock:
            report(1, 4, "Writing the new key file…")
            fresh, key = bytearray(secrets.token_bytes(32)), recovery_key.generate()
            kdf, now = self._slot_kdf(), self.clock.now()
            pending = (
                replace(self._keyfile, slots=())
                .with_slot("passphrase", name, new, fresh, kdf, now)
                .with_slot("recovery", "recovery key", key, fresh, kdf, now)
            )
            pending.save(self.folder / PENDING_KEY_NAME)
            report(2, 4, "Re-encrypting the database…")
            self.fold_log()
            self.engine.dispose()  # no connection may keep using the old key
            _rekey_file(self.folder / DB_NAME, self._key(), fresh)
            if not check_file(self.folder / DB_NAME, fresh):
                raise VaultDamaged(
                    "The database did not check out after re-keying.",
                    f"Restore it from {backup} with the old vault.key (Settings › Restore).",
                )
            report(3, 4, "Saving the new keys…")
            (self.folder / PENDING_KEY_NAME).replace(self.folder / KEY_NAME)
            removed = tuple(self._name_of(s) for s in self._keyfile.coordinators() if s != slot)
            old = self._data_key
            self._keyfile, self._data_key, self._slot_id = pending, fresh, pending.slots[0].slot_id
        wipe(old)
        self.actor = name
        self._audit("vault_rekeyed", {"coordinators_to_add_again": len(removed)})
        # The backup is under the retired key: kept, it would still open with a lost key file.
        backup.unlink(missing_ok=True)
        report(4, 4, "Done.")
        return Rekeyed(key, removed)


def _rekey_file(db: Path, old: bytearray, new: bytearray) -> None:
    conn = connect(db, old)
    raw = bytes(new)
    hex_text = raw.hex()
    pragma = f"PRAGMA rekey = \"x'{hex_text}'\""
    try:
        conn.execute(pragma)
    finally:
        wipe_bytes(raw)
        wipe_text(hex_text)
        wipe_text(pragma)
        conn.close()


def settle_pending_rekey(
    folder: Path,
    keyfile: KeyFile,
    kind: SlotKind,
    secret: str,
    opened: tuple[Keyslot, bytearray] | None,
) -> tuple[KeyFile, tuple[Keyslot, bytearray] | None]:
    """After a re-key cut short: keep whichever key file opens the database."""
    pending_path = folder / PENDING_KEY_NAME
    if not pending_path.exists():
        return keyfile, opened
    if opened is not None and check_file(folder / DB_NAME, opened[1]):
        pending_path.unlink()  # the database was never re-keyed
        return keyfile, opened
    pending = KeyFile.load(pending_path)
    again = pending.unwrap(kind, secret)
    if again is not None and check_file(folder / DB_NAME, again[1]):
        pending_path.replace(folder / KEY_NAME)
        return pending, again
    return keyfile, opened
