"""Settings › Make a new recovery key: the old key stops opening the vault, the new one
opens it, is shown whole once (the wizard's key widget), and goes on a recovery sheet."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import WrongPassphrase
from coordinator_app.services.vault import vaults
from coordinator_app.ui.settings.recovery_key_panel import NewRecoveryKeyDialog
from coordinator_app.ui.settings.settings_page import SettingsPage
from tests.clock import A_DAY
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.ui.conftest import unlocked_window


def test_a_new_recovery_key_replaces_the_old_one(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None
) -> None:
    folder = tmp_path / "vault"
    vault, created = vaults.create_vault(
        folder, "LWH", "Generated Coordinator", PASSPHRASE, kdf=FAST_KDF
    )
    vault.close()
    window = unlocked_window(qtbot, folder, A_DAY)
    page = next(p for p in window.pages if isinstance(p, SettingsPage))
    assert page.new_recovery_key.text() == "Make a new &recovery key…"
    dialog = page.open_new_recovery_key()
    assert isinstance(dialog, NewRecoveryKeyDialog)
    assert "no longer open this vault" in dialog.explain.text()
    assert not dialog.key.isVisible()
    dialog.make.click()

    new_key = dialog.key.key
    assert new_key and new_key != created.recovery_key
    assert dialog.key.isVisible() and dialog.key.label.text().split() == new_key.split("-")
    sheet = tmp_path / "sheet.pdf"
    dialog.write_sheet(sheet)
    text = subprocess.run(
        ["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert all(group in text for group in new_key.split("-"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert dialog.key.label.text() == ""  # not left in the widgets
    window.session.lock("by hand")

    with pytest.raises(WrongPassphrase):
        Vault.open_with_recovery(folder, created.recovery_key)
    Vault.open_with_recovery(folder, new_key).close()
    Vault.open(folder, PASSPHRASE).close()  # the passphrase is untouched
