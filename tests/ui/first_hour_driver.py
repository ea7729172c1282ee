"""A coordinator's first hour, driven inside a real launch of the app (``launch.main``, so
``run_gui``, the wizard's ``exec`` and the app's own event loop), with key presses sent to
whichever widget has the focus, as a person's keyboard would:

    python -m tests.ui.first_hour_driver <empty folder>

Prints one line per step reached (``wizard``, ``main-window``, ``locked``, ``unlocked``) and
``failed: <why>`` when a step does not come; the test reads them back.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget, QWizard

from coordinator_app.data import vault
from tests.conftest import FAST_KDF, PASSPHRASE

STEP_TIMEOUT_S = 60.0
Step = tuple[str, Callable[[], bool], Callable[[], object]]  # name, ready, act


def _say(line: str) -> None:
    print(line, flush=True)


def _focus() -> QWidget:
    """Where a key pressed now goes: the focused widget, else the active window."""
    widget = QApplication.focusWidget() or QApplication.activeWindow()
    if widget is None:
        raise AssertionError("no window is active to take the keys")
    return widget


def _type(text: str) -> None:
    QTest.keyClicks(_focus(), text)


def _press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(_focus(), key, modifier)


def _window(kind: str) -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if type(widget).__name__ == kind and widget.isVisible():
            return widget
    return None


class Driver:
    """Steps run one after another, each once its condition holds (polled, so the app's
    own threads and event loop run in between, as they do for a person)."""

    def __init__(self, steps: list[Step]) -> None:
        self._steps = steps
        self._deadline = time.monotonic() + STEP_TIMEOUT_S

    def start(self) -> None:
        QTimer.singleShot(50, self._poll)

    def _poll(self) -> None:
        name, ready, act = self._steps[0]
        try:
            if ready():
                _say(name)
                act()
                self._steps.pop(0)
                self._deadline = time.monotonic() + STEP_TIMEOUT_S
                if not self._steps:
                    QTimer.singleShot(0, QApplication.closeAllWindows)
                    return
            elif time.monotonic() > self._deadline:
                self._fail(f"{name} did not come; {_visible_text()}")
                return
        except Exception as exc:  # the test reads the reason back
            self._fail(f"{name}: {exc!r}")
            return
        QTimer.singleShot(50, self._poll)

    def _fail(self, why: str) -> None:
        _say(f"failed: {why}")
        os._exit(1)  # whatever the app is waiting for, the test has its answer


def _visible_text() -> str:
    texts = []
    for top in QApplication.topLevelWidgets():
        if top.isVisible():
            texts += [label.text() for label in top.findChildren(QLabel) if label.isVisible()]
    return " | ".join(t for t in texts if t)


def _wizard() -> QWizard:
    wizard = _window("FirstRunWizard")
    assert isinstance(wizard, QWizard)
    return wizard


def _wizard_active() -> bool:
    """Shown and given the keyboard: a window system activates a new window a moment after
    showing it, and a person types once it has."""
    wizard = _window("FirstRunWizard")
    return wizard is not None and wizard.isActiveWindow()


def _next_enabled() -> bool:
    return _wizard().button(QWizard.WizardButton.NextButton).isEnabled()


def _key_shown() -> str:
    """The recovery key as the page shows it (read off the screen, as a person would)."""
    shown = [
        w
        for w in _wizard().currentPage().findChildren(QWidget)
        if "Recovery key" in (w.accessibleName(), w.accessibleDescription()) and w.isVisible()
    ]
    assert shown, "the key page shows no key"
    text = shown[0].property("plainText") or shown[0].property("text")
    return "".join(str(text).split())


def _unlocked() -> bool:
    window = _window("MainWindow")
    return window is not None and bool(window.session.is_unlocked)  # type: ignore[attr-defined]


def _locked() -> bool:
    window = _window("MainWindow")
    return window is not None and not window.session.is_unlocked  # type: ignore[attr-defined]


def steps() -> list[Step]:
    key: list[str] = []
    enter = Qt.Key.Key_Return

    def read_key_then_go_on() -> None:
        key.append(_key_shown())
        _press(enter)

    return [
        ("wizard", _wizard_active, lambda: _press(enter)),
        ("trust-page", lambda: _wizard().currentId() == 1, lambda: _type("Generated Coordinator")),
        ("named", _next_enabled, lambda: _press(enter)),
        ("passphrase-page", lambda: _wizard().currentId() == 2, lambda: _type(PASSPHRASE)),
        ("confirm-field", lambda: True, lambda: (_press(Qt.Key.Key_Tab), _type(PASSPHRASE))),
        ("passphrase-typed", _next_enabled, lambda: _press(enter)),
        ("key-page", lambda: _wizard().currentId() == 3 and _next_enabled(), read_key_then_go_on),
        ("confirm-page", lambda: _wizard().currentId() == 4, lambda: _type(key[0][-5:])),
        ("finish", lambda: True, lambda: _press(enter)),
        (
            "main-window",
            _unlocked,
            lambda: _press(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
        ),
        ("locked", _locked, lambda: (_type(PASSPHRASE), _press(enter))),
        ("unlocked", _unlocked, lambda: None),
    ]


def main(folder: Path, these: list[Step] | None = None) -> int:
    # Cheap but real Argon2id, as in every test: the app would calibrate to half a second.
    vault.calibrate = lambda target_seconds=0.0: FAST_KDF  # type: ignore[assignment]
    from coordinator_app.launch import main as launch
    from coordinator_app.ui.app.app import make_application

    make_application()  # the launch takes this one over; the driver's timer needs it first
    driver = Driver(these if these is not None else steps())
    QTimer.singleShot(0, driver.start)
    return launch(["--vault", str(folder)])


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
