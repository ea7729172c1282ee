from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.session import ops
from coordinator_app.ui.session.session import AppSession
from tests.conftest import PASSPHRASE


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


def unlocked_window(qtbot: QtBot, folder: Path) -> MainWindow:
    """The main window on the vault in ``folder``, shown and unlocked with PASSPHRASE."""
    QSettings().clear()
    window = MainWindow(AppSession(folder))
    qtbot.addWidget(window)
    window.show()
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    assert window.session.is_unlocked
    return window
