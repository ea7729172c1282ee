"""Settings › Who can open this vault: the coordinators (each with their own passphrase),
a new recovery key, re-keying the database, and the handover when a coordinator leaves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.settings.coordinator_form import AddCoordinatorForm
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fit import fit_to_content
from coordinator_app.ui.widgets.passphrase_fields import NewPassphraseFields, password_field
from coordinator_app.ui.widgets.recovery_key_dialog import RecoveryKeyDialog

if TYPE_CHECKING:
    from coordinator_app.services.vault.vaults import Coordinator, Rekeyed


class RekeyDialog(QDialog):
    """A new key for the database, for when a laptop or a passphrase may be lost."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_content(self)
        self.session = session
        self.result_: Rekeyed | None = None
        self.setWindowTitle("Re-key the database")
        self.setAccessibleName("Re-key the database")
        explain = QLabel(
            "Use this when a laptop, a copy of the vault or a passphrase may be lost. A "
            "backup is taken first; then the database gets a new key, so old copies of "
            "vault.key and old passphrases no longer open it. You choose a new passphrase; "
            "the other coordinators must be added again, and a new recovery key is made."
        )
        explain.setWordWrap(True)
        self.current = password_field("Current passphrase")
        self.new = NewPassphraseFields(self)
        self.message = MessageLabel("Re-key message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Re-key now")
        self.buttons.accepted.connect(self.rekey)
        self.buttons.rejected.connect(self.reject)
        self.current.textChanged.connect(self._update)
        self.new.changed.connect(self._update)
        form = QFormLayout()
        form.addRow("&Current passphrase:", self.current)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.new)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.current.text()) and self.new.is_acceptable())

    def rekey(self) -> None:
        current, new = self.current.text(), self.new.passphrase()
        self.setEnabled(False)
        from coordinator_app.services.vault import vaults

        self.session.op(
            self, lambda vault, progress: vaults.rekey(vault, current, new, progress), self._done
        ).failure(self._failed).with_progress("Re-keying the database…", False).run()

    def _done(self, done: Rekeyed) -> None:
        self.result_ = done
        self.current.clear()
        self.new.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        say_or_show(self.message, self, exc)


class KeysPanel(QGroupBox):
    def __init__(self, session: AppSession) -> None:
        super().__init__("Who can open this vault")
        self.session = session
        self.people = QListWidget()
        self.people.setAccessibleName("Coordinators")
        self.add_form = AddCoordinatorForm(session, self)
        self.add_form.added_one.connect(lambda _name: self.load())
        self.remove_button = QPushButton("&Remove the selected coordinator")
        self.remove_button.clicked.connect(self.remove_selected)
        self.recovery_button = QPushButton("Make a new re&covery key…")
        self.recovery_button.clicked.connect(self.new_recovery_key)
        self.rekey_button = QPushButton("Re-&key the database…")
        self.rekey_button.clicked.connect(self.open_rekey)
        self.handover_button = QPushButton("Handover when a coordinator leaves…")
        self.handover_button.clicked.connect(self.open_handover)
        self.message = MessageLabel("Coordinators message")
        self.message.setWordWrap(True)
        self.key_dialog: RecoveryKeyDialog | None = None
        row = QHBoxLayout()
        for button in (self.remove_button, self.recovery_button, self.rekey_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.people)
        layout.addLayout(row)
        layout.addWidget(self.handover_button)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("<b>Add a coordinator</b> (they type their own passphrase):"))
        layout.addWidget(self.add_form)
        session.unlocked.connect(self.load)

    def load(self) -> None:
        from coordinator_app.services.vault import vaults

        self.session.op(self, lambda vault, _: vaults.coordinators(vault), self._show).run()

    def _show(self, people: list[Coordinator]) -> None:
        self.people.clear()
        for person in people:
            self.people.addItem(f"{person.name}{'  (you)' if person.you else ''}")
            item = self.people.item(self.people.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, person.name)

    def remove_selected(self) -> None:
        item = self.people.currentItem()
        if item is None:
            self.message.setText("Choose the coordinator to remove in the list first.")
            return
        name = str(item.data(Qt.ItemDataRole.UserRole))
        from coordinator_app.services.vault import vaults

        self.session.op(
            self,
            lambda vault, _: vaults.remove_coordinator(vault, name),
            lambda _: self._removed(name),
        ).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def _removed(self, name: str) -> None:
        self.message.setText(
            f"{name} can no longer open this vault with their passphrase. If they may keep a "
            "copy of the vault, re-key the database too."
        )
        self.load()

    def new_recovery_key(self) -> None:
        from coordinator_app.services.vault import vaults

        self.session.op(
            self,
            lambda vault, _: vaults.new_recovery_key(vault),
            lambda key: self._show_key(key, "A new recovery key was made."),
        ).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def _show_key(self, key: str, why: str) -> None:
        self.key_dialog = RecoveryKeyDialog(
            self.session.summary, self.session.clock, key, why, self
        )
        self.key_dialog.open()

    def open_rekey(self) -> RekeyDialog:
        dialog = RekeyDialog(self.session, self)
        dialog.accepted.connect(lambda: self._rekeyed(dialog))
        dialog.open()
        return dialog

    def _rekeyed(self, dialog: RekeyDialog) -> None:
        done = dialog.result_
        if done is None:
            return
        again = f" Add again: {', '.join(done.removed)}." if done.removed else ""
        self.message.setText(f"The database has a new key; use your new passphrase.{again}")
        self.load()
        self._show_key(done.recovery_key, "The database was re-keyed.")

    def open_handover(self) -> QDialog:
        from coordinator_app.ui.settings.handover import HandoverWizard

        wizard = HandoverWizard(self.session, self)
        wizard.finished.connect(lambda _: self.load())
        wizard.open()
        return wizard

    def clear_personal_data(self) -> None:
        self.people.clear()
        self.message.clear()
