"""Settings › Encryption of returns. A coordinator registers the programme manager's age
recipient (its file, or the `age1…` text) after checking the fingerprint by phone; the
programme manager sees their own recipient, saves its file and sheet, and rotates it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.trusts import PROGRAMME
from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.choosers import Chooser, choose_folder, documents
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table

if TYPE_CHECKING:
    from coordinator_app.services.returns.recipients import Registered
    from coordinator_app.services.vault.age_identity import ProgrammeRecipient

Confirm = Callable[[QWidget, str], bool]


def choose_recipient_file(parent: QWidget, title: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, documents(), "Recipient (*.txt)")
    return Path(chosen) if chosen else None


def confirm(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, "Encryption of returns", question)
    return answer == QMessageBox.StandardButton.Yes


def _cells(found: Registered) -> tuple[str, ...]:
    return found.recipient, found.fingerprint, found.added_at.replace("T", " ")


class EncryptionPanel(QGroupBox):
    def __init__(
        self,
        session: AppSession,
        files: Chooser = choose_recipient_file,
        folders: Chooser = choose_folder,
        asks: Confirm = confirm,
    ) -> None:
        super().__init__("Encryption of returns")
        self.session, self.files, self.folders, self.asks = session, files, folders, asks
        self.setAccessibleName("Encryption of returns")
        self.message = MessageLabel("Encryption message")
        self.message.setWordWrap(True)
        # A coordinator: the recipients returns are encrypted to.
        self.registered: RecordsModel[Registered] = RecordsModel(
            ("Recipient", "Fingerprint", "Registered"), _cells
        )
        self.table = records_table("Recipients", self.registered, stretch=0)
        self.typed = QLineEdit()
        self.typed.setAccessibleName("Recipient to register (age1…)")
        self.typed.setPlaceholderText("age1…")
        self.add_button = QPushButton("Re&gister")
        self.add_button.clicked.connect(lambda: self.add(self.typed.text()))
        self.file_button = QPushButton("Register from the f&ile…")
        self.file_button.clicked.connect(self.add_from_file)
        self.remove_button = QPushButton("Remove the chosen recipient")
        self.remove_button.clicked.connect(self.remove)
        # The programme manager: their own recipient.
        self.own = QLabel()
        self.own.setWordWrap(True)
        self.own.setAccessibleDescription("Your recipient")
        self.own.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton("Save the rec&ipient file and sheet…")
        self.save_button.clicked.connect(self.save_files)
        self.rotate_button = QPushButton("Rotate the i&dentity…")
        self.rotate_button.clicked.connect(self.rotate)

        self.coordinator_box = QWidget()
        mine = QVBoxLayout(self.coordinator_box)
        mine.setContentsMargins(0, 0, 0, 0)
        mine.addWidget(
            QLabel(
                "Returns are encrypted so that only the programme manager can open them. "
                "Register their recipient once, after they read you its fingerprint."
            )
        )
        mine.addWidget(self.table)
        row = QHBoxLayout()
        row.addWidget(self.typed, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.file_button)
        row.addWidget(self.remove_button)
        mine.addLayout(row)
        self.programme_box = QWidget()
        theirs = QVBoxLayout(self.programme_box)
        theirs.setContentsMargins(0, 0, 0, 0)
        theirs.addWidget(self.own)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.rotate_button)
        buttons.addStretch(1)
        theirs.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.coordinator_box)
        layout.addWidget(self.programme_box)
        layout.addWidget(self.message)
        session.unlocked.connect(self.refresh)
        if session.is_unlocked:
            self.refresh()

    def is_programme(self) -> bool:
        summary = self.session.summary
        return summary is not None and summary.trust.code == PROGRAMME.code

    def refresh(self) -> None:
        manager = self.is_programme()
        self.coordinator_box.setVisible(not manager)
        self.programme_box.setVisible(manager)
        if manager:
            from coordinator_app.services.vault import age_identity

            self.session.op(
                self, lambda vault, _: age_identity.recipient(vault), self._show_own
            ).run()
            return
        from coordinator_app.services.returns import recipients

        self.session.op(
            self, lambda vault, _: recipients.registered(vault), self.registered.set_records
        ).run()

    def _show_own(self, found: ProgrammeRecipient) -> None:
        self.own.setText(
            f"Your recipient: {found.current.recipient}\n"
            f"Fingerprint to read to coordinators: {found.current.fingerprint}\n"
            f"{len(found.retired)} earlier identities are kept to open older returns."
        )

    def add_from_file(self) -> None:
        path = self.files(self, "Choose the programme manager's programme-recipient.txt")
        if path is not None:
            self.add(str(path))

    def add(self, source: str) -> None:
        if not source.strip():
            self.message.setText("Type the recipient (age1…) or register it from its file.")
            return
        from coordinator_app.services.returns import recipients

        self.session.op(self, lambda vault, _: recipients.add(vault, source), self._added).changes(
            Change.KEYS
        ).failure(self._failed).run()

    def _added(self, new: list[Registered]) -> None:
        self.typed.clear()
        self.message.setText(
            "\n".join(
                f"Registered {r.recipient}. Check its fingerprint {r.fingerprint} with the "
                "programme manager by phone."
                for r in new
            )
            or "That recipient was already registered."
        )
        self.refresh()

    def remove(self) -> None:
        chosen = self.registered.record(self.table.currentIndex())
        if chosen is None:
            self.message.setText("Choose a recipient in the list first.")
            return
        from coordinator_app.services.returns import recipients

        self.session.op(
            self, lambda vault, _: recipients.remove(vault, chosen.recipient), self._removed
        ).changes(Change.KEYS).failure(self._failed).run()

    def _removed(self, _: object) -> None:
        self.message.setText("Removed: returns are no longer encrypted to that recipient.")
        self.refresh()

    def save_files(self) -> None:
        folder = self.folders(self, "Where should the recipient file and sheet be saved?")
        if folder is None:
            return
        from coordinator_app.services.vault import age_identity

        self.session.op(
            self,
            lambda vault, _: age_identity.write_recipient_files(vault, folder),
            lambda paths: self.message.setText(
                f"Saved {paths[0]} and {paths[1]}: send both to the coordinators."
            ),
        ).failure(self._failed).run()

    def rotate(self) -> None:
        if not self.asks(
            self,
            "Make a new identity? Coordinators must then register the new recipient; returns "
            "already encrypted to the old one still open here.",
        ):
            return
        from coordinator_app.services.vault import age_identity

        self.session.op(self, lambda vault, _: age_identity.rotate(vault), self._rotated).changes(
            Change.KEYS
        ).failure(self._failed).run()

    def _rotated(self, found: ProgrammeRecipient) -> None:
        self._show_own(found)
        self.message.setText(
            "New identity made. Save the recipient file and sheet and send them to every "
            "coordinator; returns already sent still open."
        )

    def _failed(self, exc: BaseException) -> None:
        say_or_show(self.message, self, exc)

    def clear_personal_data(self) -> None:
        self.registered.set_records([])
        self.own.clear()
        self.message.clear()
