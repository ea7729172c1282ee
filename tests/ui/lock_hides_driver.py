"""A real launch (``launch.main``) in which the computer's session locks while Book a shift
is open with typing in it: after the first-hour steps make the vault, Book a shift is
opened from the keyboard, a reason typed, then logind (a connection owning its name on
the bus ``DBUS_SYSTEM_BUS_ADDRESS`` names) says ``Lock``:

    python -m tests.ui.lock_hides_driver <empty folder>

Prints ``hidden`` once the vault is locked with no window but the main one on screen and
nothing typed visible, and ``restored`` once Book a shift, reopened after unlocking,
holds the typing again; ``failed: <why>`` otherwise.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtDBus import QDBusConnection, QDBusMessage
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget

from tests.conftest import PASSPHRASE
from tests.ui.first_hour_driver import (
    Step,
    _locked,
    _unlocked,
    _visible_text,
    _window,
    main,
    steps,
)

TYPED = "Qzreason typed before the session locked"
_last_lock = [0.0]  # when Lock was last said (monotonic seconds)
LOGIND = "org.freedesktop.login1"


def _booking() -> QWidget | None:
    return _window("BookShiftDialog")


def _type_reason() -> None:
    booking = _booking()
    assert booking is not None
    reason = next(
        e
        for e in booking.findChildren(QLineEdit)
        if e.accessibleName().startswith("Reason for booking")
    )
    QTest.keyClicks(reason, TYPED)


def _open_booking() -> None:
    main = _window("MainWindow")
    assert main is not None
    shifts = next(a for a in main.findChildren(QAction) if a.text() == "Shifts")
    shifts.trigger()  # View › Shifts (Ctrl+4)
    button = next(b for b in main.findChildren(QPushButton) if b.text() == "&Book a shift…")
    button.click()


def _session_locks() -> None:
    logind = QDBusConnection.connectToBus(os.environ["DBUS_SYSTEM_BUS_ADDRESS"], "logind")
    assert logind.registerService(LOGIND)
    _send_lock()


def _send_lock() -> None:
    logind = QDBusConnection("logind")
    path = f"/org/freedesktop/login1/session/{os.environ['XDG_SESSION_ID']}"
    logind.send(QDBusMessage.createSignal(path, "org.freedesktop.login1.Session", "Lock"))
    _last_lock[0] = time.monotonic()


def _hidden() -> bool:
    # The name was taken just before the first Lock: under load the app's bus may not yet
    # know its new owner and drop that signal, so it is said again each second until heard.
    if not _locked() and time.monotonic() - _last_lock[0] > 1.0:
        _send_lock()
    main = _window("MainWindow")
    others = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not main]
    return _locked() and not others and TYPED not in _visible_text()


def _reason_back() -> bool:
    booking = _booking()
    return booking is not None and any(e.text() == TYPED for e in booking.findChildren(QLineEdit))


def _unlock() -> None:
    """Clicks into the passphrase field (the closed dialog was the active window) and types."""
    main = _window("MainWindow")
    assert main is not None
    field = main.unlock_screen.passphrase  # type: ignore[attr-defined]
    QTest.keyClicks(field, PASSPHRASE)
    QTest.keyClick(field, Qt.Key.Key_Return)


def lock_steps() -> list[Step]:
    made = steps()[:9]  # the wizard, up to Finish
    return [
        *made,
        ("main-window", _unlocked, _open_booking),
        ("booking", lambda: _booking() is not None, _type_reason),
        ("typed", _reason_back, _session_locks),
        ("hidden", _hidden, _unlock),
        ("unlocked", _unlocked, _open_booking),
        ("restored", _reason_back, lambda: None),
    ]


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), lock_steps()))
