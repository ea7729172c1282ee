"""Settings › Backups and audit trail: back up now, restore into a new folder after asking
the passphrase, and the audit trail filtered, with its chain check."""

from __future__ import annotations

from pathlib import Path

from coordinator_app.services.vault import backups, vaults
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.settings.settings_page import SettingsPage
from tests.conftest import PASSPHRASE
from tests.ui.test_main_window import window

__all__ = ["window"]


def test_back_up_restore_and_audit(window: MainWindow, tmp_path: Path) -> None:
    page = next(p for p in window.pages if isinstance(p, SettingsPage))
    window.nav.setCurrentRow(window.pages.index(page))
    panel = page.protection
    panel.backup_button.click()
    assert "Backup written and checked" in panel.message.text()
    # Both copies are on the vault's disk here (the laptop's folder and no second one).
    assert "same disk as the vault" in panel.message.text()
    made = sorted(backups.default_folder().glob("*.cvbackup"))
    assert len(made) == 1
    assert "chain intact" in panel.chain.text()
    panel.filter.setText("backup written")
    panel.filter_button.click()
    assert [line.action for line in panel.audit.records] == ["backup_written"]

    panel.files = lambda _parent, _title: made[0]
    panel.folders = lambda _parent, _title: tmp_path / "restored-here"
    panel.passphrase = lambda _parent: "not the passphrase at all"
    panel.restore_button.click()
    assert "does not open this backup" in panel.message.text()
    panel.passphrase = lambda _parent: PASSPHRASE
    panel.restore_button.click()
    assert "is restored, checked" in panel.message.text()
    restored = next((tmp_path / "restored-here").iterdir())
    opened = vaults.unlock(restored, PASSPHRASE)
    try:
        assert opened.integrity().ok
    finally:
        opened.close()


def test_settings_say_when_the_backup_folder_is_on_the_vaults_disk(
    window: MainWindow, tmp_path: Path
) -> None:
    page = next(p for p in window.pages if isinstance(p, SettingsPage))
    window.nav.setCurrentRow(window.pages.index(page))
    assert "only kept on this laptop's disk" in page.backup_place.text()
    page.backup_folder.edit.setText(str(tmp_path / "beside-the-vault"))
    assert "same disk as the vault" in page.backup_place.text()
    assert "USB stick or a network folder" in page.backup_place.text()
    if not backups.on_same_disk(Path("/dev/shm"), tmp_path):  # another file system
        page.backup_folder.edit.setText("/dev/shm")
        assert page.backup_place.text() == ""
