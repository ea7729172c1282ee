"""One Coordinator per user: the first launch holds a lock file and listens on a local
socket; a later launch finds the lock taken, asks the first to come to the front, and exits.

The lock (QtCore's QLockFile, which sees through locks left by a crashed process) is checked
before anything is shown; the socket (QtNetwork, slow to load) is opened once the first
screen is up, so the coordinator does not wait for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

WAIT_FOR_FIRST_MS = 3000  # the first instance may still be starting when the second asks


class SingleInstance:
    def __init__(self, state_folder: Path, data_folder: Path) -> None:
        state_folder.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(state_folder / "coordinator-instance.lock"))
        self._lock.setStaleLockTime(0)  # only a lock whose process is gone is stale
        self._data_folder = data_folder

    def claim(self) -> bool:
        """True when this is the first Coordinator of this user (it now holds the lock)."""
        return bool(self._lock.tryLock(0))

    def socket_name(self) -> str:
        """One name per user and data folder, hashed: socket names are visible to others."""
        import getpass  # with hashlib, only needed once the first screen is up
        import hashlib

        who = f"{getpass.getuser()}|{self._data_folder}"
        return f"coordinator-{hashlib.sha256(who.encode()).hexdigest()[:16]}"

    def listen(self, on_raise: Callable[[], None], parent: QObject) -> QLocalServer:
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(parent)
        QLocalServer.removeServer(self.socket_name())  # a socket file left by a crash
        server.listen(self.socket_name())
        server.newConnection.connect(on_raise)
        return server

    def ask_first_to_raise(self) -> bool:
        """Ask the running Coordinator to come to the front; False if it never answered."""
        from PySide6.QtNetwork import QLocalSocket

        deadline = time.monotonic() + WAIT_FOR_FIRST_MS / 1000
        while time.monotonic() < deadline:
            socket = QLocalSocket()
            socket.connectToServer(self.socket_name())
            if socket.waitForConnected(300):
                socket.write(b"raise\n")
                socket.waitForBytesWritten(300)
                socket.disconnectFromServer()
                return True
            time.sleep(0.1)
        return False
