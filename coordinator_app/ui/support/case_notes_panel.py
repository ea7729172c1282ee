"""A volunteer's case notes: each contact, newest first, with a safeguarding flag and a
next step whose date shows on Today until it is marked done. Notes never leave in a
return; they are in the person's subject access copy and deleted if they are erased."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.dates import parse_uk_date, required_uk_date, uk_date
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fields import line, text_box
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table

if TYPE_CHECKING:
    from coordinator_app.services.support.case_notes import CaseNoteRecord


def _note_cells(n: CaseNoteRecord) -> tuple[str, ...]:
    d = n.details
    step = ""
    if d.next_step_on is not None:
        step = f"{d.next_step} by {uk_date(d.next_step_on)}" + (
            " ✓ done" if n.next_step_done else ""
        )
    return (uk_date(d.written_on), "⚠ yes" if d.safeguarding else "", d.note, step)


class CaseNotesPanel(QWidget):
    def __init__(self, session: AppSession, message: QLabel) -> None:
        super().__init__()
        self.session, self.today, self.message = session, session.clock.today, message
        self.setAccessibleName("Case notes")
        self.volunteer_id: int | None = None
        self.model: RecordsModel[CaseNoteRecord] = RecordsModel(
            ("Date", "Safeguarding", "Note", "Next step"), _note_cells
        )
        self.table = records_table("Case notes, newest first", self.model, stretch=2)
        self.done_button = QPushButton("&Mark the chosen note's next step done")
        self.done_button.clicked.connect(self.mark_done)
        self.written_on = line("Date of the contact", "dd/mm/yyyy")
        self.note = text_box("Case note", lines=5)
        self.safeguarding = QCheckBox("A &safeguarding concern")
        self.safeguarding.setAccessibleName("A safeguarding concern")
        self.next_step = line("Next step")
        self.next_step_on = line("Next step by", "dd/mm/yyyy")
        self.add_button = QPushButton("&Add the note")
        self.add_button.clicked.connect(self.add_note)
        new = QGroupBox("A new case note")
        form = QFormLayout(new)
        form.addRow("&Date:", self.written_on)
        form.addRow("No&te:", self.note)
        form.addRow("", self.safeguarding)
        form.addRow("Ne&xt step:", self.next_step)
        form.addRow("Next step b&y:", self.next_step_on)
        form.addRow("", self.add_button)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.done_button)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(new, 2)

    def show_volunteer(self, volunteer_id: int) -> None:
        self.volunteer_id = volunteer_id
        if not self.written_on.text():
            self.written_on.setText(uk_date(self.today()))
        from coordinator_app.services.support import case_notes

        self.session.op(
            self, lambda vault, _: case_notes.notes(vault, volunteer_id), self.model.set_records
        ).failure(self._failed).run()

    def add_note(self) -> None:
        person, today = self.volunteer_id, self.today()
        if person is None:
            return
        from coordinator_app.domain.errors import UserFacingError
        from coordinator_app.services.support import case_notes

        try:
            details = case_notes.CaseNote(
                written_on=required_uk_date("date", self.written_on.text()),
                note=self.note.toPlainText(),
                safeguarding=self.safeguarding.isChecked(),
                next_step=self.next_step.text(),
                next_step_on=parse_uk_date("next step date", self.next_step_on.text()),
            )
        except UserFacingError as exc:
            self.message.setText(exc.sentence())
            return

        def added(_: object) -> None:
            self.message.setText(
                "Case note added; its next step shows on Today until marked done."
                if details.next_step_on
                else "Case note added."
            )
            self.note.clear()
            self.next_step.clear()
            self.next_step_on.clear()
            self.safeguarding.setChecked(False)
            self.show_volunteer(person)

        self.session.op(
            self, lambda vault, _: case_notes.add_note(vault, person, details, today), added
        ).changes(Change.PLANS).failure(self._failed).run()

    def mark_done(self) -> None:
        chosen, person = self.model.record(self.table.currentIndex()), self.volunteer_id
        if chosen is None or person is None or chosen.details.next_step_on is None:
            self.message.setText("Choose a note with a next step first.")
            return
        from coordinator_app.services.support import case_notes

        def done(_: object) -> None:
            self.message.setText("Next step marked done: it leaves Today.")
            self.show_volunteer(person)

        self.session.op(
            self, lambda vault, _: case_notes.mark_next_step_done(vault, chosen.id), done
        ).changes(Change.PLANS).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        say_or_show(self.message, self, exc)

    def clear_personal_data(self) -> None:
        self.volunteer_id = None
        self.model.set_records([])
        for field in (self.next_step, self.next_step_on, self.written_on):
            field.clear()
        self.note.clear()
        self.safeguarding.setChecked(False)
