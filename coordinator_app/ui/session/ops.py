"""Running service calls off the UI thread, modelled on Anki's ``aqt.operations``
(QueryOp / CollectionOp): a small fluent builder, one background thread for the database,
callbacks always back on the UI thread.

A SQLite connection belongs to the thread that made it, so every service call goes to ONE
worker thread (a QThreadPool of one thread that never expires), in order.

Drawing charts and rendering PDFs and workbooks from figures already gathered need no
connection, so they go to a second pool (``.on_report_worker()``): a report never queues
behind the database, nor the database behind a report.

``VaultOperation`` (made by ``AppSession.op``) is the usual kind: it is given the unlocked
vault, does nothing (and logs it) when asked for while locked, and, when it declares
``.changes(...)``, has the session tell every page showing those kinds after it succeeds.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Protocol, Self, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from coordinator_app.services.progress import Cancelled, Progress
from coordinator_app.ui.session.changes import Change, Changes
from coordinator_app.ui.widgets.error_dialog import show_error

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

    from coordinator_app.services.vault.vaults import Vault

T = TypeVar("T")
PROGRESS_DELAY_MS = 300  # quick operations finish before a dialog would flash up
REPORT_THREADS = 2  # charts and documents: two, so a slow PDF does not hold up a chart
log = logging.getLogger(__name__)

_synchronous = False


def set_synchronous(enabled: bool) -> None:
    """Tests: run operations inline on the calling thread, callbacks called directly."""
    global _synchronous
    _synchronous = enabled


class Worker:
    """A pool of threads that never expire (the database's keeps its connection)."""

    def __init__(self, threads: int) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(threads)
        self._pool.setExpiryTimeout(-1)

    def submit(self, job: QRunnable) -> None:
        self._pool.start(job)

    def wait_idle(self, timeout_ms: int = -1) -> bool:
        return self._pool.waitForDone(timeout_ms)


_database_thread: Worker | None = None
_report_worker: Worker | None = None


def database_thread() -> Worker:
    """The single thread all service calls run on."""
    global _database_thread
    if _database_thread is None:
        _database_thread = Worker(1)
    return _database_thread


def report_worker() -> Worker:
    """Threads for work that needs no database connection: charts, PDFs, workbooks."""
    global _report_worker
    if _report_worker is None:
        _report_worker = Worker(REPORT_THREADS)
    return _report_worker


class _Relay(QObject):
    """Lives on the UI thread, so signals emitted from the worker arrive there (queued).

    The outcome rides on the relay, not in the signal: passing Python objects through
    queued ``Signal(object)`` arguments upsets PySide's reference counts at exit.
    """

    finished = Signal()
    progressed = Signal(int, int, str)

    def __init__(self) -> None:
        super().__init__()
        self.result: Any = None
        self.error: BaseException | None = None
        self.was_cancelled = False
        # Set once the worker holds no reference to anything of ours any more.
        self.released = threading.Event()


class _Job(QRunnable):
    """Runs ``fn`` on the database thread. Every Python object it touches must be let go
    on the UI thread: if the worker dropped the last reference to a Qt object, Qt would
    destroy it there, locking Qt's connection lists while waiting for the GIL, and the
    UI thread, holding the GIL, may be waiting for those same locks (a deadlock seen when
    a progress dialog closed). So the job hands everything back before saying so."""

    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn: Callable[[], Any] | None = fn
        self._relay: _Relay | None = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        fn, relay = self._fn, self._relay
        self._fn = self._relay = None
        assert fn is not None and relay is not None
        try:
            relay.result = fn()
        except Cancelled:
            relay.was_cancelled = True
        except BaseException as exc:  # every failure goes back to the UI, none is lost
            relay.error = exc
        del fn
        released = relay.released
        relay.finished.emit()
        del relay
        released.set()


_running: set[Operation[Any]] = set()


class Operation(Generic[T]):
    """``Operation(parent, op, success).failure(cb).with_progress("Saving…").run()``

    ``op`` receives a Progress it may update and poll; it runs on the database thread.
    """

    def __init__(
        self,
        parent: QWidget | None,
        op: Callable[[Progress], T],
        success: Callable[[T], None],
    ) -> None:
        self._parent = parent
        self._op = op
        self._success = success
        self._failure: Callable[[BaseException], None] | None = None
        self._on_cancel: Callable[[], None] | None = None
        self._label: str | None = None
        self._cancellable = True
        self._dialog: QProgressDialog | None = None
        self._relay: _Relay | None = None
        self._progress: Progress | None = None
        self._worker: Callable[[], Worker] = database_thread

    def failure(self, callback: Callable[[BaseException], None]) -> Self:
        self._failure = callback
        return self

    def on_cancel(self, callback: Callable[[], None]) -> Self:
        self._on_cancel = callback
        return self

    def with_progress(self, label: str, cancellable: bool = True) -> Self:
        self._label = label
        self._cancellable = cancellable
        return self

    def on_report_worker(self) -> Self:
        """For work that needs no database connection (drawing, rendering a document from
        figures already gathered): it runs beside the database thread, not behind it."""
        self._worker = report_worker
        return self

    # --- running ----------------------------------------------------------------------
    def run(self) -> None:
        if _synchronous:
            self._run_inline()
            return
        # Not at the top: no Qt enums before the first screen (ui/app/app.py).
        from PySide6.QtCore import Qt

        relay = _Relay()
        self._relay = relay
        progress = Progress(lambda done, total, label: relay.progressed.emit(done, total, label))
        self._progress = progress  # kept here, so it is let go on the UI thread
        relay.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        relay.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        if self._label is not None:
            self._dialog = self._make_dialog(progress)
        _running.add(self)
        self._worker().submit(_Job(lambda: self._op(progress), relay))

    def _run_inline(self) -> None:
        try:
            result = self._op(Progress())
        except Cancelled:
            if self._on_cancel is not None:
                self._on_cancel()
        except Exception as exc:
            self._deliver_failure(exc)
        else:
            self._succeeded(result, asker_alive=True)

    def _make_dialog(self, progress: Progress) -> QProgressDialog:
        # Not at the top: no Qt enums before the first screen (ui/app/app.py).
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QProgressDialog

        dialog = QProgressDialog(
            self._label or "", "Cancel" if self._cancellable else "", 0, 0, self._parent
        )
        dialog.setWindowTitle("Coordinator")
        dialog.setAccessibleName(self._label or "Progress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self._cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(progress.cancel)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        # QProgressDialog only pops up on setValue; a timer makes a busy (0..0) dialog appear.
        QTimer.singleShot(PROGRESS_DELAY_MS, self._show_dialog_if_running)
        return dialog

    def _show_dialog_if_running(self) -> None:
        if self in _running and self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.show()

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        return self._dialog

    def _finish(self) -> bool:
        """Tidy up; False when the widget that asked is gone (nothing left to tell)."""
        _running.discard(self)
        self._progress = None
        if self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.close()
            self._dialog.deleteLater()
        self._dialog = None
        return self._parent is None or shiboken6.isValid(self._parent)

    @Slot()
    def _finished(self) -> None:
        relay = self._relay
        if relay is not None and not relay.released.is_set():
            # The worker still holds references for a moment: keep ours (so the last
            # ones are dropped here, on the UI thread) and look again shortly.
            QTimer.singleShot(1, self._finished)
            return
        self._relay = None
        if relay is None:
            return
        asker_alive = self._finish()
        if relay.error is None and not relay.was_cancelled:
            self._succeeded(relay.result, asker_alive)
        elif not asker_alive:
            return
        elif relay.was_cancelled:
            if self._on_cancel is not None:
                self._on_cancel()
        elif relay.error is not None:
            self._deliver_failure(relay.error)

    def _succeeded(self, result: T, asker_alive: bool) -> None:
        """Tells the widget that asked, if it is still there."""
        if asker_alive:
            self._success(result)

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, label: str) -> None:
        dialog = self._dialog
        if dialog is None or not shiboken6.isValid(dialog):
            return
        dialog.setMaximum(total)
        dialog.setValue(done)
        if label:
            dialog.setLabelText(label)

    def _deliver_failure(self, exc: BaseException) -> None:
        if self._failure is not None:
            self._failure(exc)
        else:
            show_error(self._parent, exc)


class VaultHolder(Protocol):
    """What an operation needs of the session (AppSession), named here so this module need
    not import the session's, which imports it."""

    @property
    def vault(self) -> Vault | None: ...

    def notify_changed(self, kinds: Changes, initiator: QObject | None = None) -> None: ...


class VaultOperation(Operation[T]):
    """``session.op(parent, lambda vault, progress: ..., success).changes(Change.X).run()``

    Takes the session's vault when it runs, not when it is made; while locked it does
    nothing. A write names what it changed, and the session tells the pages after the
    widget that asked has had its answer (even if that widget has gone since: the write
    happened all the same).
    """

    def __init__(
        self,
        session: VaultHolder,
        parent: QWidget | None,
        op: Callable[[Vault, Progress], T],
        success: Callable[[T], None],
    ) -> None:
        super().__init__(parent, self._with_vault, success)
        self._session = session
        self._vault_op = op
        self._vault: Vault | None = None
        self._changes: Changes = frozenset()

    def changes(self, *kinds: Change) -> Self:
        self._changes = frozenset(kinds)
        return self

    def _with_vault(self, progress: Progress) -> T:
        vault = self._vault
        assert vault is not None
        return self._vault_op(vault, progress)

    def run(self) -> None:
        vault = self._session.vault
        if vault is None:
            # Asked for by a timer, a late signal or a dialog outliving the unlock: the
            # vault it needs is closed, and the page loads afresh at the next unlock.
            log.info("%s asked for while the vault is locked: not run", _name(self._vault_op))
            return
        self._vault = vault
        super().run()

    def _succeeded(self, result: T, asker_alive: bool) -> None:
        self._vault = None
        super()._succeeded(result, asker_alive)
        if self._changes:
            self._session.notify_changed(self._changes, self._parent if asker_alive else None)


def _name(fn: Callable[..., Any]) -> str:
    """Where an operation was asked for (its code's name, never its data)."""
    return getattr(fn, "__qualname__", type(fn).__name__)
