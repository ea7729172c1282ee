"""Settings: idle lock, folders, the coordinator's details, passphrase, key ids."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.settings import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES, Settings
from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fields import counted_suffix
from coordinator_app.ui.widgets.fit import fit_to_content
from coordinator_app.ui.widgets.passphrase_fields import NewPassphraseFields, password_field


class FolderField(QWidget):
    def __init__(self, accessible_name: str) -> None:
        super().__init__()
        self.edit = QLineEdit()
        self.edit.setAccessibleName(accessible_name)
        self.browse = QPushButton("Browse…")
        self.browse.setAccessibleName(f"Browse for the {accessible_name.lower()}")
        self.browse.clicked.connect(self._choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)
        self.setFocusProxy(self.edit)

    def _choose(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.edit.accessibleName(), self.edit.text()
        )
        if chosen:
            self.edit.setText(chosen)


class ChangePassphraseDialog(QDialog):
    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_content(self)
        self.session = session
        self.setWindowTitle("Change passphrase")
        self.setAccessibleName("Change passphrase")
        self.current = password_field("Current passphrase")
        self.new = NewPassphraseFields(self)
        self.message = MessageLabel("Change passphrase message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Change &passphrase")
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        self.new.changed.connect(self._update)
        self.current.textChanged.connect(self._update)
        form = QFormLayout()
        form.addRow("&Current passphrase:", self.current)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.new)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.current.text()) and self.new.is_acceptable())

    def change(self) -> None:
        if not self.session.is_unlocked:
            return
        current, new = self.current.text(), self.new.passphrase()
        self.setEnabled(False)
        from coordinator_app.services.vault import vaults

        self.session.op(
            self,
            lambda vault, _: vaults.change_passphrase(vault, current, new),
            lambda _: self.accept(),
        ).failure(self._failed).with_progress("Changing the passphrase…", False).run()

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        say_or_show(self.message, self, exc)


class SettingsPage(QWidget):
    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.session = session
        self.setAccessibleName("Settings")
        self.idle = QSpinBox()
        self.idle.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        counted_suffix(self.idle, "minute")
        self.idle.setAccessibleName("Lock after this many idle minutes")
        self.export_folder = FolderField("Default export folder")
        self.backup_folder = FolderField("Backup folder")
        # Said while the folder is typed or chosen: a backup beside the vault saves nothing
        # from a failed disk.
        self.backup_place = QLabel()
        self.backup_place.setWordWrap(True)
        self.backup_place.setAccessibleDescription("Where backups are kept")
        self.backup_folder.edit.textChanged.connect(self._say_backup_place)
        self.name = QLineEdit()
        self.name.setAccessibleName("Your name")
        self.email = QLineEdit()
        self.email.setAccessibleName("Your work email")
        self.message = MessageLabel("Settings message")
        self.message.setWordWrap(True)
        self.save = QPushButton("&Save settings")
        self.save.clicked.connect(self.save_settings)
        self.change_passphrase = QPushButton("Change &passphrase…")
        self.change_passphrase.clicked.connect(self.open_change_passphrase)
        self.vault_id = QLabel()
        self.vault_id.setAccessibleDescription("Vault id")
        self.vault_folder = QLabel()
        self.vault_folder.setWordWrap(True)

        general = QGroupBox("Working")
        form = QFormLayout(general)
        form.addRow("&Lock after idle:", self.idle)
        form.addRow("Default e&xport folder:", self.export_folder)
        form.addRow("&Backup folder:", self.backup_folder)
        form.addRow("", self.backup_place)
        form.addRow("Your &name:", self.name)
        form.addRow("Your work &email:", self.email)
        security = QGroupBox("Security")
        sec = QFormLayout(security)
        sec.addRow("Vault:", self.vault_folder)
        sec.addRow("Vault id:", self.vault_id)
        self.signing_key = QLabel()
        self.signing_key.setAccessibleDescription("Signing key id")
        self.signing_key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sec.addRow("Signing key id:", self.signing_key)
        sec.addRow("", self.change_passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(general)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.save)
        layout.addLayout(row)
        layout.addWidget(security)
        from coordinator_app.ui.settings.keys_panel import KeysPanel
        from coordinator_app.ui.settings.protection_panel import ProtectionPanel

        self.keys = KeysPanel(session)
        layout.addWidget(self.keys)

        self.protection = ProtectionPanel(session)
        from coordinator_app.ui.settings.encryption_panel import EncryptionPanel

        self.encryption = EncryptionPanel(session)
        layout.addWidget(self.encryption)
        layout.addWidget(self.protection, 1)
        session.unlocked.connect(self.load)
        if session.is_unlocked:  # built at the first unlock, after the signal went out
            self.load()
            self.keys.load()

    def load(self) -> None:
        s = self.session.settings
        self.idle.setValue(s.idle_lock_minutes)
        self.export_folder.edit.setText(s.export_folder)
        self.backup_folder.edit.setText(s.backup_folder)
        self._say_backup_place(s.backup_folder)
        self.email.setText(s.coordinator_email)
        self.name.setText(s.coordinator_name)
        if self.session.summary is not None:
            self.vault_id.setText(self.session.summary.vault_id)
            self.signing_key.setText(
                self.session.summary.signing_key_id
                or "none: the programme manager's vault signs no returns"
            )
            self.vault_folder.setText(str(self.session.summary.folder))
        self.message.clear()

    def _say_backup_place(self, folder: str) -> None:
        summary = self.session.summary
        if summary is None:
            self.backup_place.clear()
            return
        from coordinator_app.services.vault.backups import place_warning

        warning = place_warning(summary.folder, folder)
        self.backup_place.setText(f"⚠ {warning}" if warning else "")

    def form_settings(self) -> Settings:
        return replace(
            self.session.settings,
            idle_lock_minutes=self.idle.value(),
            export_folder=self.export_folder.edit.text().strip(),
            backup_folder=self.backup_folder.edit.text().strip(),
            coordinator_email=self.email.text().strip(),
            coordinator_name=self.name.text().strip(),
        )

    def save_current(self) -> None:
        self.save_settings()

    def save_settings(self) -> None:
        wanted = self.form_settings()
        from coordinator_app.services.vault import settings as settings_service

        self.session.op(
            self, lambda vault, _: settings_service.save_settings(vault, wanted), self._saved
        ).changes(Change.SETTINGS).failure(self._failed).run()

    def _saved(self, saved: Settings) -> None:
        self.session.apply_settings(saved)
        self.message.setText("Settings saved.")

    def _failed(self, exc: BaseException) -> None:
        say_or_show(self.message, self, exc)

    def open_change_passphrase(self) -> ChangePassphraseDialog:
        dialog = ChangePassphraseDialog(self.session, self)
        dialog.accepted.connect(lambda: self.message.setText("Your passphrase has been changed."))
        dialog.open()
        return dialog

    # --- DraftProvider ---------------------------------------------------------------------
    def draft_key(self) -> str:
        return "settings"

    def draft_payload(self) -> dict[str, Any] | None:
        if self.form_settings() == self.session.settings:
            return None
        f = self.form_settings()
        return {
            "idle_lock_minutes": f.idle_lock_minutes,
            "export_folder": f.export_folder,
            "backup_folder": f.backup_folder,
            "coordinator_email": f.coordinator_email,
            "coordinator_name": f.coordinator_name,
        }

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.load()
        self.idle.setValue(int(payload.get("idle_lock_minutes", self.idle.value())))
        self.export_folder.edit.setText(str(payload.get("export_folder", "")))
        self.backup_folder.edit.setText(str(payload.get("backup_folder", "")))
        self.email.setText(str(payload.get("coordinator_email", "")))
        self.name.setText(str(payload.get("coordinator_name", self.name.text())))
        self.message.setText("Your unsaved changes were kept while Coordinator was locked.")

    def clear_personal_data(self) -> None:
        for edit in (self.export_folder.edit, self.backup_folder.edit, self.email, self.name):
            edit.clear()
        self.vault_id.clear()
        self.vault_folder.clear()
        self.message.clear()
        self.protection.clear_personal_data()
        self.encryption.clear_personal_data()
        self.keys.clear_personal_data()
