"""First run: trust, coordinator, passphrase, then the recovery key, saved as a sheet and
its last group typed back before going on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from coordinator_app.domain import recovery_key
from coordinator_app.domain.clock import Clock
from coordinator_app.domain.errors import UserFacingError
from coordinator_app.domain.trusts import all_trusts
from coordinator_app.ui.session.ops import Operation
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.error_dialog import show_error
from coordinator_app.ui.widgets.fit import fit_now, fit_to_content
from coordinator_app.ui.widgets.passphrase_fields import NewPassphraseFields
from coordinator_app.ui.widgets.recovery_key_view import RecoveryKeyView

if TYPE_CHECKING:
    from coordinator_app.services.vault.age_identity import ProgrammeRecipient
    from coordinator_app.services.vault.vaults import KdfParams, NewVault, Vault


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _message(what: str) -> QLabel:
    """A line saying what came of an action (saved, wrong group): shown and announced."""
    label = MessageLabel(what)
    label.setWordWrap(True)
    return label


class RolePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Welcome to Coordinator")
        self.setSubTitle("Coordinator keeps your programme records encrypted on this laptop.")
        self.coordinator = QRadioButton("I am a trust's volunteer &coordinator")
        self.coordinator.setChecked(True)
        self.manager = QRadioButton("I am Helpforce's &programme manager")
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped("How will you use Coordinator on this computer?"))
        layout.addWidget(self.coordinator)
        layout.addWidget(self.manager)
        layout.addWidget(
            _wrapped(
                "A coordinator records volunteers, shifts and support plans and sends signed "
                "returns. The programme manager checks the trusts' returns and combines them."
            )
        )
        layout.addStretch(1)

    @property
    def kind(self) -> str:
        return "programme" if self.manager.isChecked() else "coordinator"


class QuietComboBox(QComboBox):
    """Changes only when it has the focus: a wheel turned over it while scrolling the page
    leaves the choice alone."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt API)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class TrustPage(QWizardPage):
    def __init__(self, role: RolePage) -> None:
        super().__init__()
        self.role = role
        self.trust = QuietComboBox()
        self.trust.setAccessibleName("Trust")
        for trust in all_trusts():
            self.trust.addItem(trust.full_name, trust.code)
        self.name = QLineEdit()
        self.name.setAccessibleName("Your name")
        self.name.setMaxLength(200)
        self.name.textChanged.connect(self.completeChanged)
        form = QFormLayout(self)
        form.addRow("&Trust:", self.trust)
        form.addRow("Your na&me:", self.name)
        self.form = form

    def initializePage(self) -> None:  # noqa: N802 (Qt API)
        # The name first in the focus chain (set here: joining the wizard rebuilt the chain):
        # the wizard gives the focus to the page's first field, and a name typed into the
        # trust list would pick another trust unseen.
        QWidget.setTabOrder(self.name, self.trust)
        # The programme manager belongs to Helpforce, not to a trust.
        manager = self.role.kind == "programme"
        self.form.setRowVisible(self.trust, not manager)
        self.setTitle("Your name" if manager else "Your trust and your name")
        self.setSubTitle(
            "It goes on the recovery sheet."
            if manager
            else "These go on the recovery sheet and, later, on your returns."
        )

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return bool(self.name.text().strip())


class PassphrasePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Choose a passphrase")
        self.setSubTitle("You will type it each time you unlock.")
        # In the page, not the subtitle: the wizard's header has room for two lines only.
        advice = QLabel(
            "At least 12 characters. Three random words you will remember work well, for "
            "example 'violet tractor mango'."
        )
        advice.setWordWrap(True)
        self.fields = NewPassphraseFields(self, "Passphrase")
        self.fields.changed.connect(self.completeChanged)
        # Next creates the vault: past it there is no way back to change these pages.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Create vault")
        layout = QVBoxLayout(self)
        layout.addWidget(advice)
        layout.addWidget(self.fields)
        layout.addStretch(1)

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return self.fields.is_acceptable()


class RecoveryKeyPage(QWizardPage):
    """Creates the vault when shown (the slow part runs on the database thread)."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Your recovery key")
        self.setSubTitle(
            "If you forget your passphrase, this key is the only way back into your records. "
            "It is shown only now."
        )
        self.status = _wrapped("Creating your encrypted vault…")
        self.key = RecoveryKeyView()
        self.save = QPushButton("&Save recovery sheet (PDF)…")
        self.save.setEnabled(False)
        self.save.clicked.connect(self._save_sheet)
        self.saved = _message("Recovery sheet")
        # The programme manager's vault holds the age identity returns are encrypted to.
        self.recipient = _wrapped("")
        self.recipient.setAccessibleDescription("Your recipient")
        self.recipient.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recipient.setVisible(False)  # a blank stop for a screen reader until it has text
        self.save_recipient = QPushButton("Save the &recipient file and sheet for coordinators…")
        self.save_recipient.clicked.connect(self._save_recipient)
        self.save_recipient.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.key)
        layout.addWidget(
            _wrapped(
                "Save the recovery sheet and print it, then give it to your trust's Information "
                "Governance lead to keep locked away, never with the laptop."
            )
        )
        layout.addWidget(self.save)
        layout.addWidget(self.saved)
        layout.addWidget(self.recipient)
        layout.addWidget(self.save_recipient)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 (Qt API)
        if self._wizard.created is None:
            self._wizard.create_vault()

    def show_key(self, created: NewVault) -> None:
        self.status.setText("Your vault is ready. Your recovery key is:")
        self.key.show_key(created.recovery_key)
        self.save.setEnabled(True)
        self.completeChanged.emit()
        # The progress dialog took the focus with it: Enter and Tab work here again.
        self.window().activateWindow()
        self.key.label.setFocus()
        QTimer.singleShot(0, self._make_room)

    def _make_room(self) -> None:
        """Wrapped lines are not in the wizard's minimum size: with a large font the
        window would squeeze the key's second line under the button; it grows instead."""
        fit_now(self.window())

    def show_recipient(self, found: ProgrammeRecipient) -> None:
        self.recipient.setText(
            f"Coordinators encrypt their returns to your recipient {found.current.recipient}. "
            f"Its fingerprint, to read to them by phone: {found.current.fingerprint}"
        )
        self.recipient.setVisible(True)
        self.save_recipient.setVisible(True)

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return self._wizard.created is not None

    def _save_recipient(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Save the recipient file and sheet")
        if chosen:
            self.write_recipient_files(Path(chosen))

    def write_recipient_files(self, folder: Path) -> None:
        vault = self._wizard.vault
        assert vault is not None
        from coordinator_app.services.vault import age_identity

        Operation(
            self,
            lambda _: age_identity.write_recipient_files(vault, folder),
            lambda paths: self.saved.setText(
                f"Saved {paths[0]} and {paths[1]}: send both to the coordinators."
            ),
        ).run()

    def _save_sheet(self) -> None:
        created = self._wizard.created
        if created is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save recovery sheet",
            str(Path.home() / "Coordinator recovery sheet.pdf"),
            "PDF (*.pdf)",
        )
        if path:
            self.write_sheet(Path(path))

    def write_sheet(self, path: Path) -> None:
        created = self._wizard.created
        assert created is not None
        s, made = created.summary, self._wizard.clock.now()
        from coordinator_app.services.vault import sessions

        Operation(
            self,
            lambda _: sessions.save_recovery_sheet(
                path, s.trust, s.coordinator_name, s.vault_id, created.recovery_key, made
            ),
            lambda _: self.saved.setText(f"Saved as {path}. Print it now."),
        ).run()


class ConfirmKeyPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Check you have the key")
        self.setSubTitle("Type the last group of five characters of your recovery key.")
        self.last_group = QLineEdit()
        self.last_group.setAccessibleName("Last group of the recovery key")
        self.last_group.setMaxLength(5)
        self.last_group.textChanged.connect(self.completeChanged)
        self.hint = _message("Last group check")
        form = QFormLayout(self)
        form.addRow("&Last group:", self.last_group)
        form.addRow("", self.hint)

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        created = self._wizard.created
        typed = self.last_group.text().strip()
        if created is None or len(typed) < 5:
            self.hint.setText("")
            return False
        try:
            matches = (
                recovery_key.normalise(created.recovery_key[:-5] + typed) == created.recovery_key
            )
        except UserFacingError:
            matches = False
        self.hint.setText("" if matches else "That is not the last group. Look at the key again.")
        return matches


class FirstRunWizard(QWizard):
    def __init__(self, folder: Path, clock: Clock, kdf: KdfParams | None = None) -> None:
        super().__init__()
        fit_to_content(self)
        self.folder, self.clock = folder, clock
        self._kdf = kdf
        self.created: NewVault | None = None
        self.vault: Vault | None = None
        self.leave_box: QMessageBox | None = None
        self.setWindowTitle("Set up Coordinator")
        self.setAccessibleName("Set up Coordinator")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.role_page = RolePage()
        self.trust_page = TrustPage(self.role_page)
        self.passphrase_page = PassphrasePage()
        self.key_page = RecoveryKeyPage(self)
        self.confirm_page = ConfirmKeyPage(self)
        for page in (
            self.role_page,
            self.trust_page,
            self.passphrase_page,
            self.key_page,
            self.confirm_page,
        ):
            self.addPage(page)

    def create_vault(self) -> None:
        folder, kdf, clock = self.folder, self._kdf, self.clock
        code = str(self.trust_page.trust.currentData())
        name = self.trust_page.name.text()
        phrase = self.passphrase_page.fields.passphrase()
        kind = self.role_page.kind
        from coordinator_app.services.vault import vaults

        Operation(
            self,
            lambda _: vaults.create_vault(
                folder, code, name, phrase, kdf=kdf, kind=kind, clock=clock
            ),
            self._created,
        ).failure(self._failed).with_progress("Creating your encrypted vault…", False).run()

    def _created(self, result: tuple[Vault, NewVault]) -> None:
        self.vault, self.created = result
        self.passphrase_page.fields.clear()
        self.key_page.show_key(self.created)
        if self.role_page.kind == "programme":
            from coordinator_app.services.vault import age_identity

            vault = self.vault
            Operation(
                self, lambda _: age_identity.recipient(vault), self.key_page.show_recipient
            ).run()

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc)
        self.back()

    def reject(self) -> None:
        """Esc or the close button: before the vault exists nothing is lost; after, say so."""
        if self.created is None or self.leave_box is not None:
            super().reject()
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Leave set-up?",
            "Your vault has been created, and Coordinator will open it. The recovery key is "
            "shown only on this page: if you have not saved the recovery sheet or written the "
            "key down, stay and do it now, or make a new key later in Settings › Security.",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        stay = box.addButton("&Stay and keep the key", QMessageBox.ButtonRole.RejectRole)
        box.addButton("&Leave set-up", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.finished.connect(lambda _: self._leave_answered(box.clickedButton() is not stay))
        self.leave_box = box
        box.open()

    def _leave_answered(self, leave: bool) -> None:
        self.leave_box = None
        if leave:
            super().reject()
