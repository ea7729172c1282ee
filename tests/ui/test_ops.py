"""The worker helper: one database thread, results on the UI thread, errors, cancel."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.services.progress import Progress
from coordinator_app.ui.session import ops


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_success_runs_on_the_worker_and_returns_on_the_ui_thread(
    qtbot: QtBot, parent: QWidget
) -> None:
    seen: dict[str, object] = {}

    def op(_: Progress) -> int:
        seen["op_thread"] = threading.get_ident()
        return 42

    def success(value: int) -> None:
        seen["value"] = value
        seen["on_ui_thread"] = QThread.currentThread() is QApplication.instance().thread()  # type: ignore[union-attr]

    ops.Operation(parent, op, success).run()
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == 42
    assert seen["on_ui_thread"] is True
    assert seen["op_thread"] != threading.get_ident()


def test_every_operation_uses_the_same_single_thread(qtbot: QtBot, parent: QWidget) -> None:
    threads: list[int] = []
    order: list[int] = []
    for n in range(5):

        def op(_: Progress, n: int = n) -> int:
            threads.append(threading.get_ident())
            time.sleep(0.01)
            return n

        ops.Operation(parent, op, order.append).run()
    qtbot.waitUntil(lambda: len(order) == 5, timeout=5000)
    assert len(set(threads)) == 1
    assert order == [0, 1, 2, 3, 4]


def test_user_facing_error_reaches_the_failure_callback(qtbot: QtBot, parent: QWidget) -> None:
    errors: list[BaseException] = []

    def op(_: Progress) -> None:
        raise InvalidInput("That date is not real.", "Use dd/mm/yyyy.")

    ops.Operation(parent, op, lambda _: None).failure(errors.append).run()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], InvalidInput)


def _a_function_that_breaks(_: Progress) -> None:
    raise RuntimeError("Sentinel Person-Name should never be shown")


def test_unexpected_error_shows_a_calm_dialog_without_the_message(
    qtbot: QtBot, parent: QWidget
) -> None:
    ops.Operation(parent, _a_function_that_breaks, lambda _: None).run()

    def box() -> QMessageBox | None:
        return next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()
            ),
            None,
        )

    qtbot.waitUntil(lambda: box() is not None, timeout=5000)
    shown = box()
    assert shown is not None
    assert "your saved records are safe" in shown.text()
    assert "_a_function_that_breaks" in shown.detailedText()
    assert "Sentinel" not in shown.detailedText() + shown.text() + shown.informativeText()
    assert parent.isEnabled()  # the app stays usable
    shown.close()


def test_cancel_stops_the_operation_and_calls_neither_callback(
    qtbot: QtBot, parent: QWidget
) -> None:
    calls: list[str] = []
    started = threading.Event()

    def long_op(progress: Progress) -> None:
        started.set()
        for i in range(1000):
            progress.update(i, 1000, "Working")
            progress.raise_if_cancelled()
            time.sleep(0.01)

    operation = ops.Operation(parent, long_op, lambda _: calls.append("success"))
    operation.failure(lambda _: calls.append("failure")).on_cancel(lambda: calls.append("cancel"))
    operation.with_progress("Doing a long thing").run()
    qtbot.waitUntil(
        lambda: operation.progress_dialog is not None and operation.progress_dialog.isVisible(),
        timeout=5000,
    )
    assert started.is_set()
    dialog = operation.progress_dialog
    assert dialog is not None and dialog.accessibleName() == "Doing a long thing"
    cancel_button = dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    cancel_button.click()
    qtbot.waitUntil(lambda: calls == ["cancel"], timeout=5000)
    assert operation.progress_dialog is None


def test_synchronous_mode_runs_inline(synchronous_ops: None, parent: QWidget) -> None:
    results: list[int] = []
    ops.Operation(parent, lambda _: threading.get_ident(), results.append).run()
    assert results == [threading.get_ident()]


def test_result_for_a_closed_window_is_dropped(qtbot: QtBot) -> None:
    widget = QWidget()
    results: list[int] = []
    release = threading.Event()

    def op(_: Progress) -> int:
        release.wait(5)
        return 1

    ops.Operation(widget, op, results.append).run()
    widget.deleteLater()
    qtbot.wait(50)
    release.set()
    ops.database_thread().wait_idle(5000)
    qtbot.wait(100)
    assert results == []


def test_many_operations_with_progress_finish_without_deadlock(
    qtbot: QtBot, parent: QWidget
) -> None:
    """The worker once dropped the last reference to a Progress wired to the dialog, so Qt
    tore connections down on the worker while the UI thread closed the dialog: a deadlock
    between Qt's locks and the GIL. Each operation's objects must die on the UI thread.
    (A deadlock holds the GIL, so no in-process timeout can fire: .ci/run bounds the run.)"""
    done: list[int] = []
    for n in range(150):

        def op(progress: Progress, n: int = n) -> int:
            progress.update(1, 2, "working")
            return n

        ops.Operation(parent, op, done.append).with_progress("Working…").run()
        if n % 10 == 0:
            qtbot.waitUntil(lambda n=n: n in done, timeout=10_000)
    qtbot.waitUntil(lambda: len(done) == 150, timeout=30_000)
    assert sorted(done) == list(range(150))
