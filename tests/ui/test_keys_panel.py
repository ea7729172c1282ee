"""Settings › Who can open this vault on a real vault: adding a coordinator who types their
own passphrase twice, removing, a new recovery key, re-keying, and the handover wizard."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from coordinator_app.services.vault import vaults
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.settings.keys_panel import KeysPanel
from coordinator_app.ui.settings.settings_page import SettingsPage
from tests.conftest import PASSPHRASE
from tests.ui.test_main_window import window

__all__ = ["window"]

SECOND = "copper meadow kettle lighthouse"
THIRD = "saffron glacier violin paddock"


def _panel(win: MainWindow) -> KeysPanel:
    page = next(p for p in win.pages if isinstance(p, SettingsPage))
    win.nav.setCurrentRow(win.pages.index(page))
    return page.keys


def _names(panel: KeysPanel) -> list[str]:
    return [panel.people.item(i).text() for i in range(panel.people.count())]


def _add(qtbot: QtBot, form: object, name: str, phrase: str) -> None:
    qtbot.keyClicks(form.name, name)  # type: ignore[attr-defined]
    qtbot.keyClicks(form.passphrase.first, phrase)  # type: ignore[attr-defined]
    assert not form.add.isEnabled()  # type: ignore[attr-defined]  # not yet typed twice
    qtbot.keyClicks(form.passphrase.confirm, phrase)  # type: ignore[attr-defined]
    form.add.click()  # type: ignore[attr-defined]


def test_add_remove_and_a_new_recovery_key(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    panel = _panel(window)
    assert _names(panel) == ["Generated Coordinator  (you)"]
    _add(qtbot, panel.add_form, "Second Generated", SECOND)
    assert "can now open" in panel.add_form.message.text()
    assert _names(panel) == ["Generated Coordinator  (you)", "Second Generated"]
    panel.people.setCurrentRow(1)
    panel.remove_button.click()
    assert "can no longer open" in panel.message.text()
    panel.people.setCurrentRow(0)
    panel.remove_button.click()
    assert "only coordinator" in panel.message.text()

    dialog = panel.recovery_button.click() or panel.key_dialog
    assert dialog is not None and dialog.isVisible()
    key = dialog.key.key
    assert key and dialog.key.label.text().split() == key.split("-")  # the whole key shown
    sheet = tmp_path / "sheet.pdf"
    dialog.save_file = lambda *_: sheet
    dialog.save_sheet.click()
    assert sheet.read_bytes()[:5] == b"%PDF-"
    dialog.accept()
    folder = window.session.folder
    window.session.lock("test")
    vaults.unlock_with_recovery_key(folder, key).close()
    with pytest.raises(Exception, match="not right"):
        vaults.unlock(folder, SECOND)


def test_rekey_from_settings(window: MainWindow) -> None:
    panel = _panel(window)
    dialog = panel.open_rekey()
    dialog.current.setText(PASSPHRASE)
    dialog.new.first.setText(THIRD)
    dialog.new.confirm.setText(THIRD)
    dialog.buttons.accepted.emit()
    assert "has a new key" in panel.message.text()
    assert panel.key_dialog is not None and panel.key_dialog.isVisible()
    folder = window.session.folder
    window.session.lock("test")
    with pytest.raises(Exception, match="not right"):
        vaults.unlock(folder, PASSPHRASE)
    vaults.unlock(folder, THIRD).close()


def test_handover_wizard(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    panel = _panel(window)
    vault = window.session.vault
    assert vault is not None
    vault.add_coordinator("Leaving Generated", SECOND)
    wizard = panel.open_handover()
    assert not wizard.currentPage().isComplete()
    _add(qtbot, wizard.add_form, "Successor Generated", THIRD)
    assert wizard.currentPage().isComplete()
    wizard.next()
    assert wizard.leaver.currentText() == "Leaving Generated"
    wizard.remove_button.click()
    assert wizard.currentPage().isComplete()
    wizard.next()
    wizard.recovery_button.click()
    assert wizard.key_dialog is not None and wizard.currentPage().isComplete()
    wizard.key_dialog.accept()
    wizard.next()
    sheet = tmp_path / "key-sheet.pdf"
    wizard.save_file = lambda *_: sheet
    wizard.sheet_button.click()
    assert sheet.read_bytes()[:5] == b"%PDF-" and wizard.currentPage().isComplete()
    wizard.accept()
    assert [c.name for c in vaults.coordinators(vault)] == [
        "Generated Coordinator",
        "Successor Generated",
    ]
