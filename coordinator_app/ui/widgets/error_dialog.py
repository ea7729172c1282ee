"""Showing errors: a sentence with what to do next, or for the unexpected a calm dialog with
a copyable diagnostic report (no personal data). The app stays usable either way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget

from coordinator_app.domain.errors import UserFacingError
from coordinator_app.services.vault import diagnostics

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox


def say_or_show(where: QLabel, parent: QWidget | None, exc: BaseException) -> None:
    """A problem the coordinator can act on goes in the screen's own message line; anything
    unexpected gets the error dialog."""
    if isinstance(exc, UserFacingError):
        where.setText(exc.sentence())
    else:
        show_error(parent, exc)


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show ``exc`` without blocking (the box is window-modal) and return the box."""
    # Not at the top: the unlock screen imports this module, and QMessageBox's enums would
    # be made before it is shown (ui/app/app.py).
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setAccessibleName("Error message")
    if isinstance(exc, UserFacingError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Coordinator")
        box.setText(exc.message)
        box.setInformativeText(exc.next_step)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
    else:
        report = diagnostics.report_text(exc)
        path = diagnostics.write_crash_report(exc)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Coordinator: something went wrong")
        box.setText("Something went wrong, but your saved records are safe.")
        box.setInformativeText(
            "Nothing you typed has been lost: it is still in the form. A diagnostic report "
            f"without personal data was saved as {path}. If this happens again, send that "
            "report to your IT service."
        )
        box.setDetailedText(report)
        copy = box.addButton("Copy report", QMessageBox.ButtonRole.ActionRole)
        copy.setAccessibleName("Copy the diagnostic report")
        # ActionRole buttons close the box by default; keep it open after copying.
        copy.clicked.disconnect()
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(report))
        box.addButton(QMessageBox.StandardButton.Close)
    box.setModal(True)
    box.open()
    return box
