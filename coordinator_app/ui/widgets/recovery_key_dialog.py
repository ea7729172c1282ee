"""A new recovery key, shown once: after the old one was used, replaced, or the database
re-keyed. It is never stored; the sheet can be saved as a PDF to print."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from coordinator_app.domain.clock import Clock
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.choosers import SaveChooser, choose_save_file
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fit import fit_to_content
from coordinator_app.ui.widgets.recovery_key_view import RecoveryKeyView

if TYPE_CHECKING:
    from coordinator_app.services.vault.vaults import VaultSummary


class RecoveryKeyDialog(QDialog):
    # The key exists nowhere else: a lock hides the dialog and the next unlock shows it again.
    reshow_after_unlock = True

    def __init__(
        self,
        summary: VaultSummary | None,
        clock: Clock,
        key: str,
        why: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_to_content(self)
        self._summary, self._clock = summary, clock
        self._key = key
        self.save_file: SaveChooser = choose_save_file
        self.setWindowTitle("New recovery key")
        self.setAccessibleName("New recovery key")
        explain = QLabel(
            f"{why} The old recovery key no longer works. Write this one down or save the "
            "sheet and print it, then give it to your Information Governance lead to lock "
            "away. It is shown only this once."
        )
        explain.setWordWrap(True)
        # The whole key at any size, wrapped between groups, selectable, with a copy button.
        self.key = RecoveryKeyView()
        self.key.show_key(key)
        self.message = MessageLabel("Recovery sheet message")
        self.message.setWordWrap(True)
        self.save_sheet = QPushButton("&Save the recovery sheet (PDF)…")
        self.save_sheet.clicked.connect(self._save_sheet)
        buttons = QDialogButtonBox()
        done = buttons.addButton("I have &kept it safe", QDialogButtonBox.ButtonRole.AcceptRole)
        done.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.key)
        layout.addWidget(self.save_sheet)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _save_sheet(self) -> None:
        summary = self._summary
        path = self.save_file(self, "Save the recovery sheet", "recovery-sheet.pdf", "PDF (*.pdf)")
        if path is None or summary is None:
            return
        from coordinator_app.services.vault import sessions

        try:
            sessions.save_recovery_sheet(
                path,
                summary.trust,
                summary.coordinator_name,
                summary.vault_id,
                self._key,
                self._clock.now(),
            )
        except OSError as exc:
            say_or_show(self.message, self, exc)
            return
        self.message.setText(f"Saved {path}: print it, then delete the file.")

    def done(self, result: int) -> None:
        # The key leaves the screen with the dialog.
        self.key.clear()
        self._key = ""
        super().done(result)
