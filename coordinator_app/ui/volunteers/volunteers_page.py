"""The Volunteers section: search-as-you-type and filters over the lazy table, the record
form beside it, Undo/Redo for edits and archiving, duplicates shown before saving, import,
export and merge. The record side is in volunteer_record, the other actions in
volunteer_actions, the search bar in volunteer_search."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.ui.session.changes import Change, FollowsChanges
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.volunteers.volunteer_actions import RecordActions
from coordinator_app.ui.volunteers.volunteer_form import VolunteerForm
from coordinator_app.ui.volunteers.volunteer_search import VolunteerSearch, volunteer_table
from coordinator_app.ui.volunteers.volunteers_model import VolunteersModel
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.choosers import Chooser, choose_folder
from coordinator_app.ui.widgets.passphrase_fields import make_bold

if TYPE_CHECKING:
    from coordinator_app.services.volunteers.volunteers import ListFilter, VolunteerRecord


class VolunteersPage(FollowsChanges, RecordActions, QWidget):
    # Who is listed, their state and readiness (checks), and the record open in the form.
    shows = frozenset({Change.VOLUNTEERS, Change.CHECKS})

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.session = session
        self.today = session.clock.today
        self.choose_folder: Chooser = choose_folder  # tests answer without a dialog
        self.setAccessibleName("Volunteers")
        self.current = None
        self.undo_stack = QUndoStack(self)
        self.model = VolunteersModel(session)
        self._dirty = False
        self._build()
        session.unlocked.connect(self.start)
        if session.is_unlocked:
            self.start()

    # --- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.finder = VolunteerSearch()
        self.finder.changed.connect(self._query_changed)
        self.search = self.finder.search
        self.table = volunteer_table(self.model)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.table.clicked.connect(lambda index: self.open_row(index.row()))
        self.model.refreshed.connect(self._refreshed)

        self.title = QLabel("Choose a volunteer, or add a new one.")
        self.title.setAccessibleDescription("Volunteer shown")
        make_bold(self.title)
        self.message = MessageLabel("Volunteer message")
        self.message.setWordWrap(True)
        self.form = VolunteerForm()
        self.form.setEnabled(False)
        self.form.make_active.clicked.connect(self.make_active)
        self._watch_form()

        self.new_button = QPushButton("New volunteer")
        self.save_button = QPushButton("Save")
        self.archive_button = QPushButton("&Archive")
        self.undo_button = QPushButton("Undo")
        self.redo_button = QPushButton("Redo")
        self.duplicates_button = QPushButton("Find duplicates…")
        self.import_button = QPushButton("Import…")
        self.export_button = QPushButton("E&xport list…")
        self.statement_button = QPushButton("Hours statement…")
        self.access_button = QPushButton("Subject access export…")
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
        # Ctrl+N, Ctrl+F and Ctrl+S are the main window's (File menu): search_box, save_current.
        self.new_button.setToolTip("New volunteer (Ctrl+N)")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.search.installEventFilter(self)

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
        layout.addWidget(self.finder)
        layout.addWidget(splitter, 1)
        layout.addLayout(more)
        self._update_buttons()

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
        return self.finder.query()

    def _query_changed(self, *_: object) -> None:
        if self.session.is_unlocked:
            self.model.set_query(self.query())

    def _refreshed(self, count: int) -> None:
        self.finder.show_count(count)
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

    def search_box(self) -> QLineEdit:
        return self.search

    def save_current(self) -> None:
        self.save()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Down or Enter in the search box moves into the results, on the first row."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            into = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if event.key() in into and self.model.rowCount() > 0:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                self.table.setCurrentIndex(self.model.index(0, 0))
                self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    def open_row(self, row: int) -> None:
        item = self.model.row_at(row)
        if item is not None and (self.current is None or item.id != self.current.id):
            self.leave_then(lambda: self.open_volunteer(item.id))

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
        self.finder.clear()
        self.title.setText("Choose a volunteer, or add a new one.")
        self.message.clear()
        self.undo_stack.clear()
        self._dirty = False
        self._update_buttons()
