"""Approving months of hours (locking them) and unlocking one with a reason; both go to the
audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
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

from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fit import fit_to_content

if TYPE_CHECKING:
    from coordinator_app.services.shifts.months import MonthState
    from coordinator_app.services.vault.vaults import Vault


class ApproveMonthsDialog(QDialog):
    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_content(self)
        self.session, self.today = session, session.clock.today
        self.setWindowTitle("Approve months")
        self.setAccessibleName("Approve months")
        self.month = QComboBox()
        self.month.setAccessibleName("Month")
        self.month.currentIndexChanged.connect(self._update)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for unlocking")
        self.reason.setPlaceholderText("needed to unlock approved hours")
        self.message = MessageLabel("Approval message")
        self.message.setWordWrap(True)
        self.approve = QPushButton("&Approve and lock")
        self.unlock = QPushButton("&Unlock with this reason")
        self.approve.clicked.connect(self.approve_month)
        self.unlock.clicked.connect(self.unlock_month)
        form = QFormLayout()
        form.addRow("&Month:", self.month)
        form.addRow("&Reason to unlock:", self.reason)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Approving a month locks its shifts and expenses: they cannot change until the "
            "month is unlocked with a reason. Both are kept in the audit log."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.approve)
        layout.addWidget(self.unlock)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.states: list[MonthState] = []
        self.refresh()

    def refresh(self, keep: str | None = None) -> None:
        today = self.today()
        from coordinator_app.services.shifts import months

        def show(states: list[MonthState]) -> None:
            self.states = states
            self.month.blockSignals(True)
            self.month.clear()
            for state in states:
                mark = "approved, locked" if state.locked else "not approved"
                hours = state.service_minutes // 60
                self.month.addItem(f"{state.month}: {hours} hours, {mark}", state.month)
            self.month.setCurrentIndex(max(0, self.month.findData(keep)))
            self.month.blockSignals(False)
            self._update()

        self.session.op(self, lambda vault, _: months.recent_months(vault, today), show).run()

    def _current(self) -> MonthState | None:
        index = self.month.currentIndex()
        return self.states[index] if 0 <= index < len(self.states) else None

    def _update(self) -> None:
        state = self._current()
        self.approve.setEnabled(state is not None and not state.locked)
        self.unlock.setEnabled(state is not None and state.locked)
        self.reason.setEnabled(state is not None and state.locked)

    def approve_month(self) -> None:
        from coordinator_app.services.shifts import months

        self._change(months.approve_month, "approved and locked")

    def unlock_month(self) -> None:
        from coordinator_app.services.shifts import months

        reason = self.reason.text()
        self._change(
            lambda vault, month, _today: months.unlock_month(vault, month, reason), "unlocked"
        )

    def _change(self, action: Callable[[Vault, str, date], None], done: str) -> None:
        state = self._current()
        if state is None:
            return
        month, today = state.month, self.today()

        def changed(_: object) -> None:
            self.message.setText(f"{month} {done}.")
            self.reason.clear()
            self.refresh(keep=month)

        # Approval locks a month's shifts and its expense claims.
        self.session.op(self, lambda vault, _: action(vault, month, today), changed).changes(
            Change.SHIFTS, Change.EXPENSES
        ).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        say_or_show(self.message, self, exc)
