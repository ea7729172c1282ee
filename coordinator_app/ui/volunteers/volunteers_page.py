"""The Volunteers section: search-as-you-type and filters over the lazy table, the record
form beside it, Undo/Redo for edits and archiving, duplicates shown before saving, import,
export and merge."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain import choices, immigration
from coordinator_app.domain.errors import InvalidRecord
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.volunteers import STATE_LABELS, VolunteerDetails
from coordinator_app.ui.session.changes import Change, FollowsChanges
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.volunteers.volunteer_form import FieldProblem, VolunteerForm
from coordinator_app.ui.volunteers.volunteers_model import VolunteersModel
from coordinator_app.ui.widgets.choosers import Chooser, choose_folder
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.passphrase_fields import make_bold

if TYPE_CHECKING:
    from coordinator_app.services.vault.vaults import Vault
    from coordinator_app.services.volunteers.volunteers import (
        DuplicateCandidate,
        ListFilter,
        VolunteerRecord,
    )

Saved = tuple[VolunteerDetails, tuple[CheckRecord, ...]]


class VolunteersPage(FollowsChanges, QWidget):
    # Who is listed, their state and readiness (checks), and the record open in the form.
    shows = frozenset({Change.VOLUNTEERS, Change.CHECKS})

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.session = session
        self.today = session.clock.today
        self.choose_folder: Chooser = choose_folder  # tests answer without a dialog
        self.setAccessibleName("Volunteers")
        self.current: VolunteerRecord | None = None
        self.undo_stack = QUndoStack(self)
        self.model = VolunteersModel(session)
        self._dirty = False
        self._build()
        session.unlocked.connect(self.start)
        if session.is_unlocked:
            self.start()

    # --- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setAccessibleName("Search volunteers")
        self.search.setPlaceholderText("Search names, code, phone or email")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._query_changed)
        self.state_filter = self._filter(
            "State filter", [(None, "All states"), *list(STATE_LABELS.items())]
        )
        self.ready_filter = self._filter(
            "Readiness filter",
            [(None, "Ready or not"), (True, "Ready to volunteer"), (False, "Not ready")],
        )
        self.status_filter = self._filter(
            "Status filter",
            [(None, "All statuses")] + [(s.key, s.label) for s in immigration.status_categories()],
        )
        self.profession_filter = self._filter(
            "Profession filter",
            [(None, "All professions")] + [(p, p) for p in choices.professions()],
        )
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Volunteers shown")
        bar = QHBoxLayout()
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)
        bar.addWidget(search_label)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        filters = QHBoxLayout()
        for box in (
            self.state_filter,
            self.ready_filter,
            self.status_filter,
            self.profession_filter,
        ):
            filters.addWidget(box, 1)

        self.table = QTableView()
        self.table.setAccessibleName("Volunteer list")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.table.clicked.connect(lambda index: self.open_row(index.row()))
        self._after_saving: Callable[[], None] | None = None
        self.model.refreshed.connect(self._refreshed)

        self.title = QLabel("Choose a volunteer, or add a new one.")
        self.title.setAccessibleName("Volunteer shown")
        make_bold(self.title)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Volunteer message")
        self.form = VolunteerForm()
        self.form.setEnabled(False)
        self._watch_form()

        self.new_button = QPushButton("&New volunteer")
        self.save_button = QPushButton("Sa&ve")
        self.archive_button = QPushButton("&Archive")
        self.undo_button = QPushButton("&Undo")
        self.redo_button = QPushButton("&Redo")
        self.duplicates_button = QPushButton("Find &duplicates…")
        self.import_button = QPushButton("&Import…")
        self.export_button = QPushButton("E&xport list…")
        self.statement_button = QPushButton("&Hours statement…")
        self.access_button = QPushButton("Subject a&ccess export…")
        self.access_button.clicked.connect(self.subject_access)
        self.erase_button = QPushButton("Erase personal data…")
        self.erase_button.clicked.connect(self.open_erase)
        self.statement_button.clicked.connect(self.save_hours_statement)
        self.new_button.clicked.connect(lambda: self.leave_then(self.new_volunteer))
        self.save_button.clicked.connect(self.save)
        self.archive_button.clicked.connect(self.toggle_archive)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.duplicates_button.clicked.connect(self.find_duplicates)
        self.import_button.clicked.connect(self.open_import)
        self.export_button.clicked.connect(self.export_list)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda t: self.undo_button.setToolTip(f"Undo {t}"))
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_stack.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, self.undo_stack.redo)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)

        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.archive_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        history = QHBoxLayout()
        for button in (
            self.undo_button,
            self.redo_button,
            self.duplicates_button,
            self.statement_button,
        ):
            history.addWidget(button)
        history.addStretch(1)
        more = QHBoxLayout()
        more.addWidget(self.access_button)
        more.addWidget(self.erase_button)
        more.addStretch(1)
        more.addWidget(self.import_button)
        more.addWidget(self.export_button)
        detail = QWidget()
        column = QVBoxLayout(detail)
        column.addWidget(self.title)
        column.addWidget(self.message)
        column.addWidget(self.form, 1)
        column.addLayout(buttons)
        column.addLayout(history)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(more)
        self._update_buttons()

    def _filter(self, name: str, items: list[tuple[object, str]]) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        for value, label in items:
            box.addItem(label, value)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(10)
        box.currentIndexChanged.connect(self._query_changed)
        return box

    def _watch_form(self) -> None:
        # Signals only people cause where Qt has them; the rest also fire on loading, and
        # show_record clears the flag after loading.
        for widget in self.form.findChildren(QLineEdit):
            widget.textEdited.connect(self._edited)
        for box in self.form.findChildren(QComboBox):
            box.activated.connect(self._edited)
        for check in self.form.findChildren(QCheckBox):
            check.clicked.connect(self._edited)
        self.form.years.valueChanged.connect(self._edited)
        self.form.goals.textChanged.connect(self._edited)

    def _edited(self, *_: object) -> None:
        self._dirty = True

    # --- list --------------------------------------------------------------------------------
    def start(self) -> None:
        self._query_changed()

    def reload(self) -> None:
        """Changed elsewhere (merged, erased, imported…): the list, and the open record
        unless it holds unsaved typing."""
        self.model.refresh()
        if self.current is not None and not self._dirty:
            self.open_volunteer(self.current.id)

    def query(self) -> ListFilter:
        from coordinator_app.services.volunteers.volunteers import ListFilter

        return ListFilter(
            search=self.search.text(),
            state=self.state_filter.currentData(),
            ready=self.ready_filter.currentData(),
            status=self.status_filter.currentData(),
            profession=self.profession_filter.currentData(),
        )

    def _query_changed(self, *_: object) -> None:
        if self.session.is_unlocked:
            self.model.set_query(self.query())

    def _refreshed(self, count: int) -> None:
        self.count_label.setText(f"{count} shown")
        if self.current is not None:
            self._select_current()

    def _select_current(self) -> None:
        for row in range(min(self.model.rowCount(), 200)):
            item = self.model.row_at(row)
            if item is not None and self.current is not None and item.id == self.current.id:
                self.table.selectionModel().select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                return

    # --- one record --------------------------------------------------------------------------
    def open_row(self, row: int) -> None:
        item = self.model.row_at(row)
        if item is not None and (self.current is None or item.id != self.current.id):
            self.leave_then(lambda: self.open_volunteer(item.id))

    def leave_then(self, action: Callable[[], None]) -> QMessageBox | None:
        """Run ``action`` once unsaved changes are saved or knowingly discarded."""
        if not self._dirty:
            action()
            return None
        box = QMessageBox(self)
        box.setWindowTitle("Coordinator")
        box.setAccessibleName("Unsaved changes")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(f"You have changed {self.title.text()} without saving.")
        box.setInformativeText("Save the changes before going on?")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)

        def chosen(answer: int) -> None:
            if answer == QMessageBox.StandardButton.Save:
                self._after_saving = action  # goes on only if the save succeeds
                self.save()
            elif answer == QMessageBox.StandardButton.Discard:
                self._dirty = False
                action()

        box.finished.connect(chosen)
        box.open()
        self.leave_prompt = box
        return box

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
        self._show_status(record)
        self._dirty = False
        self._update_buttons()

    def _show_status(self, record: VolunteerRecord) -> None:
        archived = " (archived)" if record.archived else ""
        self.title.setText(f"{record.details.display_name} · {record.code}{archived}")
        self.form.notes.setText("\n".join(record.notes))
        lines = [record.readiness.reason]
        lines += [
            f"{e.label} expires {e.expires_on.strftime('%d/%m/%Y')} ({e.days_left} days)."
            for e in record.expiring
        ]
        self.form.readiness.setText("\n".join(lines))

    def new_volunteer(self) -> None:
        self.current = None
        self.form.setEnabled(True)
        self.form.set_details(VolunteerDetails(state="enquiry", joined_on=self.today()))
        self.form.readiness.clear()
        self.form.notes.clear()
        self.title.setText("New volunteer")
        self.message.clear()
        self._dirty = False
        self._update_buttons()
        self.form.setCurrentIndex(0)
        self.form.given.setFocus()

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
            _ArchiveCommand(self, record.id, True, f"adding {record.code}", done=False, invert=True)
        )
        self._after_save(record, f"{record.details.display_name} added as {record.code}.")

    def _updated(self, record: VolunteerRecord, before: Saved, after: Saved) -> None:
        if before != after:
            self.undo_stack.push(_EditCommand(self, record.id, before, after, record.code))
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
            self.duplicate_prompt = self._ask_about_duplicates(exc.candidates)
        else:
            say_or_show(self.message, self, exc)

    def _ask_about_duplicates(self, candidates: tuple[DuplicateCandidate, ...]) -> QMessageBox:
        box = QMessageBox(self)
        box.setWindowTitle("Coordinator")
        box.setAccessibleName("Possible duplicate")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText("This looks like someone already in Coordinator:")
        box.setInformativeText(
            "\n".join(
                f"{c.code}  {c.name}"
                + (f", born {c.date_of_birth.strftime('%d/%m/%Y')}" if c.date_of_birth else "")
                + f" ({'; '.join(c.reasons)})"
                for c in candidates
            )
        )
        open_existing = box.addButton(
            f"Open {candidates[0].code}", QMessageBox.ButtonRole.AcceptRole
        )
        save_anyway = box.addButton(
            "Save as a different person", QMessageBox.ButtonRole.DestructiveRole
        )
        box.addButton(QMessageBox.StandardButton.Cancel)

        def chosen() -> None:
            if box.clickedButton() is open_existing:
                self.open_volunteer(candidates[0].id)
            elif box.clickedButton() is save_anyway:
                self.save(allow_duplicates=True)

        box.finished.connect(chosen)
        box.open()
        return box

    def toggle_archive(self) -> None:
        if self.current is None:
            return
        archive = not self.current.archived
        verb = "archiving" if archive else "restoring"
        self.undo_stack.push(
            _ArchiveCommand(self, self.current.id, archive, f"{verb} {self.current.code}")
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

    def _update_buttons(self) -> None:
        has = self.current is not None
        self.save_button.setEnabled(self.form.isEnabled())
        self.archive_button.setEnabled(has)
        self.duplicates_button.setEnabled(has)
        self.statement_button.setEnabled(has)
        self.access_button.setEnabled(has)
        self.erase_button.setEnabled(has)
        self.archive_button.setText(
            "Rest&ore" if has and self.current and self.current.archived else "&Archive"
        )

    # --- duplicates, import, export ----------------------------------------------------------
    def find_duplicates(self) -> None:
        current = self.current
        if current is None:
            return
        today = self.today()
        from coordinator_app.services.volunteers import volunteers

        def found(candidates: list[DuplicateCandidate]) -> None:
            if not candidates:
                self.message.setText(f"No likely duplicates of {current.code} were found.")
                return
            from coordinator_app.ui.volunteers.merge_dialog import MergeDialog

            self.merge_dialog = MergeDialog(self, current, candidates)
            self.merge_dialog.merged.connect(self._merged)
            self.merge_dialog.open()

        self.session.op(
            self,
            lambda vault, _: volunteers.find_duplicates(vault, current.details, today, current.id),
            found,
        ).run()

    def _merged(self, record: VolunteerRecord) -> None:
        self.undo_stack.clear()  # a merge is recorded in the audit log, not undone here
        self._after_save(record, f"Merged into {record.code}; the other record is archived.")

    def open_import(self) -> None:
        from coordinator_app.ui.volunteers.import_wizard import ImportWizard

        self.import_wizard = ImportWizard(self.session, self)
        self.import_wizard.imported.connect(self._imported)
        self.import_wizard.open()

    def save_hours_statement(self) -> None:
        if self.current is None:
            return
        folder = self.session.settings.export_folder or str(Path.home())
        suggested = Path(folder) / f"hours-statement-{self.current.code}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the hours statement", str(suggested), "PDF (*.pdf)"
        )
        if path:
            self.write_hours_statement(Path(path))

    def write_hours_statement(self, path: Path) -> None:
        current = self.current
        if current is None:
            return
        today = self.today()
        from coordinator_app.services.shifts import hours

        self.session.op(
            self,
            lambda vault, _: hours.hours_statement(vault, current.id, path, today),
            lambda statement: self.message.setText(
                f"Hours statement saved to {path} "
                f"({statement.service_minutes // 60} hours of volunteering)."
            ),
        ).with_progress("Writing the hours statement…").run()

    # --- data rights -------------------------------------------------------------------------
    def subject_access(self) -> None:
        if self.current is None:
            return
        from coordinator_app.ui.volunteers.data_rights import export_subject_access

        folder = self.choose_folder(self, "Where should the subject access files be saved?")
        if folder is not None:
            export_subject_access(
                self, self.session, self.current.id, folder, self.today(), self.message.setText
            )

    def open_erase(self) -> None:
        if self.current is None:
            return
        from coordinator_app.ui.volunteers.data_rights import EraseDialog

        self.erase_dialog = EraseDialog(self.session, self.current.id, self.current.code, self)
        self.erase_dialog.erased.connect(self._erased)
        self.erase_dialog.open()

    def _erased(self, text: str) -> None:
        self.message.setText(text)
        self.model.refresh()

    def _imported(self, text: str) -> None:
        self.message.setText(text)
        self.model.refresh()

    def export_list(self) -> None:
        if not self.session.is_unlocked:
            return
        folder = self.session.settings.export_folder or str(Path.home())
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export the volunteer list",
            str(Path(folder) / "volunteers.xlsx"),
            "Excel workbook (*.xlsx)",
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        today = self.today()
        from coordinator_app.services.volunteers import volunteer_export

        self.session.op(
            self,
            lambda vault, _: volunteer_export.export_volunteer_list(vault, path, today),
            lambda n: self.message.setText(
                f"{n} volunteers written to {path}. It holds personal data: keep it safe."
            ),
        ).with_progress("Writing the volunteer list…").run()

    # --- DraftProvider -----------------------------------------------------------------------
    def draft_key(self) -> str:
        return "volunteer-form"

    def draft_payload(self) -> dict[str, Any] | None:
        if not self._dirty or not self.form.isEnabled():
            return None
        return {
            "volunteer_id": self.current.id if self.current else None,
            "fields": self.form.payload(),
        }

    def restore_draft(self, payload: dict[str, Any]) -> None:
        volunteer_id = payload.get("volunteer_id")
        fields = payload.get("fields", {})

        def fill() -> None:
            self.form.restore(fields)
            self._dirty = True
            self.message.setText(
                "Your unsaved changes were kept while Coordinator was locked: save them when ready."
            )

        if isinstance(volunteer_id, int):
            today = self.today()
            from coordinator_app.services.volunteers import volunteers

            def shown(record: VolunteerRecord) -> None:
                self.show_record(record)
                fill()

            self.session.op(
                self, lambda vault, _: volunteers.get(vault, volunteer_id, today), shown
            ).run()
        else:
            self.new_volunteer()
            fill()

    def clear_personal_data(self) -> None:
        self.model.clear()
        self.current = None
        self.form.set_details(VolunteerDetails())
        self.form.notes.clear()
        self.form.readiness.clear()
        self.form.setEnabled(False)
        self.search.clear()
        self.title.setText("Choose a volunteer, or add a new one.")
        self.message.clear()
        self.count_label.clear()
        self.undo_stack.clear()
        self._dirty = False
        self._update_buttons()


class _EditCommand(QUndoCommand):
    def __init__(
        self, page: VolunteersPage, volunteer_id: int, before: Saved, after: Saved, code: str
    ) -> None:
        super().__init__(f"editing {code}")
        self.page, self.volunteer_id, self.before, self.after = page, volunteer_id, before, after
        self._first = True

    def redo(self) -> None:
        if self._first:  # already saved when the command was pushed
            self._first = False
            return
        self.page.apply_saved(self.volunteer_id, self.after)

    def undo(self) -> None:
        self.page.apply_saved(self.volunteer_id, self.before)


class _ArchiveCommand(QUndoCommand):
    """Archive or restore; ``invert`` makes undoing an addition archive the new record."""

    def __init__(
        self,
        page: VolunteersPage,
        volunteer_id: int,
        archive: bool,
        text: str,
        done: bool = True,
        invert: bool = False,
    ) -> None:
        super().__init__(text)
        self.page, self.volunteer_id, self.archive = page, volunteer_id, archive
        self._skip_first = not done
        self._invert = invert

    def redo(self) -> None:
        if self._skip_first:
            self._skip_first = False
            return
        self.page.apply_archive(
            self.volunteer_id, not self.archive if self._invert else self.archive
        )

    def undo(self) -> None:
        self.page.apply_archive(
            self.volunteer_id, self.archive if self._invert else not self.archive
        )
