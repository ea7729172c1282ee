"""Today: the day's shifts, how many are still planned this week, and the no-shows of the
last fortnight to follow up (the rest of the dashboard lands with its own issue)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from coordinator_app.domain.shifts import OUTCOME_LABELS
from coordinator_app.ui.ops import Operation
from coordinator_app.ui.passphrase_fields import make_bold
from coordinator_app.ui.records_model import RecordsModel, records_table
from coordinator_app.ui.session import AppSession, HoldsNoDrafts

if TYPE_CHECKING:
    from coordinator_app.services.shifts import DayShift, TodaySummary
    from coordinator_app.services.support_due import DueLine, SupportDue
    from coordinator_app.services.vaults import Vault

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Date", "Time", "Volunteer", "Placement", "Outcome")


class DayShiftsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.shifts: tuple[DayShift, ...] = ()

    def set_shifts(self, shifts: tuple[DayShift, ...]) -> None:
        self.beginResetModel()
        self.shifts = shifts
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.shifts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        shift = self.shifts[index.row()]
        return (
            f"{shift.on:%d/%m/%Y}",
            f"{shift.start}–{shift.end}",
            shift.volunteer,
            shift.placement,
            OUTCOME_LABELS.get(shift.outcome, shift.outcome),
        )[index.column()]


def _support_due(vault: Vault, today: date) -> SupportDue:
    # Imported on the database thread: plans and their templates stay off the UI thread.
    from coordinator_app.services.support_due import support_due

    return support_due(vault, today)


def _due_cells(item: tuple[str, DueLine]) -> tuple[str, ...]:
    kind, line = item
    when = f"{line.due_on:%d/%m/%Y}" if line.due_on else ""
    return kind, line.volunteer, line.what, when


def _table(name: str, model: DayShiftsModel) -> QTableView:
    view = QTableView()
    view.setAccessibleName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    return view


class TodayPage(HoldsNoDrafts, QWidget):
    def __init__(self, session: AppSession, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.session, self.today = session, today
        self.setAccessibleName("Today")
        self.heading = QLabel()
        make_bold(self.heading)
        self.heading.setAccessibleName("Today heading")
        self.todays = DayShiftsModel()
        self.no_shows = DayShiftsModel()
        self.week = QLabel()
        self.week.setAccessibleName("Shifts still planned this week")
        follow = QLabel("No-shows in the last fortnight, to follow up:")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(_table("Today's shifts", self.todays), 2)
        layout.addWidget(self.week)
        layout.addWidget(follow)
        layout.addWidget(_table("No-shows to follow up", self.no_shows), 1)
        self.support: RecordsModel[tuple[str, DueLine]] = RecordsModel(
            ("To do", "Volunteer", "What", "When"), _due_cells
        )
        layout.addWidget(QLabel("From support plans: milestones, reviews, follow-ups, evidence:"))
        layout.addWidget(records_table("Support plan items due", self.support, stretch=2), 2)
        session.unlocked.connect(self.refresh)
        if session.is_unlocked:
            self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.refresh()  # marks made in the register show here when coming back

    def refresh(self) -> None:
        vault = self.session.vault
        if vault is None:
            return
        today = self.today()
        from coordinator_app.services import shifts

        Operation(self, lambda _: shifts.today_summary(vault, today), self._show).run()
        Operation(self, lambda _: _support_due(vault, today), self._show_support).run()

    def _show_support(self, due: SupportDue) -> None:
        self.support.set_records(
            [("Milestone", d) for d in due.milestones]
            + [("Review", d) for d in due.reviews]
            + [("Follow-up", d) for d in due.follow_ups]
            + [("Evidence", d) for d in due.evidence]
        )

    def _show(self, summary: TodaySummary) -> None:
        today = self.today()
        self.heading.setText(f"{today:%A %d %B %Y}: {len(summary.today)} shifts today")
        self.todays.set_shifts(summary.today)
        self.week.setText(f"{summary.week_planned} shifts still planned this week.")
        self.no_shows.set_shifts(summary.no_shows)

    def clear_personal_data(self) -> None:
        self.support.set_records([])
        self.todays.set_shifts(())
        self.no_shows.set_shifts(())
        self.heading.clear()
        self.week.clear()
