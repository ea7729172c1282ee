"""The app side of the screen reader test: a real launch from an empty folder driven by key
presses (the first hour's steps), pausing at each screen a screen reader is to read:

    python -m tests.ui.screen_reader_driver <empty folder> <handshake folder>

At each pause it prints ``read <name> <what is on screen>`` and waits until the reader
(tests/ui/screen_reader.py, outside the app, through AT-SPI) creates ``<handshake>/<name>``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from tests.conftest import PASSPHRASE
from tests.ui import first_hour_driver
from tests.ui.first_hour_driver import (
    Step,
    _key_shown,
    _locked,
    _press,
    _say,
    _type,
    _unlocked,
    _window,
    _wizard,
    main,
    steps,
)

WRONG = "not the passphrase at all"
SETTLE_S = 1.0


def _focus_in_active_window() -> QWidget:
    """Where a key pressed now goes. On a bare X server no window manager makes the newest
    window active, as a desktop would: the driver does it before each key."""
    modal = QApplication.activeModalWidget()
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
    top = modal or (shown[-1] if shown else None)
    if top is not None and not top.isActiveWindow():
        top.activateWindow()
        QApplication.processEvents()
    return QApplication.focusWidget() or top or first_hour_driver._focus()


first_hour_driver._focus = _focus_in_active_window


def _status_texts() -> list[str]:
    window = _window("MainWindow")
    assert window is not None
    return [label.text() for label in window.statusBar().findChildren(QLabel) if label.text()]


def _unlock_message() -> str:
    window = _window("MainWindow")
    return window.unlock_screen.message.text() if window is not None else ""  # type: ignore[attr-defined]


def reading_steps(handshake: Path) -> list[Step]:
    """The first hour's steps with pauses for the reader; ends on a wrong passphrase."""
    first_hour = {name: (ready, act) for name, ready, act in steps()}

    def pause(
        name: str, shown: Callable[[], object] | str, ready: Callable[[], bool] = lambda: True
    ) -> list[Step]:
        """Once ``ready``: say what is on screen, then wait for the reader to have read it."""
        return [
            (
                f"pause-{name}",
                ready,
                lambda: _say(f"read {name} {json.dumps(shown() if callable(shown) else shown)}"),
            ),
            (f"read-{name}", lambda: (handshake / name).exists(), lambda: None),
        ]

    def section(row: int, name: str) -> list[Step]:
        """Ctrl+<row + 1> shows the section (View menu); the reader reads it once its lists
        have come from the database thread (a second later)."""
        key = Qt.Key(Qt.Key.Key_1.value + row)
        pressed: list[float] = []

        def show() -> None:
            _press(key, Qt.KeyboardModifier.ControlModifier)
            pressed.append(time.monotonic())

        def settled() -> bool:
            return time.monotonic() - pressed[0] > SETTLE_S

        return [(f"to-{name}", lambda: True, show), *pause(name, name, settled)]

    key: list[str] = []
    before = [
        ("wizard", *first_hour["wizard"]),
        ("trust-page", *first_hour["trust-page"]),
        ("named", *first_hour["named"]),
        ("passphrase-page", *first_hour["passphrase-page"]),
        # Tab sent by QTest does not move the focus on a bare X server (it does offscreen,
        # where tests/ui/test_first_hour.py presses it): the next field is focused directly.
        ("confirm-field", lambda: True, lambda: (_wizard().focusNextChild(), _type(PASSPHRASE))),
        ("passphrase-typed", *first_hour["passphrase-typed"]),
        ("key-page", first_hour["key-page"][0], lambda: key.append(_key_shown())),
    ]
    return [
        *before,
        *pause("key-page", lambda: key[0]),
        ("to-confirm", lambda: True, lambda: _press(Qt.Key.Key_Return)),
        ("confirm-page", lambda: _wizard().currentId() == 4, lambda: _type(key[0][-5:])),
        ("finish", lambda: True, lambda: _press(Qt.Key.Key_Return)),
        *pause("main-window", _status_texts, _unlocked),
        *section(2, "volunteers"),
        *section(4, "support-plans"),
        *section(5, "activities"),
        ("lock", lambda: True, lambda: _press(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)),
        *pause("unlock-screen", "locked", _locked),
        ("wrong", lambda: True, lambda: (_type(WRONG), _press(Qt.Key.Key_Return))),
        *pause("wrong-passphrase", _unlock_message, lambda: bool(_unlock_message())),
        ("done", lambda: True, lambda: QApplication.processEvents()),
    ]


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), reading_steps(Path(sys.argv[2]))))
