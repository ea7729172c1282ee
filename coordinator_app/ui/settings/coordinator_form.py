"""Adding a coordinator: the new coordinator types their name and their own passphrase
twice. Its own module so that the Settings panel and the handover wizard both use it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.passphrase_fields import NewPassphraseFields

if TYPE_CHECKING:
    from coordinator_app.services.vault.vaults import Coordinator


class AddCoordinatorForm(QWidget):
    """The new coordinator types their name and their own passphrase twice."""

    added_one = Signal(str)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.name = QLineEdit()
        self.name.setAccessibleName("New coordinator's name")
        self.passphrase = NewPassphraseFields(self, "Their passphrase")
        self.add = QPushButton("&Add coordinator")
        self.add.clicked.connect(self.add_coordinator)
        self.message = MessageLabel("Add coordinator message")
        self.message.setWordWrap(True)
        self.added: list[str] = []
        self.name.textChanged.connect(self._update)
        self.passphrase.changed.connect(self._update)
        form = QFormLayout()
        form.addRow("Their na&me:", self.name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.add)
        layout.addWidget(self.message)
        self._update()

    def _update(self) -> None:
        self.add.setEnabled(bool(self.name.text().strip()) and self.passphrase.is_acceptable())

    def add_coordinator(self) -> None:
        name, phrase = self.name.text(), self.passphrase.passphrase()
        from coordinator_app.services.vault import vaults

        self.add.setEnabled(False)
        self.session.op(
            self, lambda vault, _: vaults.add_coordinator(vault, name, phrase), self._added
        ).failure(self._failed).with_progress("Adding the coordinator…", False).run()

    def _added(self, added: Coordinator) -> None:
        self.added.append(added.name)
        self.name.clear()
        self.passphrase.clear()
        self.message.setText(f"{added.name} can now open this vault with their own passphrase.")
        self.added_one.emit(added.name)

    def _failed(self, exc: BaseException) -> None:
        self._update()
        say_or_show(self.message, self, exc)
