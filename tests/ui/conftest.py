from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from coordinator_app.ui import ops


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
