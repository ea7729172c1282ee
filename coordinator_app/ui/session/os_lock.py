"""Locking when the computer's own session locks or it goes to sleep.

Linux: logind, on the system bus, says ``Lock`` to the session (``loginctl lock-session``),
sets the session's ``LockedHint`` when the desktop's lock screen comes up, and says
``PrepareForSleep(true)`` before suspending. Windows: the session-change notifications
(WTS) and the power broadcast reach the main window's native events. Where neither is
there (no system bus, another platform) nothing is said and the session's clock-jump
check remains the fallback. Only the platform's own code loads: QtDBus on Linux alone.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import shiboken6
from PySide6.QtCore import (
    SLOT,
    QAbstractNativeEventFilter,
    QCoreApplication,
    QObject,
    QTimer,
    Signal,
    Slot,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

SYSTEM_LOCK = "system"  # the reasons given to AppSession.lock
SUSPEND = "suspend"

SYSTEM_BUS = "unix:path=/var/run/dbus/system_bus_socket"  # libdbus's own default
LOGIND = "org.freedesktop.login1"
MANAGER_PATH = "/org/freedesktop/login1"
MANAGER = "org.freedesktop.login1.Manager"
SESSION = "org.freedesktop.login1.Session"
PROPERTIES = "org.freedesktop.DBus.Properties"

# Windows messages (winuser.h, wtsapi32.h) that mean the vault should lock.
WM_WTSSESSION_CHANGE = 0x02B1
WM_POWERBROADCAST = 0x0218
WTS_CONSOLE_DISCONNECT = 0x2  # another user switched in
WTS_REMOTE_DISCONNECT = 0x4
WTS_SESSION_LOCK = 0x7
PBT_APMSUSPEND = 0x4
NOTIFY_FOR_THIS_SESSION = 0
WINDOWS_MESSAGE = b"windows_generic_MSG"
_watchers = itertools.count(1)  # each watcher's own bus connection has its own name


def windows_lock_reason(message: int, wparam: int) -> str | None:
    """Which Windows messages mean lock: the session locked or switched away, or suspend."""
    if message == WM_WTSSESSION_CHANGE and wparam in (
        WTS_SESSION_LOCK,
        WTS_CONSOLE_DISCONNECT,
        WTS_REMOTE_DISCONNECT,
    ):
        return SYSTEM_LOCK
    if message == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND:
        return SUSPEND
    return None


class WindowsMessage(ctypes.Structure):
    """Windows' MSG, laid out with fixed-size fields so it also reads (in tests) elsewhere."""

    _fields_ = [
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint32),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
        ("time", ctypes.c_uint32),
        ("x", ctypes.c_int32),
        ("y", ctypes.c_int32),
        ("lPrivate", ctypes.c_uint32),
    ]


class WindowsSessionFilter(QAbstractNativeEventFilter):
    """Reads every native message Qt's windows get; never swallows one."""

    def __init__(self, relay: Callable[[str], None]) -> None:
        super().__init__()
        self._relay = relay

    def nativeEventFilter(self, eventType: Any, message: Any) -> tuple[bool, int]:  # noqa: N802, N803 (Qt API)
        if bytes(eventType) != WINDOWS_MESSAGE or not message:
            return False, 0
        msg = WindowsMessage.from_address(int(message))
        reason = windows_lock_reason(msg.message, msg.wParam)
        if reason is not None:
            self._relay(reason)
        return False, 0


def session_path(session_id: str) -> str:
    """logind's object path for a session id (sd_bus_path_encode); "" (any) if unknown."""
    if not session_id:
        return ""
    encoded = "".join(
        c if c.isascii() and c.isalnum() and not (i == 0 and c.isdigit()) else f"_{ord(c):02x}"
        for i, c in enumerate(session_id)
    )
    return f"{MANAGER_PATH}/session/{encoded}"


class OsLock(QObject):
    """Says ``lock_requested(reason)`` when the computer's session locks or it suspends."""

    lock_requested = Signal(str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._filter: WindowsSessionFilter | None = None
        self._bus_name = f"coordinator-logind-{next(_watchers)}"

    def start(self) -> None:
        if sys.platform == "win32":
            self.watch_windows()
        elif sys.platform.startswith("linux"):
            self.watch_logind()

    def _relay(self, reason: str) -> None:
        if shiboken6.isValid(self):
            self.lock_requested.emit(reason)

    # --- Windows -------------------------------------------------------------------------
    def watch_windows(self) -> None:
        app = QCoreApplication.instance()
        if app is None or self._filter is not None:
            return
        # Locking closes dialogs: not from inside the window procedure, but just after it.
        self._filter = WindowsSessionFilter(
            lambda reason: QTimer.singleShot(0, lambda: self._relay(reason))
        )
        app.installNativeEventFilter(self._filter)
        if not _register_session_notification(int(self._window.winId())):
            log.info("Windows session notifications unavailable; the clock check remains.")

    # --- Linux -----------------------------------------------------------------------------
    def watch_logind(self) -> bool:
        """Listens to logind on the system bus; False (quietly) when there is none."""
        from PySide6.QtDBus import QDBusConnection

        # A connection of its own, to the system bus the environment names now (libdbus
        # would keep the first address it ever read for the whole process).
        address = os.environ.get("DBUS_SYSTEM_BUS_ADDRESS") or SYSTEM_BUS
        bus = QDBusConnection.connectToBus(address, self._bus_name)
        if not bus.isConnected():
            QDBusConnection.disconnectFromBus(self._bus_name)
            log.info("No system bus: the computer's lock is not followed; the clock check is.")
            return False
        path = session_path(os.environ.get("XDG_SESSION_ID", ""))
        # Only signals sent by logind itself (the owner of its name) arrive here.
        watched = [
            bus.connect(LOGIND, path, SESSION, "Lock", self, _slot("_session_locked()")),
            bus.connect(
                LOGIND,
                path,
                PROPERTIES,
                "PropertiesChanged",
                "sa{sv}as",
                self,
                _slot("_session_changed(QString,QVariantMap,QStringList)"),
            ),
            bus.connect(
                LOGIND, MANAGER_PATH, MANAGER, "PrepareForSleep", self, _slot("_sleeping(bool)")
            ),
        ]
        if not all(watched):
            log.info("logind's signals could not all be followed; the clock check remains.")
        return any(watched)

    @Slot()
    def _session_locked(self) -> None:
        self._relay(SYSTEM_LOCK)

    @Slot(str, "QVariantMap", "QStringList")
    def _session_changed(self, interface: str, changed: dict[str, Any], _gone: list[str]) -> None:
        hint = changed.get("LockedHint")
        if interface == SESSION and _unwrapped(hint) is True:
            self._relay(SYSTEM_LOCK)

    @Slot(bool)
    def _sleeping(self, starting: bool) -> None:
        if starting:  # false comes on waking: the vault locked already
            self._relay(SUSPEND)


def _slot(signature: str) -> bytes:
    # PySide wants SLOT's text where its stubs say bytes.
    return cast(bytes, SLOT(signature))


def _unwrapped(value: object) -> object:
    variant = getattr(value, "variant", None)  # a QDBusVariant
    return variant() if callable(variant) else value


def _register_session_notification(hwnd: int) -> bool:
    if sys.platform != "win32":
        return False
    wtsapi = ctypes.WinDLL("wtsapi32")
    return bool(
        wtsapi.WTSRegisterSessionNotification(ctypes.c_void_p(hwnd), NOTIFY_FOR_THIS_SESSION)
    )
