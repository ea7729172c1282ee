"""Backups and restore on real vaults: a restore drill, damaged backups refused with a
sentence, automatic backups at most daily with rotation, and one taken when locking."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coordinator_app.data.layout import DB_NAME
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput, VaultDamaged, WrongPassphrase
from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.services.vault import backups, sessions, vaults
from coordinator_app.services.volunteers import volunteers
from tests.conftest import PASSPHRASE

TODAY = date(2026, 11, 27)


def _add(vault: Vault, family: str) -> None:
    volunteers.register(
        vault,
        VolunteerDetails(given_names="Generated", family_name=family),
        TODAY,
        allow_duplicates=True,
    )


def test_restore_drill(new_vault: tuple[Vault, str], tmp_path: Path) -> None:
    vault, recovery_key = new_vault
    _add(vault, "Before-Backup")
    made = backups.backup(vault, [tmp_path / "usb"])
    _add(vault, "After-Backup")
    restored = tmp_path / "restored"
    info = backups.restore(made.paths[0], restored, PASSPHRASE)
    assert info.vault_id == vault.vault_id
    again = vaults.unlock(restored, PASSPHRASE)
    try:
        names = [r.name for r in volunteers.all_rows(again, TODAY)]
        assert names == ["Generated Before-Backup"]  # as it was when the backup was taken
        assert again.integrity().ok
        from coordinator_app.services.vault import audit_view

        assert audit_view.entries(again, "restored").lines[0].action == "restored_from_backup"
    finally:
        again.close()
    with pytest.raises(InvalidInput, match="never replaces"):
        backups.restore(made.paths[0], restored, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        backups.restore(made.paths[0], tmp_path / "r2", "not the passphrase at all")
    assert not (tmp_path / "r2").exists()
    backups.restore(made.paths[0], tmp_path / "r3", recovery_key)  # the recovery key opens it too


def test_damaged_backups_are_refused_with_a_sentence(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    made = backups.backup(vault, [tmp_path])
    good = made.paths[0].read_bytes()
    truncated = tmp_path / "truncated.cvbackup"
    truncated.write_bytes(good[: len(good) // 2])
    flipped = tmp_path / "flipped.cvbackup"
    with zipfile.ZipFile(made.paths[0]) as archive:
        offset = archive.getinfo(DB_NAME).header_offset + 2000
    flipped.write_bytes(good[:offset] + bytes([good[offset] ^ 0x40]) + good[offset + 1 :])
    for damaged in (truncated, flipped):
        with pytest.raises(VaultDamaged) as caught:
            backups.restore(damaged, tmp_path / f"from-{damaged.stem}", PASSPHRASE)
        assert "damaged" in caught.value.sentence()
        assert not (tmp_path / f"from-{damaged.stem}").exists()


def test_automatic_backups_daily_to_two_folders_with_rotation(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    start = datetime(2026, 9, 1, 17, tzinfo=UTC)
    second = tmp_path / "share"
    made = [
        backups.automatic_backup(vault, str(second), start + timedelta(hours=8 * n))
        for n in range(3 * 40)  # three locks a day for forty days
    ]
    assert sum(1 for m in made if m is not None) == 40  # at most one a day
    for folder in (backups.default_folder(), second):
        kept = sorted(folder.glob("*.cvbackup"))
        assert 7 <= len(kept) <= 7 + 4 + 12
        backups.verify_backup(kept[-1])
    assert vaults.summary(vault).last_backup is not None


def test_locking_takes_the_days_backup(new_vault: tuple[Vault, str], vault_dir: Path) -> None:
    vault, _ = new_vault
    sessions.lock(vault, {})
    assert len(list(backups.default_folder().glob("*.cvbackup"))) == 1
    reopened = vaults.unlock(vault_dir, PASSPHRASE)
    try:
        assert vaults.summary(reopened).last_backup is not None
    finally:
        reopened.close()


def test_a_backup_on_the_vaults_own_disk_says_so(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    same = tmp_path / "same-disk" / "not-made-yet"
    made = backups.backup(vault, [backups.default_folder(), tmp_path / "copy"])
    assert made.warning == backups.SAME_DISK
    assert "same disk as the vault" in backups.place_warning(vault.folder, str(same))
    assert "only kept on this laptop" in backups.place_warning(vault.folder, "  ")


@pytest.mark.skipif(
    not Path("/dev/shm").is_dir() or backups.on_same_disk(Path("/dev/shm"), Path.cwd()),
    reason="needs a second file system (/dev/shm) to stand for a USB stick",
)
def test_a_backup_on_another_disk_says_nothing(new_vault: tuple[Vault, str]) -> None:
    import tempfile

    vault, _ = new_vault
    with tempfile.TemporaryDirectory(dir="/dev/shm") as other:
        made = backups.backup(vault, [backups.default_folder(), Path(other)])
        assert made.warning == ""
        assert backups.place_warning(vault.folder, other) == ""
