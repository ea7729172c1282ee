"""Unlock screen: right and wrong passphrases, and the recovery key path."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from coordinator_app.services.vault import vaults
from coordinator_app.ui.app.fonts import add_bundled_fonts
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.session.session import AppSession
from tests.clock import A_DAY, clock_on
from tests.conftest import PASSPHRASE, VaultTemplates


@pytest.fixture
def locked_vault(tmp_path: Path, vault_templates: VaultTemplates) -> tuple[Path, str]:
    folder = tmp_path / "vault"
    return folder, vault_templates.copy(folder, "RUH", "Generated Coordinator").recovery_key


def _window(qtbot: QtBot, folder: Path) -> tuple[AppSession, MainWindow]:
    session = AppSession(folder, clock=clock_on(A_DAY))
    window = MainWindow(session, demo_passphrase="shown for demo")
    qtbot.addWidget(window)
    window.show()
    return session, window


def test_right_passphrase_unlocks_on_the_worker(
    qtbot: QtBot, locked_vault: tuple[Path, str]
) -> None:
    session, window = _window(qtbot, locked_vault[0])
    screen = window.unlock_screen
    assert window.stack.currentWidget() is screen
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    with qtbot.waitSignal(session.unlocked, timeout=10_000):
        qtbot.keyClick(screen.passphrase, "\r")
        assert screen.unlock_button.text() == "Unlocking…"  # the window is not frozen meanwhile
    assert session.is_unlocked and window.stack.currentIndex() == 1
    assert "Royal United Hospitals Bath" in window.trust_label.text()
    qtbot.waitUntil(lambda: window.return_label.text().startswith("Return due "))  # on the worker
    assert screen.passphrase.text() == ""
    session.lock("test")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is screen)


def test_wrong_passphrase_says_so_and_stays_locked(
    qtbot: QtBot, locked_vault: tuple[Path, str], synchronous_ops: None
) -> None:
    session, window = _window(qtbot, locked_vault[0])
    screen = window.unlock_screen
    qtbot.keyClicks(screen.passphrase, "not the right one")
    screen.unlock()
    assert "not right" in screen.message.text()
    assert not session.is_unlocked and window.stack.currentWidget() is screen
    assert screen.unlock_button.text() == "&Unlock" and screen.pages.isEnabled()


def test_demo_passphrase_is_shown(qtbot: QtBot, locked_vault: tuple[Path, str]) -> None:
    _, window = _window(qtbot, locked_vault[0])
    texts = [label.text() for label in window.unlock_screen.findChildren(type(window.trust_label))]
    assert any("shown for demo" in t for t in texts)


def test_recovery_key_sets_a_new_passphrase(
    qtbot: QtBot, locked_vault: tuple[Path, str], synchronous_ops: None
) -> None:
    folder, key = locked_vault
    session, window = _window(qtbot, folder)
    screen = window.unlock_screen
    screen.forgot_button.click()
    assert screen.pages.currentIndex() == 1
    assert not screen.recover_button.isEnabled()
    qtbot.keyClicks(screen.recovery_key, key.lower())
    qtbot.keyClicks(screen.new_passphrase.first, "copper meadow whistle")
    qtbot.keyClicks(screen.new_passphrase.confirm, "copper meadow whistle")
    assert screen.recover_button.isEnabled()
    screen.recover_button.click()
    assert session.is_unlocked
    # The used key was replaced at once: its replacement is shown, once.
    dialog = screen.key_dialog
    assert dialog is not None and dialog.isVisible()
    shown = "-".join(dialog.key.label.text().split())  # as read off the screen
    assert len(shown) == 35 and shown != key
    dialog.accept()
    assert dialog.key.label.text() == "" and dialog.key.key == ""
    session.lock("test")
    with pytest.raises(Exception, match="not right"):
        vaults.unlock(folder, PASSPHRASE)
    vaults.unlock(folder, "copper meadow whistle").close()
    with pytest.raises(Exception, match="does not open"):
        vaults.unlock_with_recovery_key(folder, key)
    vaults.unlock_with_recovery_key(folder, shown).close()


def test_recovery_key_typo_is_reported(
    qtbot: QtBot, locked_vault: tuple[Path, str], synchronous_ops: None
) -> None:
    session, window = _window(qtbot, locked_vault[0])
    screen = window.unlock_screen
    screen.forgot_button.click()
    qtbot.keyClicks(screen.recovery_key, "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA")
    qtbot.keyClicks(screen.new_passphrase.first, "copper meadow whistle")
    qtbot.keyClicks(screen.new_passphrase.confirm, "copper meadow whistle")
    screen.recover_button.click()
    assert "typing mistake" in screen.recovery_message.text()
    assert not session.is_unlocked


def test_the_recovery_page_shows_its_whole_text_and_key_hint(
    qtbot: QtBot, qapp: QApplication, locked_vault: tuple[Path, str]
) -> None:
    """The stack of pages is sized by the passphrase page: each wrapped line of the recovery
    page must still have its height, and the key field room for its hint (sized as the page
    is first shown, not at start-up)."""
    window = MainWindow(AppSession(locked_vault[0], clock=clock_on(A_DAY)))  # not the demo's
    qtbot.addWidget(window)
    window.show()
    add_bundled_fonts(qapp)  # as the app does once the screen is up
    screen = window.unlock_screen
    screen.forgot_button.click()
    page = screen.pages.currentWidget()
    wrapped = [label for label in page.findChildren(QLabel) if label.wordWrap() and label.text()]
    assert wrapped

    def nothing_cut_off() -> None:  # a timeout reports the texts still cut off
        assert [w.text() for w in wrapped if w.height() < w.heightForWidth(w.width())] == []

    qtbot.waitUntil(nothing_cut_off, timeout=2000)  # once the layout has settled
    key = screen.recovery_key
    assert key.width() > key.fontMetrics().horizontalAdvance(key.placeholderText())
