"""Approving hours: by month (the running one included), by ISO week, or by volunteer (all
their hours not approved yet, or those of the chosen month). Approving an ended month also
locks it; unlocking one needs a reason. Everything goes to the audit log, dated today."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.wording import counted
from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.dates import month_name, uk_date
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fit import fit_to_content

if TYPE_CHECKING:
    from coordinator_app.services.shifts.approvals import Approved, Pending, Scope
    from coordinator_app.services.shifts.months import MonthState
    from coordinator_app.services.vault.vaults import Vault

BY_MONTH, BY_WEEK, BY_VOLUNTEER = "month", "week", "volunteer"


def hours_text(minutes: int) -> str:
    """4 hours, 1 hour, 2.5 hours."""
    whole, part = divmod(minutes, 60)
    if part == 0:
        return counted(whole, "hour")
    return f"{minutes / 60:.1f}".rstrip("0").rstrip(".") + " hours"


def month_line(state: MonthState, this_month: bool) -> str:
    name = month_name(state.month) + (" (this month)" if this_month else "")
    if state.locked:
        return f"{name}: {hours_text(state.service_minutes)}, approved and locked"
    if not state.service_minutes:
        return f"{name}: no hours worked"
    if state.unapproved_minutes:
        return f"{name}: {hours_text(state.unapproved_minutes)} not approved"
    return f"{name}: {hours_text(state.service_minutes)}, all approved"


def week_line(monday: date, waiting: list[Pending]) -> str:
    people = len({p.volunteer_id for p in waiting})
    minutes = sum(p.minutes for p in waiting)
    week = monday.isocalendar().week
    return (
        f"Week {week}, {uk_date(monday)} to {uk_date(monday + timedelta(days=6))}: "
        f"{hours_text(minutes)} not approved, {counted(people, 'volunteer')}"
    )


def approved_text(done: Approved, what: str) -> str:
    return (
        f"Approved {hours_text(done.minutes)} ({counted(done.shifts, 'shift')}, "
        f"{counted(done.volunteers, 'volunteer')}) {what}."
    )


class ApproveMonthsDialog(QDialog):
    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_content(self)
        self.session, self.today = session, session.clock.today
        self.setWindowTitle("Approve hours")
        self.setAccessibleName("Approve hours")
        self.by = QComboBox()
        self.by.setAccessibleName("Approve by")
        for text, data in (("Month", BY_MONTH), ("Week", BY_WEEK), ("Volunteer", BY_VOLUNTEER)):
            self.by.addItem(text, data)
        self.month = QComboBox()
        self.month.setAccessibleName("Month")
        self.week = QComboBox()
        self.week.setAccessibleName("Week")
        self.volunteer = QComboBox()
        self.volunteer.setAccessibleName("Volunteer")
        self.in_month = QCheckBox("&Only their hours in the chosen month")
        for combo in (self.by, self.month, self.week, self.volunteer):
            combo.currentIndexChanged.connect(self._update)
        self.in_month.toggled.connect(self._update)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for unlocking")
        self.reason.setPlaceholderText("needed to unlock approved hours")
        self.message = MessageLabel("Approval message")
        self.message.setWordWrap(True)
        self.approve = QPushButton("&Approve")
        self.unlock = QPushButton("&Unlock with this reason")
        self.approve.clicked.connect(self.approve_chosen)
        self.unlock.clicked.connect(self.unlock_month)
        form = QFormLayout()
        form.addRow("Approve &by:", self.by)
        form.addRow("&Month:", self.month)
        form.addRow("&Week:", self.week)
        form.addRow("&Volunteer:", self.volunteer)
        form.addRow("", self.in_month)
        form.addRow("&Reason to unlock:", self.reason)
        self.form = form
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        intro = QLabel(
            "Approve the hours worked so far by month, week or volunteer. Approving a month "
            "that has ended also locks its shifts and expenses until it is unlocked with a "
            "reason. All of it is kept in the audit log."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.approve)
        layout.addWidget(self.unlock)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.states: list[MonthState] = []
        self.pending: list[Pending] = []
        self.refresh()

    def refresh(self, keep: str | None = None) -> None:
        today = self.today()
        from coordinator_app.services.shifts import approvals, months

        def load(vault: Vault) -> tuple[list[MonthState], list[Pending]]:
            return months.recent_months(vault, today), approvals.pending(vault, today)

        self.session.op(
            self, lambda vault, _: load(vault), lambda found: self._show(*found, keep)
        ).run()

    def _show(self, states: list[MonthState], pending: list[Pending], keep: str | None) -> None:
        self.states, self.pending = states, pending
        chosen = (self.week.currentData(), self.volunteer.currentData())
        for combo in (self.month, self.week, self.volunteer):
            combo.blockSignals(True)
            combo.clear()
        for n, state in enumerate(states):
            self.month.addItem(month_line(state, n == 0), state.month)
        # The last ended month first: the usual one to approve.
        self.month.setCurrentIndex(max(0, self.month.findData(keep or states[1].month)))
        weeks: dict[date, list[Pending]] = {}
        people: dict[int, list[Pending]] = {}
        for p in pending:
            weeks.setdefault(p.week, []).append(p)
            people.setdefault(p.volunteer_id, []).append(p)
        for monday in sorted(weeks, reverse=True):
            self.week.addItem(week_line(monday, weeks[monday]), monday)
        for volunteer_id, theirs in sorted(people.items(), key=lambda item: item[1][0].volunteer):
            minutes = sum(p.minutes for p in theirs)
            self.volunteer.addItem(
                f"{theirs[0].volunteer}: {hours_text(minutes)} not approved", volunteer_id
            )
        for combo, data in zip((self.week, self.volunteer), chosen, strict=True):
            combo.setCurrentIndex(max(0, combo.findData(data)))
            combo.blockSignals(False)
        self.month.blockSignals(False)
        self._update()

    def _month_state(self) -> MonthState | None:
        index = self.month.currentIndex()
        return self.states[index] if 0 <= index < len(self.states) else None

    def _update(self) -> None:
        by, state = self.by.currentData(), self._month_state()
        uses_month = by == BY_MONTH or (by == BY_VOLUNTEER and self.in_month.isChecked())
        for field, shown in (
            (self.month, uses_month or by == BY_MONTH),
            (self.week, by == BY_WEEK),
            (self.volunteer, by == BY_VOLUNTEER),
            (self.in_month, by == BY_VOLUNTEER),
        ):
            self.form.setRowVisible(field, shown)
        if by == BY_MONTH and state is not None:
            lock = state.ended and not state.locked
            self.approve.setText("&Approve and lock" if lock else "&Approve")
            ready = lock or state.unapproved_minutes > 0
        else:
            self.approve.setText("&Approve")
            combo = self.week if by == BY_WEEK else self.volunteer
            ready = combo.currentData() is not None
        self.approve.setEnabled(ready)
        locked = by == BY_MONTH and state is not None and state.locked
        self.unlock.setEnabled(locked)
        self.reason.setEnabled(locked)

    def approve_chosen(self) -> None:
        from coordinator_app.services.shifts import approvals, months

        by, state, today = self.by.currentData(), self._month_state(), self.today()
        if by == BY_MONTH and state is not None and state.ended and not state.locked:
            month = state.month
            self._change(
                lambda vault: months.approve_month(vault, month, today),
                lambda _: f"{month_name(month)} approved and locked.",
                keep=month,
            )
            return
        scope, what = self._scope(by, state)
        if scope is None:
            return
        self._change(
            lambda vault: approvals.approve_hours(vault, scope, today),
            lambda done: approved_text(done, what),
            keep=state.month if state else None,
        )

    def _scope(self, by: str, state: MonthState | None) -> tuple[Scope | None, str]:
        from coordinator_app.services.shifts.approvals import Scope

        if by == BY_MONTH:
            if state is None:
                return None, ""
            return Scope(month=state.month), f"in {month_name(state.month)}"
        if by == BY_WEEK:
            monday = self.week.currentData()
            if monday is None:
                return None, ""
            return Scope(week=monday), f"in the week of {uk_date(monday)}"
        volunteer = self.volunteer.currentData()
        if volunteer is None:
            return None, ""
        name = self.volunteer.currentText().split(":")[0]
        if self.in_month.isChecked() and state is not None:
            return Scope(month=state.month, volunteer_id=volunteer), (
                f"for {name} in {month_name(state.month)}"
            )
        return Scope(volunteer_id=volunteer), f"for {name}"

    def unlock_month(self) -> None:
        from coordinator_app.services.shifts import months

        state = self._month_state()
        if state is None:
            return
        month, reason = state.month, self.reason.text()
        self._change(
            lambda vault: months.unlock_month(vault, month, reason),
            lambda _: f"{month_name(month)} unlocked.",
            keep=month,
        )

    def _change(
        self, action: Callable[[Vault], object], said: Callable[..., str], keep: str | None
    ) -> None:
        def changed(done: object) -> None:
            self.message.setText(said(done))
            self.reason.clear()
            self.refresh(keep=keep)

        # Approval locks a month's shifts and its expense claims.
        self.session.op(self, lambda vault, _: action(vault), changed).changes(
            Change.SHIFTS, Change.EXPENSES
        ).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        say_or_show(self.message, self, exc)
