from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from coordinator_app.ui.app.main_window import MainWindow, sections_for
from coordinator_app.ui.session import ops
from coordinator_app.ui.session.session import AppSession
from tests.clock import A_DAY, FixedClock, clock_on
from tests.conftest import PASSPHRASE, VaultTemplates


@pytest.fixture(autouse=True)
def _clear_the_screen(qapp: QApplication) -> Iterator[None]:
    """After each test, every window it left is closed (a main window locks its vault) and
    deleted. Windows left alive piled up in the worker's one application (40,000 widgets
    after the dialogs' tests), and every later test paid for them: tests/ui took 132 s
    rather than 85 s, the dialogs' tests 80 s rather than 22 s."""
    yield
    windows = QApplication.topLevelWidgets()
    for widget in windows:
        widget.close()
    ops.database_thread().wait_idle(10_000)
    for widget in windows:
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def synchronous_ops() -> Iterator[None]:
    ops.set_synchronous(True)
    yield
    ops.set_synchronous(False)


def unlocked_window(
    qtbot: QtBot, folder: Path, today: date, kind: str = "coordinator"
) -> MainWindow:
    """The main window on the vault in ``folder`` (a trust's, or the programme manager's
    when ``kind`` is "programme"), its clock on ``today`` (set before any page is built),
    shown and unlocked with PASSPHRASE."""
    QSettings().clear()
    window = MainWindow(AppSession(folder, clock=clock_on(today)), sections=sections_for(kind))
    qtbot.addWidget(window)
    window.show()
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    assert window.session.is_unlocked
    return window


def set_today(window: MainWindow, day: date) -> None:
    """Move the window's clock to ``day`` (pages read it each time they need today)."""
    clock = window.session.clock
    assert isinstance(clock, FixedClock)
    clock.set(clock_on(day).now())


@pytest.fixture
def keyboard_window(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None, vault_templates: VaultTemplates
) -> MainWindow:
    """An unlocked main window on a filled vault, active, so key events reach its focus."""
    from tests.ui.mnemonic_windows import fill  # it imports this module

    folder = tmp_path / "vault"
    vault_templates.copy(folder, "ABUHB", "Generated Coordinator", fill=fill)
    window = unlocked_window(qtbot, folder, A_DAY)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the focus"
    return widget


@pytest.fixture(params=[1.0, 2.0], ids=["100%", "200%"])
def font_scale(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[float]:
    """The application's font at 100 % and at 200 %, put back afterwards."""
    original = QFont(qapp.font())
    if request.param != 1.0:
        bigger = QFont(original)
        bigger.setPointSizeF(original.pointSizeF() * request.param)
        qapp.setFont(bigger)
    yield request.param
    qapp.setFont(original)
