"""Placements: the wards and departments volunteers go to. The role a placement needs sets
its DBS level and the checks a volunteer must have before a shift there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain import onboarding
from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table

if TYPE_CHECKING:
    from coordinator_app.services.shifts.placements import Placement, PlacementDetails
    from coordinator_app.services.vault.vaults import Vault


def _cells(place: Placement) -> tuple[str, ...]:
    return (
        place.name,
        place.role_label,
        "yes" if place.patient_facing else "no",
        place.supervisor,
        "archived" if place.archived else "open",
    )


class PlacementsPanel(QWidget):
    changed = Signal()  # the register and booking refresh their placement lists

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.session = session
        self.setAccessibleName("Placements")
        self.model: RecordsModel[Placement] = RecordsModel(
            ("Placement", "Volunteer role", "Patient-facing", "Supervisor", "Status"), _cells
        )
        self.table = records_table("Placements list", self.model)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.show_archived = QCheckBox("Show &archived placements")
        self.show_archived.toggled.connect(lambda _: self.refresh())
        self.name = QLineEdit()
        self.name.setAccessibleName("Placement name")
        self.role = QComboBox()
        self.role.setAccessibleName("Volunteer role needed")
        for role in onboarding.roles():
            self.role.addItem(f"{role.label} ({role.dbs_level} DBS)", role.key)
        self.role.currentIndexChanged.connect(lambda _: self._show_checks())
        self.patient_facing = QCheckBox("Patient-fa&cing")
        self.patient_facing.setAccessibleName("Patient-facing")
        self.supervisor = QLineEdit()
        self.supervisor.setAccessibleName("Supervisor")
        self.description = QPlainTextEdit()
        self.description.setAccessibleName("Role description")
        self.description.setTabChangesFocus(True)  # Tab leaves the box, as in other fields
        lines = self.description.fontMetrics().lineSpacing()
        self.description.setMaximumHeight(lines * 6)
        self.checks = QLabel()
        self.checks.setWordWrap(True)
        self.checks.setAccessibleDescription("Checks needed")
        self.message = MessageLabel("Placements message")
        self.message.setWordWrap(True)
        self.new_button = QPushButton("&New placement")
        self.save_button = QPushButton("&Save placement")
        self.archive_button = QPushButton("Archiv&e")
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.archive_button.clicked.connect(self.toggle_archived)
        form = QFormLayout()
        form.addRow("Na&me:", self.name)
        form.addRow("R&ole:", self.role)
        form.addRow("", self.patient_facing)
        form.addRow("Su&pervisor:", self.supervisor)
        form.addRow("&Description:", self.description)
        form.addRow("Checks needed:", self.checks)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.archive_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.show_archived)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.editing: int | None = None
        self._show_checks()
        session.unlocked.connect(self.refresh)
        if session.is_unlocked:
            self.refresh()

    def refresh(self, select: int | None = None) -> None:
        from coordinator_app.services.shifts import placements

        archived = self.show_archived.isChecked()

        def shown(found: list[Placement]) -> None:
            self.model.set_records(found)
            row = next((n for n, p in enumerate(found) if p.id == select), None)
            if row is not None:
                self.table.selectRow(row)

        self.session.op(self, lambda vault, _: placements.placements(vault, archived), shown).run()

    def _selected(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes = selected.indexes()
        place = self.model.record(indexes[0]) if indexes else None
        if place is None:
            return
        self.editing = place.id
        self.name.setText(place.name)
        self.role.setCurrentIndex(max(0, self.role.findData(place.role)))
        self.patient_facing.setChecked(place.patient_facing)
        self.supervisor.setText(place.supervisor)
        self.description.setPlainText(place.role_description)
        self.archive_button.setText("Res&tore" if place.archived else "Archiv&e")

    def start_new(self) -> None:
        self.editing = None
        self.table.clearSelection()
        for field in (self.name, self.supervisor):
            field.clear()
        self.description.clear()
        self.patient_facing.setChecked(False)
        self.archive_button.setText("Archiv&e")
        self.message.setText("Fill in the new placement, then Save.")
        self.name.setFocus()

    def _show_checks(self) -> None:
        role = onboarding.role(self.role.currentData() or "")
        labels = [onboarding.item(key).label for key in role.items] if role else []
        self.checks.setText(", ".join(labels) or "none")

    def details(self) -> PlacementDetails:
        from coordinator_app.services.shifts.placements import PlacementDetails

        return PlacementDetails(
            self.name.text(),
            self.role.currentData() or "",
            self.patient_facing.isChecked(),
            self.description.toPlainText(),
            self.supervisor.text(),
        )

    def save(self) -> None:
        from coordinator_app.services.shifts import placements

        details, editing = self.details(), self.editing

        def write(vault: Vault, _: object) -> Placement:
            if editing is None:
                return placements.add_placement(vault, details)
            return placements.update_placement(vault, editing, details)

        self.session.op(self, write, self._saved).changes(Change.PLACEMENTS).failure(
            self._failed
        ).run()

    def toggle_archived(self) -> None:
        editing = self.editing
        place = next((p for p in self.model.records if p.id == editing), None)
        if place is None:
            self.message.setText("Choose a placement in the list first.")
            return
        from coordinator_app.services.shifts import placements

        archive = not place.archived
        self.session.op(
            self, lambda vault, _: placements.set_archived(vault, place.id, archive), self._saved
        ).changes(Change.PLACEMENTS).failure(self._failed).run()

    def _saved(self, place: Placement) -> None:
        self.editing = place.id
        state = "archived" if place.archived else "saved"
        self.message.setText(f"{place.name} {state}.")
        self.changed.emit()
        self.refresh(select=place.id)

    def _failed(self, exc: BaseException) -> None:
        say_or_show(self.message, self, exc)
