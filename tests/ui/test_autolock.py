"""Auto-lock: idle time and clock jumps lock the vault; a half-filled form survives as an
encrypted draft and comes back on unlock."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from coordinator_app.services.vault import drafts, vaults
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.settings.settings_page import SettingsPage
from tests.clock import FixedClock
from tests.conftest import PASSPHRASE, VaultTemplates

HALF_TYPED = "generated.person@nhs.example"


class FakeClocks:
    def __init__(self) -> None:
        self.wall = FixedClock(datetime(2027, 3, 1, 9))
        self.mono = 50.0

    def tick(self, seconds: float, wall_extra: float = 0.0) -> None:
        self.mono += seconds
        self.wall.advance(timedelta(seconds=seconds + wall_extra))


@pytest.fixture
def unlocked(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None, vault_templates: VaultTemplates
) -> tuple[AppSession, MainWindow, FakeClocks]:
    folder = tmp_path / "vault"
    vault_templates.copy(folder, "KRH", "Generated Coordinator")
    clocks = FakeClocks()
    session = AppSession(folder, clock=clocks.wall, monotonic=lambda: clocks.mono)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    assert session.is_unlocked
    return session, window, clocks


def _settings(window: MainWindow) -> SettingsPage:
    page = next(p for p in window.pages if isinstance(p, SettingsPage))
    assert isinstance(page, SettingsPage)
    return page


def test_idle_locks_keeps_a_draft_and_restores_it(
    qtbot: QtBot, unlocked: tuple[AppSession, MainWindow, FakeClocks]
) -> None:
    session, window, _ = unlocked
    page = _settings(window)
    qtbot.keyClicks(page.email, HALF_TYPED)
    session.set_idle_interval_ms(100)
    qtbot.waitUntil(lambda: not session.is_unlocked, timeout=5000)

    # Locked: the screen shows no personal data and the vault is closed.
    assert window.stack.currentWidget() is window.unlock_screen
    assert page.email.text() == "" and page.vault_id.text() == ""
    assert window.state_label.text() == "Locked after being idle"
    vault = vaults.unlock(session.folder, PASSPHRASE)  # works: the lock file was released
    try:
        stored = drafts.load_draft(vault, "settings")
    finally:
        vault.close()
    assert stored is not None and stored["coordinator_email"] == HALF_TYPED

    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    assert session.is_unlocked
    assert page.email.text() == HALF_TYPED
    assert "kept while Coordinator was locked" in page.message.text()
    vault = session.vault
    assert vault is not None
    assert drafts.load_draft(vault, "settings") is None  # handed back once, then gone
    session.lock("test")


def test_input_keeps_the_session_open(
    qtbot: QtBot, unlocked: tuple[AppSession, MainWindow, FakeClocks]
) -> None:
    session, window, _ = unlocked
    session.set_idle_interval_ms(400)
    for _ in range(6):
        qtbot.keyClick(_settings(window).email, "a")
        qtbot.wait(100)
    assert session.is_unlocked
    qtbot.waitUntil(lambda: not session.is_unlocked, timeout=5000)


def test_clock_jump_locks(unlocked: tuple[AppSession, MainWindow, FakeClocks]) -> None:
    session, _, clocks = unlocked
    clocks.tick(5)
    session.check_clock()
    assert session.is_unlocked
    clocks.tick(5, wall_extra=3600)  # wall clock moved an hour in five seconds
    session.check_clock()
    assert not session.is_unlocked


def test_suspend_shows_as_a_clock_jump(unlocked: tuple[AppSession, MainWindow, FakeClocks]) -> None:
    session, _, clocks = unlocked
    clocks.tick(0, wall_extra=8 * 3600)  # asleep overnight: monotonic time stood still
    session.check_clock()
    assert not session.is_unlocked


def test_lock_now_shortcut(
    qtbot: QtBot, unlocked: tuple[AppSession, MainWindow, FakeClocks]
) -> None:
    session, window, _ = unlocked
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    window.lock_action.trigger()
    assert not session.is_unlocked
    assert not window.lock_action.isEnabled()
