"""Today, the home screen: this week's shifts (today's in bold), no-shows to follow up,
checks, evidence and support-plan items due, the next return and the last backup. Enter or
a double-click on any line opens the record it is about (``open_requested``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.backups import needs_warning
from coordinator_app.domain.shifts import OUTCOME_LABELS
from coordinator_app.domain.wording import counted
from coordinator_app.ui.session.changes import Change, FollowsChanges
from coordinator_app.ui.session.session import AppSession, HoldsNoDrafts
from coordinator_app.ui.widgets.dates import uk_date, uk_date_time
from coordinator_app.ui.widgets.passphrase_fields import make_bold
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table

if TYPE_CHECKING:
    from coordinator_app.services.reports.today import DayShift, ReturnStatus, TodayView, ToDo
    from coordinator_app.services.vault.vaults import Vault

Index = QModelIndex | QPersistentModelIndex


def _shift_cells(shift: DayShift) -> tuple[str, ...]:
    return (
        f"{shift.on:%a %d/%m}",
        f"{shift.start}–{shift.end}",
        shift.volunteer,
        shift.placement,
        OUTCOME_LABELS.get(shift.outcome, shift.outcome),
    )


def _to_do_cells(item: ToDo) -> tuple[str, ...]:
    return item.kind, item.volunteer, item.what, uk_date(item.due_on)


class WeekModel(RecordsModel["DayShift"]):
    """This week's shifts; today's stand out in bold (and say so to screen readers)."""

    today: date | None = None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        shift = self.record(index)
        if shift is not None and shift.on == self.today:
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
                return f"Today, {super().data(index, role)}"
        return super().data(index, role)


def return_text(status: ReturnStatus) -> str:
    month = datetime.strptime(status.period, "%Y-%m")
    due = f"{status.due_on:%a} {uk_date(status.due_on)}"
    if status.sent_on is not None:
        return f"Return for {month:%B %Y}: signed on {uk_date(status.sent_on)} (due {due})"
    left = {0: "due today", 1: "1 day left"}.get(status.days_left, f"{status.days_left} days left")
    return f"Return for {month:%B %Y} due {due}: {left}"


def backup_text(last: datetime | None, now: datetime) -> str:
    if last is None:
        return "⚠ No backup yet: make one in Settings"
    text = f"Last backup {uk_date_time(last.astimezone())}"
    return (
        f"⚠ {text}, {counted((now - last).days, 'day')} ago" if needs_warning(last, now) else text
    )


class TodayPage(FollowsChanges, HoldsNoDrafts, QWidget):
    shows = frozenset(
        {
            Change.SHIFTS,
            Change.VOLUNTEERS,
            Change.CHECKS,
            Change.PLANS,
            Change.REVIEWS,
            Change.OUTCOMES,
            Change.RETURNS,
            Change.BACKUPS,
        }
    )

    # (what to open, which one): "volunteer" / "plan" / "reviews" / "outcomes" with the
    # volunteer's id, "shift" with its date, "returns" or "backup" with None.
    open_requested = Signal(str, object)

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.session, self.today = session, session.clock.today
        self.setAccessibleName("Today")
        self.heading = QLabel()
        make_bold(self.heading)
        self.heading.setAccessibleDescription("Today heading")
        # Short buttons beside wrapping sentences, so the page stays narrow at 200% text.
        self.return_status, self.backup_status = QLabel(), QLabel()
        self.return_status.setAccessibleDescription("Next return")
        self.backup_status.setAccessibleDescription("Last backup")
        self.return_button = QPushButton("Open &Returns")
        self.return_button.setAccessibleName("Open Returns to build the next return")
        self.return_button.clicked.connect(lambda: self.open_requested.emit("returns", None))
        self.backup_button = QPushButton("Open Settings for &backups")
        self.backup_button.setAccessibleName("Open Settings to make or restore a backup")
        self.backup_button.clicked.connect(lambda: self.open_requested.emit("backup", None))
        self.week = WeekModel(("Day", "Time", "Volunteer", "Placement", "Outcome"), _shift_cells)
        self.no_shows: RecordsModel[DayShift] = RecordsModel(
            ("Day", "Time", "Volunteer", "Placement", "Outcome"), _shift_cells
        )
        self.to_do: RecordsModel[ToDo] = RecordsModel(
            ("To do", "Volunteer", "What", "When"), _to_do_cells
        )
        self.week_label, self.no_show_label, self.to_do_label = QLabel(), QLabel(), QLabel()
        self.week_view = records_table("This week's shifts", self.week, stretch=2)
        self.no_show_view = records_table("No-shows to follow up", self.no_shows, stretch=2)
        self.to_do_view = records_table("Checks and support plan items due", self.to_do, stretch=2)
        self.week_view.activated.connect(self._open_shift)
        self.no_show_view.activated.connect(self._open_no_show)
        self.to_do_view.activated.connect(self._open_to_do)
        self._build()
        session.unlocked.connect(self.refresh)
        if session.is_unlocked:
            self.refresh()

    def _build(self) -> None:
        top = QGridLayout()
        for row, (status, button) in enumerate(
            ((self.return_status, self.return_button), (self.backup_status, self.backup_button))
        ):
            status.setWordWrap(True)
            top.addWidget(status, row, 0)
            top.addWidget(button, row, 1)
        top.setColumnStretch(0, 1)
        hint = QLabel("Press Enter or double-click a line to open it.")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(hint)
        for label, view, stretch in (
            (self.week_label, self.week_view, 3),
            (self.no_show_label, self.no_show_view, 1),
            (self.to_do_label, self.to_do_view, 3),
        ):
            label.setBuddy(view)
            label.setWordWrap(True)
            layout.addWidget(label)
            layout.addWidget(view, stretch)

    def reload(self) -> None:
        """Marks made in the register, people added… show here (when next shown)."""
        self.refresh()

    def refresh(self) -> None:
        today = self.today()

        def load(vault: Vault, _: object) -> TodayView:
            from coordinator_app.services.reports.today import today_view  # on the database thread

            return today_view(vault, today)

        self.session.op(self, load, self.show_view).run()

    def show_view(self, view: TodayView) -> None:
        todays = len(view.todays)
        self.heading.setText(
            f"{view.today:%A %d %B %Y}: {todays} shift{'' if todays == 1 else 's'} today"
        )
        self.return_status.setText(return_text(view.next_return))
        self.backup_status.setText(backup_text(view.last_backup, self.session.clock.now()))
        self.week.today = view.today
        self.week.set_records(view.week)
        first_today = next((n for n, s in enumerate(view.week) if s.on == view.today), None)
        if first_today is not None:  # today's shifts in sight, earlier days a scroll away
            self.week_view.scrollTo(
                self.week.index(first_today, 0), QTableView.ScrollHint.PositionAtTop
            )
        self.no_shows.set_records(view.no_shows)
        self.to_do.set_records(view.to_do)
        planned = sum(1 for s in view.week if s.outcome == "planned")
        self.week_label.setText(
            f"&Shifts this week: {len(view.week)}, of which {planned} still planned"
        )
        self.no_show_label.setText(
            f"&No-shows in the last fortnight, to follow up: {len(view.no_shows)}"
        )
        self.to_do_label.setText(
            "&To do: checks and evidence expiring within 30 days; milestones, reviews and "
            f"follow-ups due: {len(view.to_do)}"
        )

    def _open_shift(self, index: QModelIndex) -> None:
        if (shift := self.week.record(index)) is not None:
            self.open_requested.emit("shift", shift.on)

    def _open_no_show(self, index: QModelIndex) -> None:
        if (shift := self.no_shows.record(index)) is not None:
            self.open_requested.emit("volunteer", shift.volunteer_id)

    def _open_to_do(self, index: QModelIndex) -> None:
        if (item := self.to_do.record(index)) is not None:
            self.open_requested.emit(item.opens, item.volunteer_id)

    def clear_personal_data(self) -> None:
        for model in (self.week, self.no_shows, self.to_do):
            model.set_records([])
        for label in (
            self.heading,
            self.week_label,
            self.no_show_label,
            self.to_do_label,
            self.return_status,
            self.backup_status,
        ):
            label.clear()
