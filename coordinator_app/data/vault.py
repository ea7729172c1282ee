"""A vault: a folder holding the SQLCipher database and its key file.

``vault.db``   the encrypted database (SQLCipher 4, raw 256-bit data key)
``vault.key``  keyslots wrapping that data key (see ``keyfile``)
``vault.lock`` held while a process has the vault open: one process at a time
``backups/``   encrypted copies taken before migrations
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

import filelock
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlcipher3 import dbapi2 as sqlcipher

from coordinator_app.data import audit, audit_anchor, migrate
from coordinator_app.data.anchor_keeper import AnchorKeeper, AnchorWriter
from coordinator_app.data.database import open_engine
from coordinator_app.data.keyfile import KdfParams, KeyFile, Keyslot, SlotKind, calibrate
from coordinator_app.data.layout import BACKUP_DIR, DB_NAME, KEY_NAME
from coordinator_app.data.locations import state_dir
from coordinator_app.data.memory import wipe
from coordinator_app.data.models import CoordinatorRow, SettingRow
from coordinator_app.data.throttle import SlotHint, UnlockThrottle
from coordinator_app.data.vault_copies import VaultCopies
from coordinator_app.data.vault_keys import VaultKeys, settle_pending_rekey
from coordinator_app.data.vault_lock import acquire_vault_lock
from coordinator_app.domain import passphrase_policy, recovery_key
from coordinator_app.domain.clock import Clock, SystemClock
from coordinator_app.domain.errors import (
    StorageFull,
    VaultDamaged,
    VaultExists,
    VaultNotFound,
    VaultTooNew,
    WrongPassphrase,
)

KEEP_PRE_MIGRATION_BACKUPS = 3


def default_throttle_file() -> Path:
    return state_dir() / "unlock-attempts.json"


def _hint_file(throttle_file: Path) -> Path:
    return throttle_file.with_name("unlock-slots.json")


class Vault(VaultKeys, VaultCopies):
    """An open vault. Create one with :meth:`create`, :meth:`open` or :meth:`open_with_recovery`.

    Key material (the data key, in a bytearray) is overwritten on :meth:`close`."""

    def __init__(
        self,
        folder: Path,
        keyfile: KeyFile,
        data_key: bytearray,
        lock: filelock.BaseFileLock,
        clock: Clock,
        *,
        slot: Keyslot | None = None,
        kdf: KdfParams | None = None,
    ) -> None:
        self.folder = folder
        self._keyfile = keyfile
        self._data_key: bytearray | None = data_key
        self._lock = lock
        # The slot that opened this vault (None: the recovery key); its coordinator acts.
        self._slot_id = slot.slot_id if slot is not None and slot.kind == "passphrase" else None
        # New slots use the app's parameters: ``kdf`` only when code chose them (the
        # self-test, tests), else calibrated on this machine when first needed.
        self._new_kdf = kdf
        # What this vault's records are stamped with: the caller's clock, so tests set it.
        self.clock = clock
        self.engine: Engine = self._open_engine()
        # The audit chain's key comes from the vault's own secret, read once the database is
        # ready (``_prepare_database``): nothing is audited before that.
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, info={"clock": clock})
        self._vault_secret: bytearray | None = None
        self._anchor = AnchorKeeper(keyfile.records.get(audit_anchor.RECORD))
        self._anchor_writer = AnchorWriter(self._anchor, self._write_waiting_head)
        # One writer of the key file at a time: the anchor's writer thread and key changes.
        self._keyfile_lock = threading.RLock()
        self.actor = "coordinator"
        self._first_name = ""
        self.closed = False

    def _open_engine(self) -> Engine:
        return open_engine(self.folder / DB_NAME, self._key)

    def _key(self) -> bytearray:
        if self._data_key is None:
            raise VaultDamaged("This vault is locked.", "Unlock it again to carry on.")
        return self._data_key

    def _slot_kdf(self) -> KdfParams:
        if self._new_kdf is None:
            self._new_kdf = calibrate()
        return self._new_kdf

    # --- opening ---------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        folder: Path,
        passphrase: str,
        *,
        coordinator: str = "coordinator",
        kdf: KdfParams | None = None,
        clock: Clock | None = None,
    ) -> tuple[Vault, str]:
        """A new, empty, migrated vault and its recovery key (shown once, never stored)."""
        passphrase_policy.require_acceptable(passphrase)
        if (folder / KEY_NAME).exists() or (folder / DB_NAME).exists():
            raise VaultExists(
                f"There is already a vault in {folder}; Coordinator will not overwrite it.",
                "Open it instead, or choose an empty folder for the new vault.",
            )
        folder.mkdir(parents=True, exist_ok=True)
        lock = acquire_vault_lock(folder)
        try:
            params = kdf or calibrate()
            data_key = bytearray(secrets.token_bytes(32))
            key = recovery_key.generate()
            clock = clock or SystemClock()
            made = clock.now()
            keyfile = (
                KeyFile.new()
                .with_slot("passphrase", coordinator, passphrase, data_key, params, made)
                .with_slot("recovery", "recovery key", key, data_key, params, made)
            )
            # The key file is written first: a set-up cut short leaves a key file with no
            # database, which open() reports, rather than a database no key can open.
            keyfile.save(folder / KEY_NAME)
            vault = cls(folder, keyfile, data_key, lock, clock, slot=keyfile.slots[0], kdf=params)
        except BaseException:
            lock.release()
            raise
        vault._prepare_database()
        return vault, key

    @classmethod
    def open(
        cls,
        folder: Path,
        passphrase: str,
        *,
        throttle_file: Path | None = None,
        clock: Clock | None = None,
        kdf: KdfParams | None = None,
    ) -> Vault:
        return cls._unlock(folder, "passphrase", passphrase, throttle_file, clock, kdf)

    @classmethod
    def open_with_recovery(
        cls,
        folder: Path,
        typed_key: str,
        *,
        throttle_file: Path | None = None,
        clock: Clock | None = None,
        kdf: KdfParams | None = None,
    ) -> Vault:
        normalised = recovery_key.normalise(typed_key)
        return cls._unlock(folder, "recovery", normalised, throttle_file, clock, kdf)

    @classmethod
    def _unlock(
        cls,
        folder: Path,
        kind: SlotKind,
        secret: str,
        throttle_file: Path | None,
        clock: Clock | None,
        kdf: KdfParams | None = None,
    ) -> Vault:
        if not (folder / KEY_NAME).exists() and not (folder / DB_NAME).exists():
            raise VaultNotFound(
                f"There is no vault in {folder}.",
                "Choose the folder that holds your vault, or set up a new one.",
            )
        lock = acquire_vault_lock(folder)
        try:
            keyfile = KeyFile.load(folder / KEY_NAME)
            if not (folder / DB_NAME).exists():
                raise VaultDamaged(
                    f"The vault in {folder} has its key file but no database (vault.db). "
                    "If set-up was interrupted, no records were ever saved in it.",
                    "Restore the vault from a backup, or move this folder aside and set up again.",
                )
            state = throttle_file or default_throttle_file()
            throttle = UnlockThrottle(state, keyfile.vault_id)
            throttle.check()
            hint = SlotHint(_hint_file(state), keyfile.vault_id)
            opened = keyfile.unwrap(kind, secret, first=hint.get())
            keyfile, opened = settle_pending_rekey(folder, keyfile, kind, secret, opened)
            if opened is None:
                failures = throttle.record_failure()
                raise _wrong(kind, failures)
            slot, data_key = opened
            earlier_failures = throttle.reset()
            if kind == "passphrase":
                hint.remember(slot.slot_id)
            vault = cls(folder, keyfile, data_key, lock, clock or SystemClock(), slot=slot, kdf=kdf)
        except BaseException:
            lock.release()
            raise
        try:
            vault._prepare_database()
            vault._check_audit_anchor()
            with vault.unit_of_work() as session:
                audit.record(
                    session,
                    vault.actor,
                    "unlock",
                    {"with": kind, "failed_attempts_before": earlier_failures},
                )
        except BaseException:
            vault.close()
            raise
        return vault

    def _prepare_database(self) -> None:
        """Refuse a newer vault untouched; back up, then migrate, an older one."""
        with self.engine.connect() as conn:
            current = migrate.current_revision(conn)
        if current is not None and not migrate.is_known(current):
            raise VaultTooNew(
                "This vault was saved by a newer version of Coordinator, so this version "
                "cannot open it. It has been left untouched.",
                "Ask your IT service to install the latest version of Coordinator.",
            )
        head = migrate.head_revision()
        if current != head:
            if current is not None:
                self.backup_to(self._pre_migration_backup_path(current, head))
            with self.engine.begin() as conn:
                migrate.upgrade(conn)
            self._rotate_pre_migration_backups()
        with self.unit_of_work() as session:
            coordinator = session.scalars(select(CoordinatorRow).limit(1)).first()
            self._first_name = coordinator.name if coordinator is not None else ""
            self._vault_secret = _vault_secret_in(session)
        self._sessions.kw["info"][audit.KEY] = self.derived_key(audit.KEY_INFO.decode())
        # Who unlocked acts: their slot's name (an older vault's one slot, or the recovery
        # key, stands for the vault's first coordinator).
        self.actor = self._acting_name()

    def _pre_migration_backup_path(self, current: str, head: str) -> Path:
        stamp = self.clock.now().strftime("%Y%m%dT%H%M%SZ")
        return self.folder / BACKUP_DIR / f"pre-migration_{current}-to-{head}_{stamp}.db"

    def _rotate_pre_migration_backups(self) -> None:
        """Keep the newest few pre-migration backups, once a migration has succeeded: each
        holds everything as it was, erased people included, so they must not pile up."""
        found = sorted(
            (self.folder / BACKUP_DIR).glob("pre-migration_*.db"),
            key=lambda p: p.stem.rsplit("_", 1)[-1],  # the UTC stamp, which sorts as time
        )
        for old in found[:-KEEP_PRE_MIGRATION_BACKUPS]:
            old.unlink(missing_ok=True)

    def _check_audit_anchor(self) -> None:
        """Before anything else is written, the trail against the key file's anchor (see
        ``audit_anchor.check_on_open``)."""
        anchor = self.outliving_record(audit_anchor.RECORD)
        with self.unit_of_work() as session:
            recorded = audit_anchor.check_on_open(session, anchor, self.actor)
        if recorded:
            self._move_audit_anchor(force=True)

    def _move_audit_anchor(self, *, force: bool = False) -> None:
        """The chain's new head, kept in the key file (see ``anchor_keeper``: at most once a
        second), unless the trail no longer holds the head known: then that one stays, for
        the next check to report."""
        with self._sessions() as session:
            self._anchor.committed(session.connection(), force=force)
        if force:
            self._save_records({})

    # --- using -----------------------------------------------------------------------
    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all. A page that
        fails SQLCipher's authentication (a flipped bit, a torn copy) is said as damage,
        never used. Audit entries written are anchored in the key file once committed."""
        try:
            with self._sessions() as session, session.begin():
                yield session
            written = session.info.get(audit.WRITTEN)
            if written is not None and not self._anchor.appended(written):
                self._move_audit_anchor()  # the trail did not go on from the known head
            self._anchor_writer.soon()
        except DBAPIError as exc:
            if _is_full(exc.orig):
                raise StorageFull(
                    "Coordinator could not save: the disk is full or cannot be written to. "
                    "This change was not saved; everything saved before it is safe.",
                    "Free some space (or ask IT), then save again: what you typed is still "
                    "on the screen.",
                ) from exc
            if isinstance(exc.orig, sqlcipher.DatabaseError) and _is_damage(exc.orig):
                raise VaultDamaged(
                    "Part of this vault's database cannot be read: the file is damaged. "
                    "Nothing more was changed.",
                    "Restore the vault from a backup (Settings › Restore, or "
                    "`coordinator restore`).",
                ) from exc
            raise

    # --- keys ------------------------------------------------------------------------
    @property
    def vault_id(self) -> str:
        return self._keyfile.vault_id

    def derived_key(self, purpose: str) -> bytes:
        """A 32-byte key for one purpose (HKDF-SHA256 of the vault's secret), so a MAC over
        the vault's own records never needs the data key itself. The secret lives inside
        the encrypted database, not in the data key: re-keying the database keeps every
        MAC (the audit chain, the programme manager's sealed record) valid."""
        if self._vault_secret is None:
            raise VaultDamaged("This vault is locked.", "Unlock it again to carry on.")
        kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode())
        return kdf.derive(bytes(self._vault_secret))

    def outliving_record(self, name: str) -> Any:
        """A record kept in the key file, so it survives restoring an older database
        (the returns' sequence and hash chain)."""
        return self._keyfile.records.get(name)

    def keep_outliving_record(self, name: str, value: Any) -> None:
        self._save_records({name: value})

    def _save_records(self, changed: dict[str, Any]) -> None:
        """The key file rewritten with ``changed`` and any audit head still waiting."""
        with self._keyfile_lock:
            head = self._anchor.waiting()
            waiting = {audit_anchor.RECORD: head.record_json()} if head else {}
            keyfile = replace(
                self._keyfile, records={**self._keyfile.records, **waiting, **changed}
            )
            keyfile.save(self.folder / KEY_NAME)
            self._keyfile = keyfile
            self._anchor.written(head)

    def _write_waiting_head(self) -> None:
        """The anchor's writer thread: never after the vault closed (another may have opened it)."""
        with self._keyfile_lock:
            if not self.closed and self._anchor.waiting() is not None:
                self._save_records({})

    def close(self) -> None:
        """Fold the WAL back into the database, drop every connection and the lock."""
        if self.closed:
            return
        self.closed = True
        try:
            self._anchor_writer.stop()
            self._keep_last_head()
            self._outside_transaction("PRAGMA wal_checkpoint(TRUNCATE)")
        except (sqlcipher.OperationalError, VaultDamaged):
            pass  # another thread still reading: the next open checkpoints instead
        finally:
            self.engine.dispose()
            self._forget_secrets()
            self._lock.release()

    def _keep_last_head(self) -> None:
        """The last changes' audit head into the key file, before the lock goes. A key file
        that cannot be written now leaves the older head, which the trail still holds."""
        if self._anchor.waiting() is not None:
            with suppress(OSError):
                self._save_records({})

    def _forget_secrets(self) -> None:
        """Overwrite and drop the key material this object holds (see docs/it-deployment.md
        for what a Python process may still hold)."""
        wipe(self._data_key)
        self._data_key = None
        wipe(self._vault_secret)
        self._vault_secret = None
        self._sessions.kw["info"].pop(audit.KEY, None)
        self._new_kdf = None
        self._slot_id = None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _is_full(error: BaseException | None) -> bool:
    text = str(error).lower()
    # A write refused by a full disk or quota reaches SQLite as SQLITE_FULL or, from the
    # file system, as a failed write (disk I/O error).
    return any(sign in text for sign in ("disk is full", "file too large", "no space", "disk i/o"))


def _is_damage(error: Exception) -> bool:
    text = str(error).lower()
    return any(
        sign in text for sign in ("not a database", "malformed", "hmac", "disk image", "corrupt")
    )


def _wrong(kind: SlotKind, failures: int) -> WrongPassphrase:
    if kind == "recovery":
        return WrongPassphrase(
            "That recovery key does not open this vault.",
            "Check you have the recovery sheet for this vault and type the key again.",
        )
    return WrongPassphrase(
        "That passphrase is not right.",
        "Check Caps Lock and try again, or use the recovery key if you have forgotten it."
        + (" After 5 wrong tries, each further try waits longer." if failures >= 3 else ""),
    )


MAC_BASE_SETTING = "vault_secret"  # the setting row holding it


def _vault_secret_in(session: Session) -> bytearray:
    """The vault's own 32-byte secret, made once, kept in the encrypted database."""
    row = session.get(SettingRow, MAC_BASE_SETTING)
    if row is None:
        made = secrets.token_bytes(32)
        session.add(SettingRow(key=MAC_BASE_SETTING, value_json=json.dumps(made.hex())))
        return bytearray(made)
    return bytearray(bytes.fromhex(json.loads(row.value_json)))
