"""Activities: workshops and sessions (CV, interview practice, English…) by month, adding
one, and its attendance register (who was invited, who came). Attended time counts as the
volunteer's training hours."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.activities import KINDS
from coordinator_app.domain.shifts import month_of, months_before, parse_time
from coordinator_app.ui.session.changes import Change, FollowsChanges
from coordinator_app.ui.session.session import AppSession, HoldsNoDrafts
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.dates import required_uk_date, uk_date
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fields import combo, line
from coordinator_app.ui.widgets.fit import fit_columns
from coordinator_app.ui.widgets.people_combo import PeopleCombo
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table

if TYPE_CHECKING:
    from coordinator_app.services.shifts.activities import Activity, RegisterLine

Index = QModelIndex | QPersistentModelIndex


def _activity_cells(a: Activity) -> tuple[str, ...]:
    return (
        uk_date(a.time.on),
        f"{a.time.start:%H:%M}–{a.time.end:%H:%M}",
        a.kind_label,
        a.title,
        str(a.invited),
        str(a.attended),
    )


class RegisterModel(QAbstractTableModel):
    """A session's register: name, and two tick boxes (invited, attended)."""

    HEADERS = ("Volunteer", "Invited", "Attended")

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[list[Any]] = []  # [id, name and code, invited, attended]

    def set_lines(self, lines: list[RegisterLine]) -> None:
        self.beginResetModel()
        self.lines = [[r.volunteer_id, f"{r.name} ({r.code})", True, r.attended] for r in lines]
        self.endResetModel()

    def add(self, volunteer_id: int, label: str) -> None:
        if any(line[0] == volunteer_id for line in self.lines):
            return
        row = len(self.lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self.lines.append([volunteer_id, label, True, False])
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 3

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < 3 else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() > 0 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line, column = self.lines[index.row()], index.column()
        if column == 0 and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return line[1]
        if column > 0 and role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if line[column + 1] else Qt.CheckState.Unchecked
        if column > 0 and role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.HEADERS[column]}: {'yes' if line[column + 1] else 'no'}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() == 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked
        line = self.lines[index.row()]
        line[index.column() + 1] = ticked
        if index.column() == 2 and ticked:
            line[2] = True  # someone who came was invited
        if index.column() == 1 and not ticked:
            line[3] = False
        self.dataChanged.emit(self.index(index.row(), 1), self.index(index.row(), 2))
        return True

    def invited(self) -> list[int]:
        return [int(line[0]) for line in self.lines if line[2]]

    def attended(self) -> list[int]:
        return [int(line[0]) for line in self.lines if line[3]]


class ActivitiesPage(FollowsChanges, HoldsNoDrafts, QWidget):
    shows = frozenset({Change.VOLUNTEERS, Change.ACTIVITIES})

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.session, self.today = session, session.clock.today
        self.setAccessibleName("Activities")
        self.month = combo(
            "Month shown",
            [
                (m, m)
                for m in (
                    month_of(self.today() + timedelta(days=31)),
                    month_of(self.today()),
                    *months_before(self.today(), 11),
                )
            ],
        )
        self.month.setCurrentIndex(1)
        self.month.currentIndexChanged.connect(lambda _: self.refresh())
        self.model: RecordsModel[Activity] = RecordsModel(
            ("Date", "Time", "Kind", "Title", "Invited", "Attended"), _activity_cells
        )
        self.table = records_table("Activities", self.model, stretch=3)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_register())
        self.register = RegisterModel()
        self.register_view = QTableView()
        self.register_view.setAccessibleName("Attendance register")
        self.register_view.setModel(self.register)
        self.register_view.verticalHeader().hide()
        self.register_view.horizontalHeader().setStretchLastSection(False)
        fit_columns(self.register_view, stretch=0)  # the tick boxes as wide as their headings
        self.person = PeopleCombo("Volunteer to add to the register")
        self.add_person = QPushButton("Add to the re&gister")
        self.add_person.clicked.connect(self._add_person)
        self.save_register_button = QPushButton("&Save the register")
        self.save_register_button.clicked.connect(self.save_register)
        self.message = MessageLabel("Activities message")
        self.message.setWordWrap(True)
        self.person.gone.connect(self.message.setText)
        left = QVBoxLayout()
        bar = QHBoxLayout()
        month_label = QLabel("&Month:")
        month_label.setBuddy(self.month)
        bar.addWidget(month_label)
        bar.addWidget(self.month)
        bar.addStretch(1)
        left.addLayout(bar)
        left.addWidget(self.table, 1)
        left.addWidget(self._new_session())
        right = QVBoxLayout()
        right.addWidget(QLabel("Register of the chosen session (Space ticks):"))
        right.addWidget(self.register_view, 1)
        adding = QHBoxLayout()
        adding.addWidget(self.person, 1)
        adding.addWidget(self.add_person)
        right.addLayout(adding)
        right.addWidget(self.save_register_button)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        session.unlocked.connect(self.start)
        if session.is_unlocked:
            self.start()

    def _new_session(self) -> QGroupBox:
        box = QGroupBox("A new session")
        self.kind = combo("Kind of session", list(KINDS.items()))
        self.title = line("Session title", "e.g. CV workshop for nursing roles")
        self.on = line("Session date", "dd/mm/yyyy")
        self.start_time = line("Start time", "hh:mm")
        self.end_time = line("End time", "hh:mm")
        self.facilitator = line("Facilitator")
        self.add_button = QPushButton("Add the sess&ion")
        self.add_button.clicked.connect(self.add_activity)
        form = QFormLayout(box)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Title:", self.title)
        form.addRow("&Date:", self.on)
        form.addRow("Sta&rt:", self.start_time)
        form.addRow("&End:", self.end_time)
        form.addRow("F&acilitator:", self.facilitator)
        form.addRow("", self.add_button)
        return box

    def start(self) -> None:
        self._load_people()
        self.refresh()

    def reload(self) -> None:
        """The people to add, and the month's sessions (the chosen one kept)."""
        chosen = self.model.record(self.table.currentIndex())
        self._load_people()
        self.refresh(select=chosen.id if chosen is not None else None)

    def _load_people(self) -> None:
        today = self.today()
        from coordinator_app.services.volunteers import volunteers

        self.session.op(
            self,
            lambda vault, _: volunteers.all_rows(vault, today),
            self.person.set_people,
        ).run()

    def refresh(self, select: int | None = None) -> None:
        month = self.month.currentData()
        if month is None:
            return
        from coordinator_app.services.shifts import activities

        first = date.fromisoformat(f"{month}-01")
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)

        def shown(found: list[Activity]) -> None:
            self.model.set_records(found)
            row = next((n for n, a in enumerate(found) if a.id == select), None)
            if row is not None:
                self.table.selectRow(row)

        self.session.op(
            self, lambda vault, _: activities.activities_between(vault, first, last), shown
        ).run()

    def show_register(self) -> None:
        chosen = self.model.record(self.table.currentIndex())
        if chosen is None:
            self.register.set_lines([])
            return
        from coordinator_app.services.shifts import activities

        self.session.op(
            self, lambda vault, _: activities.register(vault, chosen.id), self.register.set_lines
        ).run()

    def _add_person(self) -> None:
        if self.person.currentData() is None:
            return
        self.register.add(self.person.currentData(), self.person.currentText())

    def add_activity(self) -> None:
        today = self.today()
        from coordinator_app.domain.activities import ActivityDetails
        from coordinator_app.domain.errors import UserFacingError
        from coordinator_app.domain.shifts import ShiftTime
        from coordinator_app.services.shifts import activities

        try:
            on = required_uk_date("session date", self.on.text())
            time = ShiftTime(
                on,
                parse_time(self.start_time.text(), "start"),
                parse_time(self.end_time.text(), "end"),
            )
        except UserFacingError as exc:
            self.message.setText(exc.sentence())
            return
        details = ActivityDetails(
            self.kind.currentData(), self.title.text(), time, self.facilitator.text()
        )

        def added(made: Activity) -> None:
            self.message.setText(
                f"{made.title} on {uk_date(made.time.on)} added: now its register."
            )
            index = self.month.findData(month_of(made.time.on))
            if index >= 0 and index != self.month.currentIndex():
                self.month.setCurrentIndex(index)
            self.refresh(select=made.id)

        self.session.op(
            self, lambda vault, _: activities.add_activity(vault, details, today), added
        ).changes(Change.ACTIVITIES).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def save_register(self) -> None:
        today = self.today()
        chosen = self.model.record(self.table.currentIndex())
        if chosen is None:
            self.message.setText("Choose a session in the list first.")
            return
        from coordinator_app.services.shifts import activities

        invited, came = self.register.invited(), self.register.attended()

        def saved(_: object) -> None:
            self.message.setText(f"Register saved: {len(came)} attended.")
            self.refresh(select=chosen.id)

        self.session.op(
            self,
            lambda vault, _: activities.set_register(vault, chosen.id, invited, came, today),
            saved,
        ).changes(Change.ACTIVITIES).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def clear_personal_data(self) -> None:
        self.model.set_records([])
        self.register.set_lines([])
        self.person.clear()
        self.message.clear()
