"""The vault's copies and checks once it is open: consistent copies of the encrypted
database (backups), folding the write-ahead log, and the integrity check."""

from __future__ import annotations

import shutil
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DBAPIError

from coordinator_app.data import audit, audit_anchor
from coordinator_app.data.database import check_file
from coordinator_app.data.layout import DB_NAME
from coordinator_app.domain.errors import InvalidInput, VaultDamaged

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

_FOLD_ATTEMPTS = 5


@dataclass(frozen=True)
class IntegrityReport:
    cipher_errors: tuple[str, ...]
    sqlite_errors: tuple[str, ...]
    audit_entries: int
    audit_first_broken_id: int | None
    audit_faults: tuple[str, ...] = ()  # cuts and rewrites found against the anchors

    @property
    def ok(self) -> bool:
        return (
            not (self.cipher_errors or self.sqlite_errors or self.audit_faults)
            and self.audit_first_broken_id is None
        )


class VaultCopies:
    """Copies and checks for :class:`~coordinator_app.data.vault.Vault` (a mixin: these
    attributes are the vault's own)."""

    folder: Path
    engine: Engine

    if TYPE_CHECKING:  # provided by Vault

        def _key(self) -> bytearray: ...
        def unit_of_work(self) -> AbstractContextManager[Session]: ...
        def outliving_record(self, name: str) -> Any: ...

    def backup_to(self, target: Path) -> None:
        """A consistent, still-encrypted copy (same data key) via ``VACUUM INTO``."""
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            raise InvalidInput(f"{target} already exists.", "Choose a new file name.")
        self._outside_transaction("VACUUM INTO ?", (str(target),))

    def copy_database_to(self, target: Path) -> None:
        """A consistent, still-encrypted copy of the database file, byte for byte: SQLCipher's
        pages are copied as they are, not decrypted and encrypted again (``VACUUM INTO``
        took three quarters of a backup's time). Consistent because the write-ahead log is
        folded into the file first and the write lock is then held while copying, so no
        commit can land in between; a commit that slipped in before the lock (the log is not
        empty) means folding again."""
        if target.exists():
            raise InvalidInput(f"{target} already exists.", "Choose a new file name.")
        database = self.folder / DB_NAME
        log = database.with_name(database.name + "-wal")
        raw = self.engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert conn is not None
            for _attempt in range(_FOLD_ATTEMPTS):
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("BEGIN IMMEDIATE")
                try:
                    if not log.exists() or log.stat().st_size == 0:
                        shutil.copyfile(database, target)
                        return
                finally:
                    conn.execute("ROLLBACK")
        finally:
            raw.close()
        self.backup_to(target)  # still busy after every try: the slower copy needs no fold

    def fold_log(self) -> None:
        """Fold the write-ahead log back into the database and truncate it, so old page
        versions (an erased person's, say) do not linger in the -wal file."""
        self._outside_transaction("PRAGMA wal_checkpoint(TRUNCATE)")

    def copy_is_sound(self, path: Path) -> bool:
        """Whether a copy of this vault's database (a backup) opens and passes the checks."""
        return check_file(path, self._key())

    def integrity(self) -> IntegrityReport:
        with self.engine.connect() as conn:
            cipher = tuple(str(r[0]) for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check"))
            try:
                sqlite = tuple(str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check"))
            except DBAPIError as exc:  # damage so bad the check itself cannot finish
                sqlite = (str(exc.orig),)
        faults: list[str] = []
        try:
            with self.unit_of_work() as session:
                chain = audit.verify_chain(session)
                anchor = self.outliving_record(audit_anchor.RECORD)
                faults = audit_anchor.faults_now(session, anchor)
        except VaultDamaged:
            chain = audit.ChainCheck(0, 0)
        return IntegrityReport(
            cipher_errors=cipher,
            sqlite_errors=tuple(r for r in sqlite if r != "ok"),
            audit_entries=chain.entries,
            audit_first_broken_id=chain.first_broken_id,
            audit_faults=tuple(faults),
        )

    def _outside_transaction(self, sql: str, params: tuple[str, ...] = ()) -> None:
        """Maintenance statements (VACUUM, checkpoints) that SQLite refuses inside the
        transaction SQLAlchemy would open; the raw driver connection is in autocommit."""
        raw = self.engine.raw_connection()
        try:
            raw.driver_connection.execute(sql, params)  # type: ignore[union-attr]
        finally:
            raw.close()
