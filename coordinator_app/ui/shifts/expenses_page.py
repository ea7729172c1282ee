"""Expenses: a month's claims of actual out-of-pocket costs, adding a claim (a flat-rate
allowance is refused for someone seeking asylum, with the reason), and marking claims paid."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.expenses import KINDS, MAX_CLAIM_PENCE, ExpenseClaim
from coordinator_app.domain.shifts import month_of, months_before
from coordinator_app.domain.wording import counted
from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.session import AppSession, HoldsNoDrafts
from coordinator_app.ui.session.windows import DialogDraft
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.dates import parse_uk_date, required_uk_date, uk_date
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fit import fit_to_content, fits_placeholder
from coordinator_app.ui.widgets.people_combo import PeopleCombo
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table

if TYPE_CHECKING:
    from coordinator_app.services.shifts.expenses import ExpenseRecord, SavedClaim
    from coordinator_app.services.volunteers.volunteers import VolunteerListRow


def _cells(claim: ExpenseRecord) -> tuple[str, ...]:
    return (
        uk_date(claim.claimed_on),
        f"{claim.volunteer_name} ({claim.volunteer_code})",
        claim.kind_label,
        f"£{claim.amount_pence / 100:,.2f}",
        "yes" if claim.receipt else "no receipt",
        uk_date(claim.paid_on) or "not yet",
        "yes, locked" if claim.locked else "not yet",
    )


class ExpensesPanel(HoldsNoDrafts, QWidget):
    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.session, self.today = session, session.clock.today
        self.setAccessibleName("Expenses")
        self.month = QComboBox()
        self.month.setAccessibleName("Month shown")
        this_month = month_of(self.today())
        for month in (this_month, *months_before(self.today(), 12)):
            self.month.addItem(month, month)
        self.month.currentIndexChanged.connect(lambda _: self.refresh())
        self.model: RecordsModel[ExpenseRecord] = RecordsModel(
            ("Date", "Volunteer", "Kind", "Amount", "Receipt", "Paid", "Month approved"), _cells
        )
        self.table = records_table("Expense claims", self.model, stretch=1)
        self.total = QLabel()
        self.total.setAccessibleDescription("Month total")
        self.message = MessageLabel("Expenses message")
        self.message.setWordWrap(True)
        self.add_button = QPushButton("Add a &claim…")
        self.add_button.clicked.connect(self.open_claim)
        self.paid_button = QPushButton("Mark &paid today")
        self.paid_button.clicked.connect(self.mark_paid)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Month:"))
        bar.addWidget(self.month)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.paid_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.message)
        session.unlocked.connect(self.refresh)
        if session.is_unlocked:
            self.refresh()

    def refresh(self) -> None:
        month = self.month.currentData()
        if month is None:
            return
        from coordinator_app.services.shifts import expenses

        def shown(found: list[ExpenseRecord]) -> None:
            self.model.set_records(found)
            pence = sum(c.amount_pence for c in found)
            unpaid = sum(1 for c in found if c.paid_on is None)
            self.total.setText(
                f"{counted(len(found), 'claim')}, £{pence / 100:,.2f} in all; "
                f"{unpaid} not paid yet."
            )

        self.session.op(
            self, lambda vault, _: expenses.expenses_in_month(vault, month), shown
        ).run()

    def open_claim(self) -> None:
        self.claim_dialog = ClaimDialog(self.session, self)
        self.claim_dialog.saved.connect(self._claimed)
        self.claim_dialog.open()

    def _claimed(self, text: str) -> None:
        self.message.setText(text)
        self.refresh()

    def mark_paid(self) -> None:
        claim = self.model.record(self.table.currentIndex())
        if claim is None:
            self.message.setText("Choose a claim in the list first.")
            return
        from coordinator_app.services.shifts import expenses

        today = self.today()
        self.session.op(
            self, lambda vault, _: expenses.mark_paid(vault, claim.id, today, today), self._paid
        ).changes(Change.EXPENSES).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def _paid(self, _: object) -> None:
        self.message.setText("Marked paid today.")
        self.refresh()

    def clear_personal_data(self) -> None:
        self.model.set_records([])
        self.total.clear()
        self.message.clear()


class ClaimDialog(DialogDraft, QDialog):
    saved = Signal(str)
    draft_name = "expense-claim"

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_content(self)
        self.session, self.today = session, session.clock.today
        self.setWindowTitle("Add an expense claim")
        self.setAccessibleName("Add an expense claim")
        self.volunteer = PeopleCombo("Volunteer")
        self.on = QLineEdit(uk_date(self.today()))
        self.on.setAccessibleName("Date of the cost")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of expense")
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.amount = QDoubleSpinBox()
        self.amount.setAccessibleName("Amount in pounds")
        self.amount.setPrefix("£")
        self.amount.setRange(0, MAX_CLAIM_PENCE / 100)
        self.amount.setDecimals(2)
        self.receipt = QCheckBox("&Receipt seen")
        self.receipt.setAccessibleName("Receipt seen")
        self.paid_on = QLineEdit()
        self.paid_on.setAccessibleName("Paid on")
        self.paid_on.setPlaceholderText("dd/mm/yyyy, or leave empty if not paid yet")
        fits_placeholder(self.paid_on)
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        self.message = MessageLabel("Claim message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Volunteer:", self.volunteer)
        form.addRow("&Date:", self.on)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Amount:", self.amount)
        form.addRow("", self.receipt)
        form.addRow("&Paid on:", self.paid_on)
        form.addRow("&Note:", self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("&Save claim", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.draft_built()  # typing may start before the lists arrive
        self._load_people()

    def _load_people(self) -> None:
        today = self.today()
        from coordinator_app.services.volunteers import volunteers

        def fill(people: list[VolunteerListRow]) -> None:
            self.volunteer.set_people(people)
            self.choices_loaded(self.session)

        self.session.op(self, lambda vault, _: volunteers.all_rows(vault, today), fill).run()

    # --- kept as a draft when the vault locks ------------------------------------------
    def draft_fields(self) -> dict[str, Any]:
        return {
            "volunteer": self.volunteer.currentData(),
            "on": self.on.text(),
            "kind": self.kind.currentData(),
            "amount": self.amount.value(),
            "receipt": self.receipt.isChecked(),
            "paid_on": self.paid_on.text(),
            "note": self.note.text(),
        }

    def put_draft_fields(self, fields: dict[str, Any]) -> None:
        for combo, key in ((self.volunteer, "volunteer"), (self.kind, "kind")):
            found = combo.findData(fields.get(key))
            if found >= 0:  # someone erased since is simply not chosen
                combo.setCurrentIndex(found)
        self.on.setText(str(fields.get("on", self.on.text())))
        self.amount.setValue(float(fields.get("amount", 0)))
        self.receipt.setChecked(bool(fields.get("receipt", False)))
        self.paid_on.setText(str(fields.get("paid_on", "")))
        self.note.setText(str(fields.get("note", "")))

    def draft_message(self) -> QLabel:
        return self.message

    def claim(self) -> ExpenseClaim:
        """What the dialog holds, or InvalidInput for a date that cannot be read."""
        return ExpenseClaim(
            claimed_on=required_uk_date("date of the cost", self.on.text()),
            kind=self.kind.currentData(),
            amount_pence=round(self.amount.value() * 100),
            receipt=self.receipt.isChecked(),
            paid_on=parse_uk_date("date paid", self.paid_on.text()),
            note=self.note.text(),
        )

    def save(self) -> None:
        person = self.volunteer.currentData()
        if person is None:
            self.message.setText("Choose the volunteer who made the claim.")
            return
        try:
            claim = self.claim()
        except InvalidInput as exc:
            self.message.setText(exc.sentence())
            return
        from coordinator_app.services.shifts import expenses

        today = self.today()
        self.session.op(
            self, lambda vault, _: expenses.add_expense(vault, person, claim, today), self._saved
        ).changes(Change.EXPENSES).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def _saved(self, saved: SavedClaim) -> None:
        self.saved.emit(" ".join(("Claim saved.", *saved.warnings)))
        self.accept()
