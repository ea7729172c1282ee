"""The window-wide keys inside a real launch of the app (``launch.main`` on an existing
vault, the app's own event loop and database thread), with key presses sent to whichever
widget has the focus:

    python -m tests.ui.keyboard_driver <vault folder>

Prints one line per step reached and ``failed: <why>`` when one does not come; the test
reads them back. Steps: unlock, Ctrl+N then a name typed (printed as it landed), Ctrl+F,
Down into the results, Ctrl+L.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView

from tests.conftest import PASSPHRASE
from tests.ui.first_hour_driver import Step, _locked, _press, _say, _type, _unlocked, main

CTRL = Qt.KeyboardModifier.ControlModifier
NAME = "Generated Keyboard-Driver"


def _focus_named(name: str) -> bool:
    widget = QApplication.focusWidget()
    return widget is not None and widget.accessibleName() == name


def _typed_name() -> None:
    widget = QApplication.focusWidget()
    assert isinstance(widget, QLineEdit)
    _say(f"typed: {widget.text()}")
    _press(Qt.Key.Key_F, CTRL)


def steps() -> list[Step]:
    return [
        ("unlock-screen", _locked, lambda: (_type(PASSPHRASE), _press(Qt.Key.Key_Return))),
        ("unlocked", _unlocked, lambda: _press(Qt.Key.Key_N, CTRL)),
        ("new-volunteer", lambda: _focus_named("First names"), lambda: _type(NAME)),
        ("name-typed", lambda: True, _typed_name),
        ("search", lambda: _focus_named("Search volunteers"), lambda: _press(Qt.Key.Key_Down)),
        (
            "results",
            lambda: isinstance(QApplication.focusWidget(), QTableView),
            lambda: _press(Qt.Key.Key_L, CTRL),
        ),
        ("locked", _locked, lambda: None),
    ]


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), steps()))
