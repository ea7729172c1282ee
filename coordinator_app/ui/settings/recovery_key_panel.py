"""Settings › Security: making a new recovery key, for a coordinator who lost the sheet or
never kept the key at set-up. The new key is shown once, as the wizard shows it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.ui.session.ops import Operation
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.recovery_key_view import RecoveryKeyView


def _wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class NewRecoveryKeyDialog(QDialog):
    """Asks first (the old key stops working), then shows the new key once."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Make a new recovery key")
        self.setAccessibleName("Make a new recovery key")
        self.explain = _wrapped(
            "A new recovery key replaces the old one: the old key, and every recovery sheet "
            "printed for it, will no longer open this vault. The new key is shown only once."
        )
        self.key = RecoveryKeyView()
        self.key.hide()
        self.save = QPushButton("&Save recovery sheet (PDF)…")
        self.save.hide()
        self.save.clicked.connect(self._save_sheet)
        self.message = _wrapped()
        self.message.setAccessibleName("Recovery key message")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.make = self.buttons.addButton(
            "&Make a new key", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.make_key)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.explain, self.key, self.save, self.message, self.buttons):
            layout.addWidget(widget)

    def make_key(self) -> None:
        self.make.setEnabled(False)
        from coordinator_app.services.vault import vaults

        self.session.op(self, lambda vault, _: vaults.new_recovery_key(vault), self._made).failure(
            self._failed
        ).with_progress("Making a new recovery key…", False).run()

    def _made(self, key: str) -> None:
        self.explain.setText(
            "Your new recovery key is below; the old one no longer opens this vault. Save the "
            "recovery sheet and print it, then give it to your trust's Information Governance "
            "lead to keep locked away, never with the laptop."
        )
        self.key.show_key(key)
        self.key.show()
        self.save.show()
        self.make.hide()
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        close.setText("&Close")
        self.key.label.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.make.setEnabled(True)
        say_or_show(self.message, self, exc)

    def _save_sheet(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save recovery sheet",
            str(Path.home() / "Coordinator recovery sheet.pdf"),
            "PDF (*.pdf)",
        )
        if path:
            self.write_sheet(Path(path))

    def write_sheet(self, path: Path) -> None:
        summary, key = self.session.summary, self.key.key
        if summary is None or not key:
            return
        made = self.session.clock.now()
        from coordinator_app.services.vault import sessions

        Operation(
            self,
            lambda _: sessions.save_recovery_sheet(
                path, summary.trust, summary.coordinator_name, summary.vault_id, key, made
            ),
            lambda _: self.message.setText(f"Saved as {path}. Print it now."),
        ).run()

    def done(self, result: int) -> None:
        self.key.clear()  # nothing of the key is left in the widgets once closed
        super().done(result)
