from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.session import ops
from coordinator_app.ui.session.session import AppSession
from tests.clock import FixedClock, clock_on
from tests.conftest import PASSPHRASE

LAPTOP_SCREEN = Path(__file__).with_name("laptop_screen.json")  # 1366×768, the trusts' laptops


@pytest.fixture(scope="session")
def qapp_args(pytestconfig: pytest.Config) -> list[str]:
    """Offscreen, the one screen is a 1366×768 laptop's (Qt's default is 800×800), so
    dialogs open at the size they would have there."""
    args = [pytestconfig.getini("qt_qapp_name")]
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        args += ["-platform", f"offscreen:configfile={LAPTOP_SCREEN}"]
    return args


@pytest.fixture(autouse=True)
def _close_stray_message_boxes(qapp: QApplication) -> Iterator[None]:
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox):
            widget.close()
    ops.database_thread().wait_idle(10_000)


@pytest.fixture
def synchronous_ops() -> Iterator[None]:
    ops.set_synchronous(True)
    yield
    ops.set_synchronous(False)


def unlocked_window(qtbot: QtBot, folder: Path, today: date) -> MainWindow:
    """The main window on the vault in ``folder``, its clock on ``today`` (set before any
    page is built), shown and unlocked with PASSPHRASE."""
    QSettings().clear()
    window = MainWindow(AppSession(folder, clock=clock_on(today)))
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
