"""What the Returns screen says once a return is signed: in plain words what was made and
how to send it, the folder opened or the file's path copied in one click. The technical
proof (manifest SHA-256, key id, UTC time) is kept under Details, for whoever checks it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.dates import period_name

if TYPE_CHECKING:
    from coordinator_app.services.returns.returns import BuiltReturn, ExportRecord

SEND_SECURELY = (
    "Send this file to the Helpforce programme manager by secure email (NHSmail to NHSmail), "
    "as an attachment, unchanged and not renamed."
)


def what_to_send(built: BuiltReturn) -> str:
    """The plain sentences said after signing: what was made, where, and how to send it."""
    record, path = built.record, built.path
    made = (
        f"Return {record.sequence} for {period_name(record.period_label)} is signed and saved "
        f"as {path.name} in {path.parent}."
    )
    if built.encrypted_to:
        sealed = (
            "It is encrypted for the programme manager: only they can open it, so it is safe "
            "to send."
        )
        return f"{made} {sealed} {SEND_SECURELY}"
    plain = (
        "It is not encrypted: anyone who gets the file can read its rows, which are "
        "pseudonymised but still personal data. Send it only by a route your trust approves "
        "for personal data (NHSmail to NHSmail), never by ordinary email, as an attachment, "
        "unchanged and not renamed."
    )
    return f"{made} {plain}"


def details_of(record: ExportRecord, key_text: str = "") -> str:
    """The proof a programme manager or an auditor may ask for, under Details."""
    lines = [
        f"Return {record.sequence}, {record.period_label}, signed {record.created_at} (UTC).",
        f"Manifest SHA-256: {record.manifest_sha256}",
        f"Signed with key id: {record.key_id}",
    ]
    if record.supersedes:
        lines.append(f"Corrects return {record.supersedes}.")
    return "\n".join([*lines, key_text] if key_text else lines)


class SignedPanel(QGroupBox):
    """Hidden until a return is signed; cleared on lock."""

    def __init__(self) -> None:
        super().__init__("Signed: ready to send")
        self.path: Path | None = None
        # Announced as it appears: what was made and how to send it is the news.
        self.said = MessageLabel("What to send")
        self.said.setWordWrap(True)
        self.said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder = QPushButton("Open f&older")
        self.open_folder.setToolTip("Show the folder the return was saved in")
        self.open_folder.clicked.connect(self.open_the_folder)
        self.copy_path = QPushButton("Copy pa&th")
        self.copy_path.setToolTip("Copy the return's file path, to attach it to an email")
        self.copy_path.clicked.connect(self.copy_the_path)
        self.done = MessageLabel("Copied")
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder)
        buttons.addWidget(self.copy_path)
        buttons.addWidget(self.done)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.said)
        layout.addLayout(buttons)
        self.hide()

    def show_built(self, built: BuiltReturn) -> None:
        self.path = built.path
        self.said.setText(what_to_send(built))
        self.done.clear()
        self.show()

    def open_the_folder(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))

    def copy_the_path(self) -> None:
        if self.path is not None:
            QGuiApplication.clipboard().setText(str(self.path))
            self.done.setText("Path copied: paste it in the email's Attach box.")

    def clear(self) -> None:
        self.path = None
        self.said.clear()
        self.done.clear()
        self.hide()
