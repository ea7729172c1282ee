"""A volunteer's data rights from the Volunteers screen: the subject access export (all that
is held on them, to hand over) and erasure, confirmed in two steps: the dialog says what
happens and what stays, then the volunteer's code must be typed with a reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.ui.session.changes import ABOUT_A_PERSON, Change
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fields import line
from coordinator_app.ui.widgets.fit import fit_to_content


def export_subject_access(
    parent: QWidget,
    session: AppSession,
    volunteer_id: int,
    folder: Path,
    today: date,
    said: Callable[[str], None],
) -> None:
    from coordinator_app.services.volunteers import subject_access

    session.op(
        parent,
        lambda vault, _: subject_access.export(vault, volunteer_id, folder, today),
        lambda made: said(
            f"Saved {made.workbook.name} and {made.summary.name} in {folder}. They hold this "
            "person's data: give them to the person and keep no copy."
        ),
    ).changes(Change.AUDIT).with_progress("Gathering everything held on this person…").run()


class EraseDialog(QDialog):
    erased = Signal(str)

    def __init__(
        self, session: AppSession, volunteer_id: int, code: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        fit_to_content(self)
        self.session, self.volunteer_id, self.code = session, volunteer_id, code
        self.setWindowTitle("Erase personal data")
        self.setAccessibleName("Erase personal data")
        explain = QLabel(
            f"This removes {code}'s name, contact details, date of birth, status details, "
            "notes, plan, review notes and anything typed about them. It cannot be undone.\n\n"
            "What stays: the pseudonym code and the counts (shifts, hours, milestones), so "
            "returns already sent stay true. Backups taken before today keep the data until "
            "their rotation removes them."
        )
        explain.setWordWrap(True)
        self.typed = line("Type the volunteer's code to confirm", code)
        self.reason = line("Reason for erasure", "e.g. the person asked")
        self.message = MessageLabel("Erasure message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Type the &code to confirm:", self.typed)
        form.addRow("&Reason:", self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = self.buttons.addButton(
            "&Erase", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self.erase)
        self.buttons.rejected.connect(self.reject)
        for field in (self.typed, self.reason):
            field.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _update(self) -> None:
        matches = self.typed.text().strip().upper() == self.code
        self.erase_button.setEnabled(matches and bool(self.reason.text().strip()))

    def erase(self) -> None:
        if not self.erase_button.isEnabled():
            return
        from coordinator_app.services.volunteers import erasure

        reason, person = self.reason.text(), self.volunteer_id
        self.session.op(
            self, lambda vault, _: erasure.erase(vault, person, reason), self._done
        ).changes(*ABOUT_A_PERSON).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def _done(self, _: object) -> None:
        self.erased.emit(f"The personal data of {self.code} is erased.")
        self.accept()
