"""The Volunteers page's record side: opening one, starting a new one, saving (problems in
place, likely duplicates asked about first), archiving, and the Undo/Redo steps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from coordinator_app.domain.errors import InvalidRecord
from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.domain.wording import counted
from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.volunteers.form_tabs import FieldProblem
from coordinator_app.ui.volunteers.volunteer_form import VolunteerForm
from coordinator_app.ui.volunteers.volunteer_prompts import ask_about_duplicates, ask_to_save_first
from coordinator_app.ui.volunteers.volunteer_undo import ArchiveCommand, EditCommand, Saved
from coordinator_app.ui.volunteers.volunteers_model import VolunteersModel
from coordinator_app.ui.widgets.dates import uk_date
from coordinator_app.ui.widgets.error_dialog import say_or_show

if TYPE_CHECKING:
    from coordinator_app.services.vault.vaults import Vault
    from coordinator_app.services.volunteers.volunteers import VolunteerRecord

    _Base = QWidget
else:
    _Base = object


class RecordEditing(_Base):
    """Mixin for the page (before its Qt base class), which builds what is named here."""

    session: AppSession
    today: Callable[[], date]
    model: VolunteersModel
    form: VolunteerForm
    title: QLabel
    message: QLabel
    undo_stack: QUndoStack
    save_button: QPushButton
    archive_button: QPushButton
    duplicates_button: QPushButton
    statement_button: QPushButton
    access_button: QPushButton
    erase_button: QPushButton
    current: VolunteerRecord | None = None
    _dirty = False
    # Where to go once a save asked for by leave_then has succeeded.
    _after_saving: Callable[[], None] | None = None

    def leave_then(self, action: Callable[[], None]) -> QMessageBox | None:
        """Run ``action`` once unsaved changes are saved or knowingly discarded."""
        if not self._dirty:
            action()
            return None

        def save() -> None:
            self._after_saving = action  # goes on only if the save succeeds
            self.save()

        def discard() -> None:
            self._dirty = False
            action()

        self.leave_prompt = ask_to_save_first(self, self.title.text(), save, discard)
        return self.leave_prompt

    def open_volunteer(self, volunteer_id: int) -> None:
        today = self.today()
        from coordinator_app.services.volunteers import volunteers

        self.session.op(
            self, lambda vault, _: volunteers.get(vault, volunteer_id, today), self.show_record
        ).run()

    def show_record(self, record: VolunteerRecord) -> None:
        self.current = record
        self.form.setEnabled(True)
        self.form.set_details(record.details, record.checks)
        archived = " (archived)" if record.archived else ""
        self.title.setText(f"{record.details.display_name} · {record.code}{archived}")
        self.form.notes.setText("\n".join(record.notes))
        lines = [record.readiness.reason]
        lines += [
            f"{e.label} expires {uk_date(e.expires_on)} ({counted(e.days_left, 'day')})."
            for e in record.expiring
        ]
        self.form.readiness.setText("\n".join(lines))
        self.form.offer_active(record.readiness.ready)
        self._dirty = False
        self._update_buttons()

    def new_volunteer(self) -> None:
        self.current = None
        self.form.setEnabled(True)
        self.form.set_details(VolunteerDetails(state="enquiry", joined_on=self.today()))
        self.form.readiness.clear()
        self.form.offer_active(False)
        self.form.notes.clear()
        self.title.setText("New volunteer")
        self.message.clear()
        self._dirty = False
        self._update_buttons()
        self.form.setCurrentIndex(0)
        self.form.given.setFocus()

    def make_active(self) -> None:
        """One click once onboarding is complete: Active, saved (and audited) as any edit."""
        self.form.state.setCurrentIndex(self.form.state.findData("active"))
        self.save()

    def _update_buttons(self) -> None:
        has = self.current is not None
        self.save_button.setEnabled(self.form.isEnabled())
        for button in (
            self.archive_button,
            self.duplicates_button,
            self.statement_button,
            self.access_button,
            self.erase_button,
        ):
            button.setEnabled(has)
        self.archive_button.setText(
            "Restore" if has and self.current and self.current.archived else "&Archive"
        )

    # --- saving ----------------------------------------------------------------------------
    def _form_values(self) -> Saved | None:
        try:
            return self.form.details(), tuple(self.form.checks())
        except FieldProblem as problem:
            self.form.show_problems({problem.field: problem.message})
            self.message.setText("A date could not be read: it is shown next to its field.")
            return None

    def save(self, allow_duplicates: bool = False) -> None:
        values = self._form_values()
        if values is None or not self.form.isEnabled():
            return
        details, checks = values
        today = self.today()
        from coordinator_app.services.volunteers import volunteers

        if self.current is None:
            self.session.op(
                self,
                lambda vault, _: volunteers.register(
                    vault, details, today, checks, allow_duplicates=allow_duplicates
                ),
                lambda record: self._registered(record),
            ).changes(Change.VOLUNTEERS, Change.CHECKS).failure(self._save_failed).run()
            return
        before: Saved = (self.current.details, self.current.checks)
        target = self.current.id
        self.session.op(
            self,
            lambda vault, _: volunteers.update(vault, target, details, today, checks),
            lambda record: self._updated(record, before, values),
        ).changes(Change.VOLUNTEERS, Change.CHECKS).failure(self._save_failed).run()

    def _registered(self, record: VolunteerRecord) -> None:
        self.undo_stack.push(
            ArchiveCommand(self, record.id, True, f"adding {record.code}", done=False, invert=True)
        )
        self._after_save(record, f"{record.details.display_name} added as {record.code}.")

    def _updated(self, record: VolunteerRecord, before: Saved, after: Saved) -> None:
        if before != after:
            self.undo_stack.push(EditCommand(self, record.id, before, after, record.code))
        self._after_save(record, "Saved.")

    def _after_save(self, record: VolunteerRecord, text: str) -> None:
        self.show_record(record)
        self.message.setText(text)
        self.model.refresh()
        then, self._after_saving = self._after_saving, None
        if then is not None:
            then()

    def _save_failed(self, exc: BaseException) -> None:
        self._after_saving = None  # stay on this record until it is right
        from coordinator_app.services.volunteers.volunteers import PossibleDuplicates

        if isinstance(exc, InvalidRecord):
            self.form.show_problems(exc.problems)
            self.message.setText(exc.sentence())
        elif isinstance(exc, PossibleDuplicates):
            self.duplicate_prompt = ask_about_duplicates(
                self,
                exc.candidates,
                self.open_volunteer,
                lambda: self.save(allow_duplicates=True),
            )
        else:
            say_or_show(self.message, self, exc)

    # --- archiving and undo steps ----------------------------------------------------------
    def toggle_archive(self) -> None:
        if self.current is None:
            return
        archive = not self.current.archived
        verb = "archiving" if archive else "restoring"
        self.undo_stack.push(
            ArchiveCommand(self, self.current.id, archive, f"{verb} {self.current.code}")
        )

    def apply_archive(self, volunteer_id: int, archived: bool) -> None:
        from coordinator_app.services.volunteers import volunteers

        self._change_then_show(
            lambda vault, today: volunteers.set_archived(vault, volunteer_id, archived, today),
            lambda record: f"{record.code} {'archived' if archived else 'restored'}.",
        )

    def apply_saved(self, volunteer_id: int, saved: Saved) -> None:
        from coordinator_app.services.volunteers import volunteers

        self._change_then_show(
            lambda vault, today: volunteers.update(vault, volunteer_id, saved[0], today, saved[1]),
            lambda _record: "Change undone." if self.undo_stack.canRedo() else "Change redone.",
        )

    def _change_then_show(
        self,
        change: Callable[[Vault, date], VolunteerRecord],
        says: Callable[[VolunteerRecord], str],
    ) -> None:
        """Run an undo step's change, then show the record and refresh the list."""
        today = self.today()

        def done(record: VolunteerRecord) -> None:
            self.show_record(record)
            self.message.setText(says(record))
            self.model.refresh()

        self.session.op(self, lambda vault, _: change(vault, today), done).changes(
            Change.VOLUNTEERS, Change.CHECKS
        ).run()
