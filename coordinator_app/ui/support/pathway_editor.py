"""Editing the career pathway templates in the app: copy a pathway as the trust's own,
change a milestone's title, expected evidence or how long its result stays valid, add a
milestone. Nothing is kept until "Save the templates", which checks the whole set first.
Plans already made keep the milestones they were given."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain import pathway_edits
from coordinator_app.domain.errors import UserFacingError
from coordinator_app.ui.session.windows import DialogDraft
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.fields import combo, line, text_box
from coordinator_app.ui.widgets.fit import fit_to_content
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table


def _milestone_cells(step: dict[str, Any]) -> tuple[str, ...]:
    months = step.get("valid_months")
    return step["title"], f"{months} months" if months else ""


class PathwayEditor(DialogDraft, QDialog):
    # Unsaved template edits (no personal data) are kept as a draft when the vault locks.
    draft_name = "pathway-templates"

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_content(self)
        from coordinator_app.services.support import pathway_templates

        self.today = today
        self.setWindowTitle("Pathway templates")
        self.setAccessibleName("Pathway templates")
        self.doc = pathway_templates.current_document()
        self.changed = False
        self.pathway = combo("Pathway", [])
        self.pathway.currentIndexChanged.connect(lambda _: self._show_pathway())
        self.steps: RecordsModel[dict[str, Any]] = RecordsModel(
            ("Milestone", "Result valid for"), _milestone_cells
        )
        self.table = records_table("Milestones of the pathway", self.steps)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_step())
        self.title = line("Milestone title")
        self.evidence = text_box("Evidence expected")
        self.valid = QSpinBox()
        self.valid.setAccessibleName("Result valid for, in months")
        self.valid.setRange(0, 120)
        self.valid.setSpecialValueText("does not expire")
        self.valid.setSuffix(" months")
        self.copy_button = QPushButton("&Copy as our own pathway…")
        self.copy_button.clicked.connect(self.copy_pathway)
        self.change_button = QPushButton("&Keep these changes")
        self.change_button.clicked.connect(self.change_step)
        self.add_button = QPushButton("&Add as a new last milestone")
        self.add_button.clicked.connect(self.add_step)
        self.message = MessageLabel("Templates message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Evidence expected:", self.evidence)
        form.addRow("Result &valid for:", self.valid)
        edits = QHBoxLayout()
        edits.addWidget(self.change_button)
        edits.addWidget(self.add_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            "&Save the templates", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.pathway, 1)
        top.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Facts in the templates come from the bodies named in each pathway's sources; "
            "check them there. Plans already made keep their milestones."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(edits)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._fill(None)

    def _fill(self, select: str | None) -> None:
        self.pathway.blockSignals(True)
        self.pathway.clear()
        for p in self.doc["pathways"]:
            self.pathway.addItem(p["title"], p["key"])
        self.pathway.setCurrentIndex(max(0, self.pathway.findData(select)))
        self.pathway.blockSignals(False)
        self._show_pathway()

    def _current(self) -> dict[str, Any]:
        key = self.pathway.currentData()
        return next(p for p in self.doc["pathways"] if p["key"] == key)

    def _show_pathway(self, select: str | None = None) -> None:
        steps = self._current()["milestones"]
        self.steps.set_records(steps)
        row = next((n for n, s in enumerate(steps) if s["key"] == select), 0)
        if steps:
            self.table.selectRow(row)

    def _show_step(self) -> None:
        step = self.steps.record(self.table.currentIndex())
        if step is None:
            return
        self.title.setText(step["title"])
        self.evidence.setPlainText(step["evidence"])
        self.valid.setValue(step.get("valid_months") or 0)

    def copy_pathway(self) -> None:
        title, ok = QInputDialog.getText(self, "Copy the pathway", "Name of the new pathway:")
        if ok:
            self.copy_as(title)

    def copy_as(self, title: str) -> None:
        try:
            self.doc, key = pathway_edits.copy_pathway(
                self.doc, self.pathway.currentData(), title, self.today
            )
        except UserFacingError as exc:
            self.message.setText(exc.sentence())
            return
        self.changed = True
        self._fill(key)
        self.message.setText(f"{title} added. Save the templates to keep it.")

    def change_step(self) -> None:
        step = self.steps.record(self.table.currentIndex())
        if step is None:
            return
        try:
            self.doc = pathway_edits.change_milestone(
                self.doc,
                self.pathway.currentData(),
                step["key"],
                self.title.text(),
                self.evidence.toPlainText(),
                self.valid.value() or None,
            )
        except UserFacingError as exc:
            self.message.setText(exc.sentence())
            return
        self.changed = True
        self._show_pathway(step["key"])
        self.message.setText("Changed. Save the templates to keep it.")

    def add_step(self) -> None:
        try:
            self.doc, key = pathway_edits.add_milestone(
                self.doc, self.pathway.currentData(), self.title.text(), self.evidence.toPlainText()
            )
        except UserFacingError as exc:
            self.message.setText(exc.sentence())
            return
        self.changed = True
        self._show_pathway(key)
        self.message.setText("Milestone added. Save the templates to keep it.")

    # --- kept as a draft when the vault locks ------------------------------------------
    def draft_fields(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "changed": self.changed,
            "pathway": self.pathway.currentData(),
            "title": self.title.text(),
            "evidence": self.evidence.toPlainText(),
            "valid": self.valid.value(),
        }

    def put_draft_fields(self, fields: dict[str, Any]) -> None:
        self.doc = fields.get("doc", self.doc)
        self.changed = bool(fields.get("changed", False))
        self._fill(fields.get("pathway"))
        self.title.setText(str(fields.get("title", "")))
        self.evidence.setPlainText(str(fields.get("evidence", "")))
        self.valid.setValue(int(fields.get("valid", 0)))

    def draft_message(self) -> QLabel:
        return self.message

    def save(self) -> None:
        from coordinator_app.services.support import pathway_templates

        try:
            pathway_templates.save_document(self.doc)
        except UserFacingError as exc:
            self.message.setText(exc.sentence())
            return
        self.accept()
