"""Settings › Backups and audit: back up now (to this laptop and the second folder), restore
a backup into a new vault folder, and the audit trail with a filter and its chain check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.wording import counted
from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.ops import Operation
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.choosers import Chooser, choose_folder, documents
from coordinator_app.ui.widgets.dates import uk_date_time
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fields import line
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table

if TYPE_CHECKING:
    from coordinator_app.services.vault.audit_view import AuditLine, AuditView
    from coordinator_app.services.vault.backups import BackupInfo, BackupMade


def _audit_cells(line: AuditLine) -> tuple[str, ...]:
    when = line.at[:19].replace("T", " ")
    return when, line.actor, line.action.replace("_", " "), _readable(line)


def _readable(line: AuditLine) -> str:
    """The detail as "failed attempts before: 0, with: passphrase": stored as compact JSON it
    is one long word, which a narrow column (a large font) cuts short instead of wrapping."""
    try:
        detail = json.loads(line.detail)
    except ValueError:
        return line.detail
    if not isinstance(detail, dict):
        return line.detail
    return ", ".join(
        f"{key.replace('_', ' ')}: {value if isinstance(value, str) else json.dumps(value)}"
        for key, value in detail.items()
    )


def choose_backup(parent: QWidget, title: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, documents(), "Backups (*.cvbackup)")
    return Path(chosen) if chosen else None


def ask_passphrase(parent: QWidget) -> str | None:
    text, ok = QInputDialog.getText(
        parent,
        "Restore a backup",
        "The passphrase the vault had when the backup was taken (or its recovery key):",
        QLineEdit.EchoMode.Password,
    )
    return text if ok and text else None


class ProtectionPanel(QGroupBox):
    def __init__(self, session: AppSession) -> None:
        super().__init__("Backups and audit trail")
        self.session = session
        self.files: Chooser = choose_backup
        self.folders: Chooser = choose_folder
        self.passphrase = ask_passphrase
        self.backup_button = QPushButton("Back &up now")
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button = QPushButton("Restore a backup into a ne&w folder…")
        self.restore_button.clicked.connect(self.restore)
        self.filter = line("Audit filter", "what was done, a code, or who")
        self.filter.returnPressed.connect(self.show_audit)
        self.filter_button = QPushButton("Sh&ow")
        self.filter_button.clicked.connect(self.show_audit)
        self.audit: RecordsModel[AuditLine] = RecordsModel(
            ("When (UTC)", "Who", "What", "Detail"), _audit_cells
        )
        self.chain = QLabel()
        self.chain.setWordWrap(True)
        self.chain.setAccessibleDescription("Audit chain check")
        self.message = MessageLabel("Backup message")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.filter_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addLayout(filters)
        layout.addWidget(records_table("Audit trail", self.audit, stretch=3), 1)
        layout.addWidget(self.chain)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.show_audit()  # what was done elsewhere since, listed when the panel shows

    def back_up(self) -> None:
        from coordinator_app.services.vault import backups

        second = self.session.settings.backup_folder
        folders = [backups.default_folder()] + ([Path(second)] if second.strip() else [])
        self.session.op(
            self, lambda vault, _: backups.backup(vault, folders, rotate=True), self._backed_up
        ).changes(Change.BACKUPS).failure(
            lambda exc: say_or_show(self.message, self, exc)
        ).with_progress("Writing and checking the backup…", False).run()

    def _backed_up(self, made: BackupMade) -> None:
        where = " and ".join(str(p.parent) for p in made.paths)
        warned = f" ⚠ {made.warning}" if made.warning else ""
        self.message.setText(f"Backup written and checked in {where}.{warned}")
        self.show_audit()

    def restore(self) -> None:
        source = self.files(self, "Choose the backup to restore")
        if source is None:
            return
        folder = self.folders(self, "Choose where the restored vault goes (a new folder is made)")
        phrase = self.passphrase(self) if folder is not None else None
        if folder is None or phrase is None:
            return
        from coordinator_app.services.vault import backups

        target, clock = folder / f"restored-{source.stem}", self.session.clock
        Operation(
            self,
            lambda _: backups.restore(source, target, phrase, clock),
            lambda info: self._restored(info, target),
        ).failure(lambda exc: say_or_show(self.message, self, exc)).with_progress(
            "Checking and restoring the backup…", False
        ).run()

    def _restored(self, info: BackupInfo, target: Path) -> None:
        self.message.setText(
            f"The backup of {uk_date_time(info.taken_at)} UTC is restored, checked, in "
            f"{target}. Nothing else was changed; open it with: coordinator --vault '{target}'."
        )

    def show_audit(self) -> None:
        from coordinator_app.services.vault import audit_view

        text = self.filter.text()
        self.session.op(self, lambda vault, _: audit_view.entries(vault, text), self._shown).run()

    def _shown(self, view: AuditView) -> None:
        self.audit.set_records(view.lines)
        if view.first_broken_id is not None:
            self.chain.setText(f"⚠ The audit trail was altered at entry {view.first_broken_id}.")
        elif view.faults:
            said = "; ".join(view.faults)
            self.chain.setText(f"⚠ {said[:1].upper()}{said[1:]}.")
        else:
            self.chain.setText(f"Audit trail: {counted(view.entries, 'entry')}, chain intact.")

    def clear_personal_data(self) -> None:
        self.audit.set_records([])
        self.message.clear()
        self.chain.clear()
