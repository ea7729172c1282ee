"""The main window's sections, menus, status bar and Settings on a real vault."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from coordinator_app.services.vault import settings as settings_service
from coordinator_app.services.vault import signing, vaults
from coordinator_app.ui.app.main_window import SECTIONS, MainWindow
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.settings.settings_page import SettingsPage
from tests.clock import A_DAY, clock_on
from tests.conftest import PASSPHRASE, VaultTemplates
from tests.ui.conftest import unlocked_window


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None, vault_templates: VaultTemplates
) -> MainWindow:
    folder = tmp_path / "vault"
    vault_templates.copy(folder, "CWP", "Generated Coordinator")
    return unlocked_window(qtbot, folder, A_DAY)


def _settings(win: MainWindow) -> SettingsPage:
    page = next(p for p in win.pages if isinstance(p, SettingsPage))
    assert isinstance(page, SettingsPage)
    return page


def test_sections_menus_and_status_bar(window: MainWindow) -> None:
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == [title for title, _ in SECTIONS]
    assert [a.shortcut().toString() for a in window.section_actions] == [
        f"Ctrl+{i + 1}" for i in range(len(SECTIONS))
    ]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&View", "&Help"]
    assert window.trust_label.text() == "Cheshire & Wirral Partnership"
    assert window.state_label.text() == "Unlocked"
    assert window.backup_label.text() == "⚠ No backup yet"
    window.session.lock("test")


def test_a_staged_window_shows_the_unlock_screen_first_then_finishes(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None, vault_templates: VaultTemplates
) -> None:
    """As the app starts: the unlock screen, status bar and menus' titles first; the menus'
    actions and the sections once the screen is up, or at an unlock that comes first."""
    folder = tmp_path / "vault"
    vault_templates.copy(folder)
    window = MainWindow(AppSession(folder, clock=clock_on(A_DAY)), staged=True)
    qtbot.addWidget(window)
    window.show()
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&View", "&Help"]
    assert [len(menu.actions()) for menu in window.menus] == [0, 0, 0]
    assert window.stack.count() == 1 and window.state_label.text() == "Vault locked"
    selectable = Qt.TextInteractionFlag.TextSelectableByMouse
    assert window.unlock_screen.where.textInteractionFlags() == selectable
    window.finish()
    full = [len(menu.actions()) for menu in window.menus]
    assert full == [7, len(SECTIONS), 3]
    assert window.stack.count() == 2 and not window.lock_action.isEnabled()
    window.finish()  # once only
    assert [len(menu.actions()) for menu in window.menus] == full

    early = MainWindow(AppSession(folder, clock=clock_on(A_DAY)), staged=True)
    qtbot.addWidget(early)
    early.show()
    early.unlock_screen.passphrase.setText(PASSPHRASE)
    early.unlock_screen.unlock()  # before finish() was called
    assert early.session.is_unlocked and early.lock_action.isEnabled()
    assert early.stack.currentIndex() == 1 and early.nav.currentRow() == 0
    # The computer suspending locks an unlocked vault (followed from the first unlock on).
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    assert not early.session.is_unlocked and early.state_label.text() == "Vault locked"


def test_settings_save_round_trip_and_validation(window: MainWindow) -> None:
    page = _settings(window)
    assert page.vault_id.text() == window.session.summary.vault_id  # type: ignore[union-attr]
    assert window.session.vault is not None
    key = signing.records(window.session.vault).current.key_id
    assert page.signing_key.text() == key and len(key) == 32
    assert page.name.text() == "Generated Coordinator"
    page.name.setText("   ")
    page.save.click()
    assert "Your name is needed" in page.message.text()
    page.idle.setValue(12)
    page.email.setText("generated.coordinator@nhs.example")
    page.name.setText("Generated  Coordinator-Renamed")
    page.save.click()
    assert page.message.text() == "Settings saved."
    vault = window.session.vault
    assert vault is not None
    stored = settings_service.load_settings(vault)
    assert stored.idle_lock_minutes == 12
    assert stored.coordinator_email == "generated.coordinator@nhs.example"
    assert stored.coordinator_name == "Generated Coordinator-Renamed"
    assert vault.actor == "Generated Coordinator-Renamed"  # later audit entries name them
    assert window.session._idle.interval() == 12 * 60_000
    window.session.lock("test")


def test_change_passphrase_dialog(window: MainWindow) -> None:
    page = _settings(window)
    dialog = page.open_change_passphrase()
    ok = dialog.buttons.buttons()[0]
    dialog.current.setText("a wrong current passphrase")
    dialog.new.first.setText("copper meadow whistle")
    dialog.new.confirm.setText("copper meadow whistle")
    assert ok.isEnabled()
    dialog.change()
    assert "not right" in dialog.message.text() and dialog.isVisible()
    dialog.current.setText(PASSPHRASE)
    dialog.change()
    assert not dialog.isVisible()
    assert "changed" in page.message.text()
    folder = window.session.folder
    window.session.lock("test")
    vaults.unlock(folder, "copper meadow whistle").close()


def test_geometry_is_remembered(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(700, 500)
    folder = window.session.folder
    window.close()
    again = MainWindow(AppSession(folder, clock=clock_on(A_DAY)))
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)
