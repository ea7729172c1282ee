"""The computer's own lock and sleep lock the vault: logind's signals on a real D-Bus
(a private bus daemon standing in for the system bus, a connection there owning logind's
name), and the Windows messages read from a real MSG structure by the native filter."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVariant
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coordinator_app.ui.app.main_window import MainWindow
from tests.ui.test_lock_hides import TYPED, _other_windows, _shifts, _stored_draft, window

__all__ = ["window"]

ROOT = Path(__file__).resolve().parents[2]

# logind's names, as systemd documents them (org.freedesktop.login1(5)).
LOGIND = "org.freedesktop.login1"
MANAGER_PATH = "/org/freedesktop/login1"
MANAGER = "org.freedesktop.login1.Manager"
SESSION = "org.freedesktop.login1.Session"
PROPERTIES = "org.freedesktop.DBus.Properties"
SESSION_PATH = "/org/freedesktop/login1/session/c7"  # XDG_SESSION_ID c7
# Windows' messages (winuser.h, wtsapi32.h).
WM_WTSSESSION_CHANGE, WM_POWERBROADCAST, PBT_APMSUSPEND = 0x02B1, 0x0218, 0x4


class FakeLogind:
    """A connection on the bus that owns logind's name, so its signals count as logind's."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.bus = QDBusConnection.connectToBus(address, "test-logind")
        assert self.bus.registerService(LOGIND)

    def lock(self) -> None:
        self.bus.send(QDBusMessage.createSignal(SESSION_PATH, SESSION, "Lock"))

    def sleep(self, starting: bool) -> None:
        signal = QDBusMessage.createSignal(MANAGER_PATH, MANAGER, "PrepareForSleep")
        signal.setArguments([starting])
        self.bus.send(signal)

    def locked_hint(self, locked: bool) -> None:
        signal = QDBusMessage.createSignal(SESSION_PATH, PROPERTIES, "PropertiesChanged")
        signal.setArguments([SESSION, {"LockedHint": QDBusVariant(locked)}, ["IdleHint"]])
        self.bus.send(signal)


@pytest.fixture
def logind(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeLogind]:
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is not installed")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    # The window's watcher connects to "the system bus" as the environment names it.
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", address)
    monkeypatch.setenv("XDG_SESSION_ID", "c7")
    yield FakeLogind(address)
    QDBusConnection.disconnectFromBus("test-logind")
    daemon.terminate()
    daemon.wait(10)


def _locks_by(qtbot: QtBot, window: MainWindow, signal: Callable[[], object]) -> list[str]:
    """Sends ``signal`` until the vault locks (the watcher starts once the window is up)."""
    reasons: list[str] = []
    window.session.locked.connect(reasons.append)

    def sent_then_locked() -> bool:
        signal()
        return not window.session.is_unlocked

    qtbot.waitUntil(sent_then_locked, timeout=5000)
    return reasons


def test_the_session_locking_locks_the_vault_and_hides_the_open_dialog(
    qtbot: QtBot, logind: FakeLogind, window: MainWindow
) -> None:
    page = _shifts(window)
    page.open_booking()
    page.booking.reason.setText(TYPED)
    # Someone else on the bus cannot lock it: only logind's own signals count.
    qtbot.wait(os_lock_start_ms() + 300)
    stranger = QDBusConnection.connectToBus(logind.address, "stranger")
    stranger.send(QDBusMessage.createSignal(SESSION_PATH, SESSION, "Lock"))
    qtbot.wait(300)
    QDBusConnection.disconnectFromBus("stranger")
    assert window.session.is_unlocked

    assert _locks_by(qtbot, window, logind.lock) == ["system"]
    assert _other_windows(window) == [] and window.stack.currentWidget() is window.unlock_screen
    stored = _stored_draft(window, "book-shift")
    assert stored is not None and stored["reason"] == TYPED


def test_suspending_locks_the_vault_and_waking_does_not(
    qtbot: QtBot, logind: FakeLogind, window: MainWindow
) -> None:
    qtbot.wait(os_lock_start_ms() + 300)
    logind.sleep(False)  # waking up says false
    logind.locked_hint(False)
    qtbot.wait(300)
    assert window.session.is_unlocked
    assert _locks_by(qtbot, window, lambda: logind.sleep(True)) == ["suspend"]


def test_the_desktop_lock_screen_locks_the_vault(
    qtbot: QtBot, logind: FakeLogind, window: MainWindow
) -> None:
    assert _locks_by(qtbot, window, lambda: logind.locked_hint(True)) == ["system"]


def os_lock_start_ms() -> int:
    from coordinator_app.ui.app import main_window

    return int(getattr(main_window, "OS_LOCK_AFTER_MS", 500))


def _message(message: int, wparam: int) -> ctypes.Structure:
    from coordinator_app.ui.session.os_lock import WindowsMessage

    return WindowsMessage(hwnd=None, message=message, wParam=wparam, lParam=0)


@pytest.mark.parametrize(
    ("message", "wparam", "reason"),
    [
        (WM_WTSSESSION_CHANGE, 0x7, "system"),  # WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK
        (WM_WTSSESSION_CHANGE, 0x2, "system"),  # WTS_CONSOLE_DISCONNECT: another user switched in
        (WM_WTSSESSION_CHANGE, 0x4, "system"),  # WTS_REMOTE_DISCONNECT
        (WM_WTSSESSION_CHANGE, 0x8, None),  # WTS_SESSION_UNLOCK
        (WM_POWERBROADCAST, PBT_APMSUSPEND, "suspend"),  # WM_POWERBROADCAST, PBT_APMSUSPEND
        (WM_POWERBROADCAST, 0x12, None),  # PBT_APMRESUMEAUTOMATIC
        (0x0100, 0x7, None),  # WM_KEYDOWN
    ],
)
def test_which_windows_messages_lock(message: int, wparam: int, reason: str | None) -> None:
    from coordinator_app.ui.session.os_lock import WindowsSessionFilter, windows_lock_reason

    assert windows_lock_reason(message, wparam) == reason
    said: list[str] = []
    native = WindowsSessionFilter(said.append)
    msg = _message(message, wparam)
    assert native.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(msg)) == (False, 0)
    assert said == ([reason] if reason else [])
    # Another platform's events are not read as a MSG.
    assert native.nativeEventFilter(b"xcb_generic_event_t", ctypes.addressof(msg)) == (False, 0)
    assert said == ([reason] if reason else [])


def test_the_windows_filter_locks_the_window_it_serves(qtbot: QtBot, window: MainWindow) -> None:
    watcher = window.os_lock
    watcher.watch_windows()  # on Linux the WTS registration is skipped, the filter installed
    native = watcher._filter
    assert native is not None
    try:
        msg = _message(WM_POWERBROADCAST, PBT_APMSUSPEND)
        native.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(msg))
        qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5000)
    finally:
        app = QApplication.instance()
        assert app is not None
        app.removeNativeEventFilter(native)


def test_a_real_launch_hides_book_a_shift_when_the_session_locks_and_offers_it_back(
    tmp_path: Path, logind: FakeLogind
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COORDINATOR_")}
    env["QT_QPA_PLATFORM"] = "offscreen"  # the bus and session id come from the fixture
    assert logind.bus.unregisterService(LOGIND)  # the launched app's own logind says it
    run = subprocess.run(
        [sys.executable, "-m", "tests.ui.lock_hides_driver", str(tmp_path / "empty")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert "failed" not in run.stdout, run.stdout
    assert run.stdout.split("\n")[-4:-1] == ["hidden", "unlocked", "restored"], (
        run.stdout + run.stderr
    )
