"""The handover when a coordinator leaves, step by step: add the successor (who types their
own passphrase), remove the leaver, make a new recovery key, and check the signing key's
registration sheet with the programme manager."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.settings.coordinator_form import AddCoordinatorForm
from coordinator_app.ui.widgets.choosers import SaveChooser, choose_save_file
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fit import fit_to_content
from coordinator_app.ui.widgets.recovery_key_dialog import RecoveryKeyDialog

if TYPE_CHECKING:
    from coordinator_app.services.vault.vaults import Coordinator


def _text(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class _Step(QWizardPage):
    """A page that is complete once its action is done."""

    def __init__(self, title: str, explain: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.done = False
        self.message = _text("")
        self.box = QVBoxLayout(self)
        self.box.addWidget(_text(explain))

    def mark_done(self, text: str) -> None:
        self.done = True
        self.message.setText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return self.done


class HandoverWizard(QWizard):
    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_content(self)
        self.session = session
        self.save_file: SaveChooser = choose_save_file
        self.key_dialog: RecoveryKeyDialog | None = None
        self.setWindowTitle("Handover")
        self.setAccessibleName("Handover when a coordinator leaves")

        self.add_page = _Step(
            "1. Add the successor",
            "The new coordinator types their name and their own passphrase, twice. "
            "(If they can already open this vault, go on.)",
        )
        self.add_form = AddCoordinatorForm(session, self.add_page)
        self.add_form.added_one.connect(lambda name: self.add_page.mark_done(f"{name} added."))
        self.add_page.box.addWidget(self.add_form)
        skip = QPushButton("They can already open it")
        skip.clicked.connect(lambda: self.add_page.mark_done("No one added."))
        self.add_page.box.addWidget(skip)
        self.add_page.box.addWidget(self.add_page.message)

        self.remove_page = _Step(
            "2. Remove the coordinator who leaves",
            "Their passphrase stops opening this vault. Nothing else changes.",
        )
        self.leaver = QComboBox()
        self.leaver.setAccessibleName("Coordinator who leaves")
        self.remove_button = QPushButton("&Remove them")
        self.remove_button.clicked.connect(self.remove_leaver)
        for widget in (self.leaver, self.remove_button, self.remove_page.message):
            self.remove_page.box.addWidget(widget)

        self.recovery_page = _Step(
            "3. Make a new recovery key",
            "The leaver may know the recovery key: make a new one, and give the new sheet "
            "to your Information Governance lead.",
        )
        self.recovery_button = QPushButton("Make the new recovery &key")
        self.recovery_button.clicked.connect(self.new_recovery_key)
        self.recovery_page.box.addWidget(self.recovery_button)
        self.recovery_page.box.addWidget(self.recovery_page.message)

        summary = session.summary
        key_id = summary.signing_key_id if summary is not None else ""
        self.sheet_page = _Step(
            "4. Check the signing key sheet",
            f"Returns stay signed with key {key_id or '(none)'}. Save its registration sheet "
            "and check with the programme manager that it is the key they hold for your "
            "trust. If the leaver may have a copy of the vault, re-key the database in "
            "Settings afterwards.",
        )
        self.sheet_button = QPushButton("&Save the key registration sheet…")
        self.sheet_button.clicked.connect(self.save_sheet)
        checked = QPushButton("Checked, no sheet needed")
        checked.clicked.connect(lambda: self.sheet_page.mark_done("Checked."))
        for widget in (self.sheet_button, checked, self.sheet_page.message):
            self.sheet_page.box.addWidget(widget)

        for page in (self.add_page, self.remove_page, self.recovery_page, self.sheet_page):
            self.addPage(page)
        self.currentIdChanged.connect(self._entered)

    def _entered(self, _page_id: int) -> None:
        if self.currentPage() is self.remove_page:
            from coordinator_app.services.vault import vaults

            self.session.op(self, lambda vault, _: vaults.coordinators(vault), self._people).run()

    def _people(self, people: list[Coordinator]) -> None:
        self.leaver.clear()
        self.leaver.addItems([p.name for p in people if not p.you])

    def remove_leaver(self) -> None:
        name = self.leaver.currentText()
        if not name:
            self.remove_page.message.setText("No one else can open this vault.")
            return
        from coordinator_app.services.vault import vaults

        self.session.op(
            self,
            lambda vault, _: vaults.remove_coordinator(vault, name),
            lambda _: self.remove_page.mark_done(f"{name} can no longer open this vault."),
        ).failure(lambda exc: say_or_show(self.remove_page.message, self, exc)).run()

    def new_recovery_key(self) -> None:
        from coordinator_app.services.vault import vaults

        self.session.op(
            self, lambda vault, _: vaults.new_recovery_key(vault), self._key_made
        ).failure(lambda exc: say_or_show(self.recovery_page.message, self, exc)).run()

    def _key_made(self, key: str) -> None:
        self.recovery_page.mark_done("A new recovery key was made; the old one no longer works.")
        self.key_dialog = RecoveryKeyDialog(
            self.session.summary, self.session.clock, key, "A new recovery key was made.", self
        )
        self.key_dialog.open()

    def save_sheet(self) -> None:
        path = self.save_file(
            self, "Save the key registration sheet", "key-sheet.pdf", "PDF (*.pdf)"
        )
        if path is None:
            return
        from coordinator_app.services.vault import signing

        self.session.op(
            self,
            lambda vault, _: signing.write_key_sheet(vault, path),
            lambda _: self.sheet_page.mark_done(f"Saved {path}."),
        ).failure(lambda exc: say_or_show(self.sheet_page.message, self, exc)).run()
