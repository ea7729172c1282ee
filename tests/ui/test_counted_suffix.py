"""Units in spin boxes agree with their value ("1 minute", never "1 minutes" or "week(s)")."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox
from pytestqt.qtbot import QtBot

from coordinator_app.ui.widgets.fields import counted_suffix


def test_a_spin_box_unit_agrees_with_its_value(qtbot: QtBot) -> None:
    box = QSpinBox()
    qtbot.addWidget(box)
    box.setRange(1, 60)
    box.setValue(5)
    counted_suffix(box, "minute")
    assert box.text() == "5 minutes"
    box.setValue(1)
    assert box.text() == "1 minute"
    box.stepUp()
    assert box.text() == "2 minutes"
