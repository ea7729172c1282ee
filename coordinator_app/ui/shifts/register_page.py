"""The Shifts section: the weekly register, a grid of volunteers × days marked by keyboard
(arrows to move; A attended, L late, N no-show, C cancelled by the volunteer, W cancelled by
the ward, P back to planned), "All attended as planned" for a day, and totals per row."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.shifts import OUTCOME_LABELS, week_start
from coordinator_app.domain.volunteers import WEEKDAYS
from coordinator_app.domain.wording import counted
from coordinator_app.ui.session.changes import Change, FollowsChanges
from coordinator_app.ui.session.session import AppSession, HoldsNoDrafts
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.dates import uk_date
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fit import at_least

if TYPE_CHECKING:
    from coordinator_app.services.shifts.placements import Placement
    from coordinator_app.services.shifts.register import RegisterCell, RegisterRow
    from coordinator_app.services.vault.vaults import Vault

Index = QModelIndex | QPersistentModelIndex
KEYS = {
    Qt.Key.Key_A: ("attended", ""),
    Qt.Key.Key_L: ("late", ""),
    Qt.Key.Key_N: ("no_show", ""),
    Qt.Key.Key_C: ("cancelled", "volunteer"),
    Qt.Key.Key_W: ("cancelled", "ward"),
    Qt.Key.Key_P: ("planned", ""),
}
FRAME_WIDTH = 3  # the current cell's frame, in pixels
MARKS = {
    "planned": "",
    "attended": "✓",
    "late": "late",
    "no_show": "no-show",
    "cancelled": "cancelled",
}


def _hours(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


class RegisterModel(QAbstractTableModel):
    """Rows: volunteers with a shift this week; columns: name, Monday..Sunday, hours."""

    def __init__(self, monday: date) -> None:
        super().__init__()
        self.monday = monday
        self.rows: list[RegisterRow] = []

    def set_week(self, monday: date, rows: list[RegisterRow]) -> None:
        self.beginResetModel()
        self.monday, self.rows = monday, rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 9

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "Volunteer"
        if section == 8:
            return "Hours"
        if 1 <= section <= 7:
            day = self.monday + timedelta(days=section - 1)
            return f"{WEEKDAYS[section - 1][:3]} {day:%d/%m}"
        return None

    def cells(self, index: Index) -> tuple[RegisterCell, ...]:
        if not index.isValid() or not 1 <= index.column() <= 7:
            return ()
        return self.rows[index.row()].days[index.column() - 1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return f"{row.name} ({row.code})"
            if column == 8:
                return _hours(row.total_minutes)
            texts = []
            for cell in self.cells(index):
                mark = MARKS.get(cell.outcome, cell.outcome)
                texts.append(f"{cell.start}–{cell.end} {mark}".strip())
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return (
                    "; ".join(
                        f"{c.start} to {c.end}, {OUTCOME_LABELS.get(c.outcome, c.outcome)}"
                        for c in self.cells(index)
                    )
                    or "no shift"
                )
            return "\n".join(texts)
        locked = any(c.locked for c in self.cells(index))
        if role == Qt.ItemDataRole.ToolTipRole and locked:
            return "Approved and locked: unlock the month with a reason to change it."
        return None


class CurrentCellFrame(QStyledItemDelegate):
    """Frames the register's current cell in the text colour, 3 px, whatever the style: the
    selection fill alone is faint, and Fusion draws no focus rectangle until the keyboard
    has moved the focus once."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        if index != self.view.currentIndex():
            return
        painter.save()
        role = QPalette.ColorRole.Text if self.view.hasFocus() else QPalette.ColorRole.Mid
        pen = QPen(option.palette.color(role), FRAME_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        inset = FRAME_WIDTH // 2 + 1
        painter.drawRect(option.rect.adjusted(inset, inset, -inset - 1, -inset - 1))
        painter.restore()


class ShiftsPage(FollowsChanges, HoldsNoDrafts, QWidget):
    # The register names volunteers and placements; the expenses tab lists claims.
    shows = frozenset({Change.SHIFTS, Change.VOLUNTEERS, Change.PLACEMENTS, Change.EXPENSES})

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.session, self.today = session, session.clock.today
        self.setAccessibleName("Shifts")
        self.model = RegisterModel(week_start(self.today()))
        self.table = QTableView()
        self.table.setAccessibleName("Weekly register")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)  # days share the width
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        # A day never narrower than its heading or one shift with its mark, so one shift is
        # one line: it scrolls sideways instead.
        style, metrics = self.table.style(), self.table.fontMetrics()
        margins = 2 * style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8
        shift = max(metrics.horizontalAdvance(f"00:00–00:00 {m}") for m in MARKS.values())
        at_least(header, max(shift + margins, *(header.sectionSizeHint(d) for d in range(1, 8))))
        # Rows are one line high at any font size; only a day with several shifts is measured
        # (``_fit_rows``): measuring every row of a large trust's week took 280 ms.
        rows = self.table.verticalHeader()
        line = metrics.height() + 2 * style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameVMargin)
        rows.setMinimumSectionSize(min(rows.minimumSectionSize(), line))
        rows.setDefaultSectionSize(max(rows.defaultSectionSize(), line + 4))
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setItemDelegate(CurrentCellFrame(self.table))
        self.table.installEventFilter(self)
        self.week_label = QLabel()
        self.week_label.setAccessibleDescription("Week shown")
        self.week_label.setWordWrap(True)
        self.message = MessageLabel("Register message")
        self.message.setWordWrap(True)
        self.previous = QPushButton("&Previous week")
        self.this_week = QPushButton("&This week")
        self.next = QPushButton("&Next week")
        self.all_attended = QPushButton("All &attended as planned")
        self.book_button = QPushButton("&Book a shift…")
        self.book_button.clicked.connect(self.open_booking)
        self.approve_button = QPushButton("Appr&ove months…")
        self.approve_button.clicked.connect(self.open_approval)
        self.placement = QComboBox()
        self.placement.setAccessibleName("Placement shown")
        self.placement.addItem("All placements", None)
        self.placement.currentIndexChanged.connect(lambda _: self.show_week(self.model.monday))
        self.previous.clicked.connect(lambda: self.show_week(self.model.monday - timedelta(days=7)))
        self.next.clicked.connect(lambda: self.show_week(self.model.monday + timedelta(days=7)))
        self.this_week.clicked.connect(lambda: self.show_week(week_start(self.today())))
        self.all_attended.clicked.connect(self.mark_selected_day)
        bar = QHBoxLayout()
        for button in (self.previous, self.this_week, self.next):
            bar.addWidget(button)
        bar.addWidget(self.placement, 1)
        bar.addWidget(self.book_button)
        day_bar = QHBoxLayout()
        day_bar.addWidget(self.week_label, 1)
        day_bar.addWidget(self.all_attended)
        day_bar.addWidget(self.approve_button)
        keys = QLabel(
            "Keys: arrows move; A attended, L late, N no-show, C cancelled by the volunteer, "
            "W cancelled by the ward, P planned; Space switches attended and planned."
        )
        keys.setWordWrap(True)
        register = QWidget()
        register.setAccessibleName("Weekly register")
        layout = QVBoxLayout(register)
        layout.addLayout(bar)
        layout.addLayout(day_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(keys)
        layout.addWidget(self.message)
        from coordinator_app.ui.shifts.expenses_page import ExpensesPanel
        from coordinator_app.ui.shifts.placements_page import PlacementsPanel

        self.placements = PlacementsPanel(session)
        self.placements.changed.connect(self.start)
        self.expenses = ExpensesPanel(session)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Shifts views")
        self.tabs.tabBar().setAccessibleName("Shifts views")
        self.tabs.addTab(register, "Weekly &register")
        self.tabs.addTab(self.placements, "P&lacements")
        self.tabs.addTab(self.expenses, "E&xpenses")
        QVBoxLayout(self).addWidget(self.tabs)
        session.unlocked.connect(self.start)
        if session.is_unlocked:
            self.start()

    def start(self) -> None:
        self._load_placements()
        self.show_week(week_start(self.today()))

    def reload(self) -> None:
        """The same week, placements and month again (changed elsewhere)."""
        self._load_placements()
        self.show_week(self.model.monday)
        self.placements.refresh(select=self.placements.editing)
        self.expenses.refresh()

    def _load_placements(self) -> None:
        from coordinator_app.services.shifts import placements

        def fill(places: list[Placement]) -> None:
            while self.placement.count() > 1:
                self.placement.removeItem(1)
            for place in places:
                self.placement.addItem(place.name, place.id)

        self.session.op(self, lambda vault, _: placements.placements(vault), fill).run()

    def open_booking(self) -> None:
        from coordinator_app.ui.shifts.book_shift import BookShiftDialog

        self.booking = BookShiftDialog(self.session, self)
        self.booking.booked.connect(self._booked)
        self.booking.open()

    def open_approval(self) -> None:
        from coordinator_app.ui.shifts.approve_months import ApproveMonthsDialog

        self.approval = ApproveMonthsDialog(self.session, self)
        self.approval.finished.connect(lambda _: self.reload())  # the expenses tab too
        self.approval.open()

    def _booked(self, text: str) -> None:
        self.message.setText(text)
        self.show_week(self.model.monday)

    def _fit_rows(self) -> None:
        """Rows with a day of several shifts as high as their lines."""
        for number, row in enumerate(self.model.rows):
            if any(len(day) > 1 for day in row.days):
                self.table.resizeRowToContents(number)

    def show_week(self, monday: date, keep: tuple[int, int] | None = None) -> None:
        from coordinator_app.services.shifts import register

        def shown(rows: list[RegisterRow]) -> None:
            self.model.set_week(monday, rows)
            self._fit_rows()
            self.week_label.setText(
                f"Week of {uk_date(monday)}: {counted(len(rows), 'volunteer')} with shifts"
            )
            if keep is not None and self.model.rowCount():
                row = min(keep[0], self.model.rowCount() - 1)
                self.table.setCurrentIndex(self.model.index(row, keep[1]))

        place = self.placement.currentData()
        self.session.op(
            self, lambda vault, _: register.week_register(vault, monday, place), shown
        ).run()

    # --- marking ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        arriving = watched is self.table and event.type() == QEvent.Type.FocusIn
        if arriving and not self.table.currentIndex().isValid() and self.model.rowCount():
            # Arriving by Tab: a cell is current at once, so the frame shows where keys go.
            self.table.setCurrentIndex(self.model.index(0, 1))
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Space and not event.modifiers():
                cells = self.model.cells(self.table.currentIndex())
                attended = bool(cells) and all(c.outcome == "attended" for c in cells)
                self.mark_current("planned" if attended else "attended")
                return True
            choice = KEYS.get(Qt.Key(event.key()))
            if choice is not None and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.mark_current(*choice)
                return True
        return False

    def mark_current(self, outcome: str, cancelled_by: str = "") -> None:
        index = self.table.currentIndex()
        cells = self.model.cells(index)
        if not cells:
            return
        from coordinator_app.services.shifts import shifts

        def mark(vault: Vault, _: object) -> None:
            for cell in cells:
                shifts.record_outcome(vault, cell.shift_id, outcome, cancelled_by=cancelled_by)

        where = (index.row(), index.column())
        self.session.op(self, mark, lambda _: self._marked(where, outcome)).changes(
            Change.SHIFTS
        ).failure(self._failed).run()

    def _marked(self, where: tuple[int, int], outcome: str) -> None:
        self.message.setText(f"Marked {OUTCOME_LABELS[outcome].lower()}.")
        self.show_week(self.model.monday, keep=where)

    def mark_selected_day(self) -> None:
        column = self.table.currentIndex().column()
        if not 1 <= column <= 7:
            self.message.setText("Choose a day in the register first.")
            return
        day, today = self.model.monday + timedelta(days=column - 1), self.today()
        from coordinator_app.services.shifts import register

        def done(count: int) -> None:
            self.message.setText(
                f"{counted(count, 'shift')} on {uk_date(day)} marked attended as planned."
            )
            self.show_week(self.model.monday, keep=(self.table.currentIndex().row(), column))

        self.session.op(
            self, lambda vault, _: register.mark_day_attended(vault, day, today), done
        ).changes(Change.SHIFTS).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        say_or_show(self.message, self, exc)

    def clear_personal_data(self) -> None:
        self.expenses.clear_personal_data()
        self.model.set_week(self.model.monday, [])
        self.week_label.clear()
        self.message.clear()
