"""A volunteer's barriers to work with their dates: when each was identified, when it was
resolved (empty while open) and what helped. Ticking a barrier on the volunteer's record
identifies it that day; here the days and the note are set. What helped stays in the
vault: returns carry the barrier and its months only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain import choices
from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.dates import parse_uk_date, required_uk_date, uk_date
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fields import combo, line
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table

if TYPE_CHECKING:
    from coordinator_app.services.support.barriers import BarrierRecord


def _barrier_cells(b: BarrierRecord) -> tuple[str, ...]:
    return (
        b.label,
        uk_date(b.identified_on),
        uk_date(b.resolved_on) if b.resolved_on else "open",
        b.helped,
    )


class BarriersPanel(QWidget):
    def __init__(self, session: AppSession, message: QLabel) -> None:
        super().__init__()
        self.session, self.today, self.message = session, session.clock.today, message
        self.setAccessibleName("Barriers")
        self.volunteer_id: int | None = None
        self.model: RecordsModel[BarrierRecord] = RecordsModel(
            ("Barrier", "Identified", "Resolved", "What helped"), _barrier_cells
        )
        self.table = records_table("Barriers with their dates", self.model, stretch=3)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._chosen())
        self.kind = combo("Barrier to add", [(b.key, b.label) for b in choices.barriers()])
        self.found_on = line("Day identified", "dd/mm/yyyy")
        self.add_button = QPushButton("&Add the barrier")
        self.add_button.clicked.connect(self.add_barrier)
        new = QGroupBox("A barrier found")
        add_form = QFormLayout(new)
        add_form.addRow("Barr&ier:", self.kind)
        add_form.addRow("I&dentified on:", self.found_on)
        add_form.addRow("", self.add_button)
        self.identified = line("Identified on", "dd/mm/yyyy")
        self.resolved = line("Resolved on (empty while open)", "dd/mm/yyyy")
        self.helped = line("What helped")
        self.save_button = QPushButton("&Save the chosen barrier")
        self.save_button.clicked.connect(self.save_barrier)
        chosen = QGroupBox("The chosen barrier")
        edit_form = QFormLayout(chosen)
        edit_form.addRow("Ide&ntified on:", self.identified)
        edit_form.addRow("R&esolved on:", self.resolved)
        edit_form.addRow("&What helped:", self.helped)
        edit_form.addRow("", self.save_button)
        forms = QVBoxLayout()
        forms.addWidget(new)
        forms.addWidget(chosen)
        forms.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(forms, 2)

    def show_volunteer(self, volunteer_id: int, keep: int | None = None) -> None:
        self.volunteer_id = volunteer_id
        if not self.found_on.text():
            self.found_on.setText(uk_date(self.today()))
        from coordinator_app.services.support import barriers

        def shown(records: list[BarrierRecord]) -> None:
            self.model.set_records(records)
            row = next((n for n, b in enumerate(records) if b.id == keep), 0)
            if records:
                self.table.selectRow(row)
            else:
                self._chosen()

        self.session.op(
            self, lambda vault, _: barriers.barriers(vault, volunteer_id), shown
        ).failure(self._failed).run()

    def _chosen(self) -> None:
        b = self.model.record(self.table.currentIndex())
        self.identified.setText(uk_date(b.identified_on) if b else "")
        self.resolved.setText(uk_date(b.resolved_on) if b else "")
        self.helped.setText(b.helped if b else "")

    def add_barrier(self) -> None:
        person, today, key = self.volunteer_id, self.today(), self.kind.currentData()
        if person is None:
            return
        from coordinator_app.domain.errors import UserFacingError
        from coordinator_app.services.support import barriers

        try:
            found = required_uk_date("day identified", self.found_on.text())
        except UserFacingError as exc:
            self.message.setText(exc.sentence())
            return

        def added(new_id: int) -> None:
            self.message.setText(f"{self.kind.currentText()} added as an open barrier.")
            self.show_volunteer(person, keep=new_id)

        self.session.op(
            self, lambda vault, _: barriers.add_barrier(vault, person, key, found, today), added
        ).changes(Change.PLANS, Change.VOLUNTEERS).failure(self._failed).run()

    def save_barrier(self) -> None:
        chosen, person, today = (
            self.model.record(self.table.currentIndex()),
            self.volunteer_id,
            self.today(),
        )
        if chosen is None or person is None:
            self.message.setText("Choose a barrier in the list first.")
            return
        from coordinator_app.domain.errors import UserFacingError
        from coordinator_app.services.support import barriers

        try:
            found = parse_uk_date("day identified", self.identified.text()) or chosen.identified_on
            resolved = parse_uk_date("day resolved", self.resolved.text())
        except UserFacingError as exc:
            self.message.setText(exc.sentence())
            return
        helped = self.helped.text()

        def saved(_: object) -> None:
            state = f"resolved on {resolved:%d/%m/%Y}" if resolved else "open"
            self.message.setText(f"{chosen.label}: saved, {state}.")
            self.show_volunteer(person, keep=chosen.id)

        self.session.op(
            self,
            lambda vault, _: barriers.save_barrier(
                vault, chosen.id, found, resolved, helped, today
            ),
            saved,
        ).changes(Change.PLANS, Change.VOLUNTEERS).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        say_or_show(self.message, self, exc)

    def clear_personal_data(self) -> None:
        self.volunteer_id = None
        self.model.set_records([])
        for field in (self.identified, self.resolved, self.helped, self.found_on):
            field.clear()
