"""Backups and restore. A backup is one file: a ZIP holding a consistent copy of the
encrypted database (its file copied with the log folded in and writes held off, never a
file copy of a live WAL database; see ``Vault.copy_database_to``), the key file needed to
open it (the data key stays wrapped by the passphrase and the recovery key), and
a small description with hashes. Every backup is opened and integrity-checked after it is
written. Restore checks a backup completely before it makes a new vault folder from it."""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator_app.data import audit
from coordinator_app.data.database import check_file
from coordinator_app.data.keyfile import KeyFile
from coordinator_app.data.layout import DB_NAME, KEY_NAME
from coordinator_app.data.locations import data_dir
from coordinator_app.data.memory import wipe
from coordinator_app.data.models import AuditEntryRow, TrustRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.backups import automatic_due, to_keep
from coordinator_app.domain.clock import Clock
from coordinator_app.domain.errors import InvalidInput, VaultDamaged, WrongPassphrase
from coordinator_app.files import copy_atomically, write_atomically_with

ABOUT = "backup.json"
SUFFIX = ".cvbackup"
STAMP = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class BackupMade:
    paths: tuple[Path, ...]
    taken_at: datetime
    size: int
    removed: int  # older automatic backups the rotation let go
    warning: str = ""  # said when no copy left the vault's own disk


SAME_DISK = (
    "This backup is on the same disk as the vault: if the laptop's disk fails both are lost. "
    "Choose a USB stick or a network folder."
)
NO_SECOND_FOLDER = (
    "Backups are only kept on this laptop's disk, with the vault: if the disk fails both are "
    "lost. Choose a backup folder on a USB stick or a network folder in Settings."
)


def _device(path: Path) -> int | None:
    """The disk (device; on Windows the volume) a path is on, from its nearest existing
    folder: a backup folder may not have been made yet."""
    for candidate in (path, *path.parents):
        try:
            return candidate.stat().st_dev
        except OSError:
            continue
    return None


def on_same_disk(folder: Path, vault_folder: Path) -> bool:
    found, vault = _device(folder), _device(vault_folder)
    return found is not None and found == vault


def place_warning(vault_folder: Path, second_folder: str) -> str:
    """What to say about where backups go: nothing when the chosen folder is on another
    disk than the vault (the copy on this laptop is always on the vault's)."""
    if not second_folder.strip():
        return NO_SECOND_FOLDER
    return SAME_DISK if on_same_disk(Path(second_folder.strip()), vault_folder) else ""


def default_folder() -> Path:
    return data_dir() / "backups"


def last_backup(vault: Vault) -> datetime | None:
    with vault.unit_of_work() as session:
        return last_backup_in(session)


def last_backup_in(session: Session) -> datetime | None:
    """When the newest backup was taken (as it says itself: the audit entry's detail)."""
    detail = session.scalar(
        select(AuditEntryRow.detail_json)
        .where(AuditEntryRow.action == "backup_written")
        .order_by(AuditEntryRow.id.desc())
        .limit(1)
    )
    if not detail:
        return None
    return datetime.strptime(json.loads(detail)["taken_at"], STAMP).replace(tzinfo=UTC)


def backup(
    vault: Vault,
    folders: list[Path],
    now: datetime | None = None,
    rotate: bool = False,
    file_name: str | None = None,
) -> BackupMade:
    """Write one backup into each of ``folders`` (e.g. the laptop and a USB stick)."""
    now = (now or vault.clock.now()).replace(microsecond=0)
    with vault.unit_of_work() as session:
        trust = session.scalars(select(TrustRow)).one().code
    name = file_name or f"coordinator-backup_{trust}_{now.strftime(STAMP)}{SUFFIX}"
    # The key file before the database: its audit head must not be ahead of the copy.
    key_file = (vault.folder / KEY_NAME).read_bytes()
    with tempfile.TemporaryDirectory(prefix="coordinator-backup-") as work:
        copy = Path(work) / DB_NAME
        vault.copy_database_to(copy)
        paths: list[Path] = []
        removed = 0
        # The check (every page decrypted) runs on another core while the copy is packed;
        # nothing is put in place before it has passed.
        with ThreadPoolExecutor(max_workers=1) as checker:
            sound = checker.submit(vault.copy_is_sound, copy)

            def pack(out: BinaryIO) -> None:
                _package(copy, key_file, vault.vault_id, now, out)
                if not sound.result():
                    raise _unsound()

            for folder in folders:
                if paths:  # the first folder's checked file, copied
                    copy_atomically(paths[0], folder / name)
                else:  # packed straight into place: one pass over the copy, hashed on the way
                    write_atomically_with(folder / name, pack)
                verify_backup(folder / name)  # what is on the disk, not what was meant to be
                paths.append(folder / name)
                if rotate:
                    removed += _rotate(folder, trust, now)
            if not sound.result():  # no folder given: still said
                raise _unsound()
        size = paths[0].stat().st_size if paths else 0
    with vault.unit_of_work() as session:
        audit.record(
            session,
            vault.actor,
            "backup_written",
            {"copies": len(paths), "bytes": size, "taken_at": now.strftime(STAMP)},
        )
    off_disk = any(not on_same_disk(p.parent, vault.folder) for p in paths)
    return BackupMade(tuple(paths), now, size, removed, "" if off_disk else SAME_DISK)


def automatic_backup(
    vault: Vault, second_folder: str, now: datetime | None = None
) -> BackupMade | None:
    """On close or lock, at most daily: to this laptop and the second folder if set."""
    now = now or vault.clock.now()
    if not automatic_due(last_backup(vault), now):
        return None
    folders = [default_folder()]
    if second_folder.strip():
        folders.append(Path(second_folder))
    return backup(vault, folders, now, rotate=True)


@dataclass(frozen=True)
class BackupInfo:
    vault_id: str
    taken_at: datetime
    schema: str


def verify_backup(path: Path) -> BackupInfo:
    """The backup's entries, sizes and hashes, without any key: damage is found here."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = sorted(archive.namelist())
            if names != sorted((ABOUT, DB_NAME, KEY_NAME)):
                raise VaultDamaged(
                    f"{path.name} is not a Coordinator backup: it does not hold what one holds.",
                    "Choose a file made by Coordinator's backup.",
                )
            about = json.loads(archive.read(ABOUT))
            for entry in (DB_NAME, KEY_NAME):
                hashing = hashlib.sha256()
                with archive.open(entry) as reading:
                    while chunk := reading.read(1 << 20):
                        hashing.update(chunk)
                if hashing.hexdigest() != about["sha256"][entry]:
                    raise VaultDamaged(
                        f"{path.name} is damaged: its {entry} does not match what was written.",
                        "Use another backup (an older one, or the copy on the second folder).",
                    )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise VaultDamaged(
            f"{path.name} cannot be read as a Coordinator backup: it is damaged or incomplete.",
            "Use another backup (an older one, or the copy on the second folder).",
        ) from exc
    return BackupInfo(
        str(about["vault_id"]),
        datetime.strptime(about["taken_at"], STAMP).replace(tzinfo=UTC),
        str(about["schema"]),
    )


def restore(path: Path, target: Path, passphrase: str, clock: Clock | None = None) -> BackupInfo:
    """A new vault folder at ``target`` from the backup, after checking it opens with this
    passphrase (or recovery key) and passes the integrity checks. Nothing existing is
    replaced: ``target`` must not exist."""
    if target.exists():
        raise InvalidInput(
            f"{target} already exists; a restore never replaces a vault.",
            "Choose a new folder for the restored vault.",
        )
    info = verify_backup(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked beside the target, then renamed into place: never a half-restored vault.
    with tempfile.TemporaryDirectory(prefix=".restoring-", dir=target.parent) as work:
        folder = Path(work) / "vault"
        folder.mkdir()
        with zipfile.ZipFile(path) as archive:
            archive.extract(DB_NAME, folder)
            archive.extract(KEY_NAME, folder)
        keyfile = KeyFile.load(folder / KEY_NAME)
        # Each try is a full Argon2id derivation: the passphrase's answer is kept for below.
        by_passphrase = keyfile.unwrap("passphrase", passphrase)
        opened = by_passphrase or keyfile.unwrap("recovery", passphrase)
        if opened is None:
            raise WrongPassphrase(
                "That passphrase does not open this backup.",
                "Use the passphrase the vault had when the backup was taken, or its recovery key.",
            )
        sound = check_file(folder / DB_NAME, opened[1])
        wipe(opened[1])
        if not sound:
            raise _unsound()
        folder.rename(target)
    restored = Vault.open(target, passphrase, clock=clock) if by_passphrase else None
    if restored is not None:  # opened with a recovery key: the new passphrase comes first
        try:
            with restored.unit_of_work() as session:
                audit.record(
                    session,
                    restored.actor,
                    "restored_from_backup",
                    {"taken_at": info.taken_at.strftime(STAMP)},
                )
        finally:
            restored.close()
    return info


def _package(copy: Path, key_file: bytes, vault_id: str, now: datetime, out: BinaryIO) -> None:
    from coordinator_app.data import migrate

    # Stored, not deflated: the database is encrypted, so it would not shrink anyway.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        digest = hashlib.sha256()
        with copy.open("rb") as reading, archive.open(DB_NAME, "w", force_zip64=True) as entry:
            while chunk := reading.read(1 << 20):
                digest.update(chunk)
                entry.write(chunk)
        about = {
            "format": "coordinator-backup",
            "vault_id": vault_id,
            "taken_at": now.strftime(STAMP),
            "schema": migrate.head_revision(),
            "sha256": {DB_NAME: digest.hexdigest(), KEY_NAME: hashlib.sha256(key_file).hexdigest()},
        }
        archive.writestr(ABOUT, json.dumps(about, indent=2))
        archive.writestr(KEY_NAME, key_file)


def _unsound() -> VaultDamaged:
    return VaultDamaged(
        "The backup's database did not pass its integrity check.",
        "Nothing was replaced. Use another backup.",
    )


def _rotate(folder: Path, trust: str, now: datetime) -> int:
    prefix = f"coordinator-backup_{trust}_"
    taken = {}
    for path in folder.glob(f"{prefix}*{SUFFIX}"):
        try:
            taken[
                datetime.strptime(path.name[len(prefix) : -len(SUFFIX)], STAMP).replace(tzinfo=UTC)
            ] = path
        except ValueError:
            continue  # not one of ours: left alone
    keep = to_keep(taken, now)
    gone = [path for stamp, path in taken.items() if stamp not in keep]
    for path in gone:
        path.unlink(missing_ok=True)
    return len(gone)
