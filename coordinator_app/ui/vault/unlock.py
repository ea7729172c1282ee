"""The unlock screen: passphrase, or the recovery key when it is forgotten. The key
derivation runs on the database thread, so the window never freezes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.errors import UserFacingError
from coordinator_app.ui.session.ops import Operation
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.announce import MessageLabel, selectable
from coordinator_app.ui.widgets.error_dialog import show_error
from coordinator_app.ui.widgets.fit import WrappedLabel, fits_placeholder
from coordinator_app.ui.widgets.passphrase_fields import (
    CapsLockWarning,
    NewPassphraseFields,
    make_bold,
    password_field,
)

if TYPE_CHECKING:
    from coordinator_app.services.vault.sessions import OpenedVault
    from coordinator_app.ui.widgets.recovery_key_dialog import RecoveryKeyDialog


class UnlockScreen(QWidget):
    opened = Signal()

    def __init__(self, session: AppSession, demo_passphrase: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.key_dialog: RecoveryKeyDialog | None = None
        self.setAccessibleName("Unlock Coordinator")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._passphrase_page(demo_passphrase))
        self.pages.addWidget(self._recovery_page())
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.pages, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    # --- pages ---------------------------------------------------------------------------
    def _passphrase_page(self, demo_passphrase: str | None) -> QWidget:
        page = QWidget()
        title = QLabel("<h1>Coordinator is locked</h1>")  # rich text, as Qt finds by itself
        self.where = selectable(QLabel(f"Vault: {self.session.folder}"))
        self.where.setWordWrap(True)
        self.passphrase = password_field("Passphrase")
        self.caps = CapsLockWarning(page)
        self.caps.watch(self.passphrase)
        self.message = MessageLabel("Unlock message", urgent=True)
        self.message.setWordWrap(True)
        make_bold(self.message)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        self.forgot_button = QPushButton("F&orgot passphrase?")
        self.forgot_button.setFlat(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.passphrase.returnPressed.connect(self.unlock)
        self.forgot_button.clicked.connect(lambda: self._show_page(1))
        form = QFormLayout()
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("", self.caps)
        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addWidget(self.where)
        if demo_passphrase:
            demo = selectable(
                QLabel(
                    "This is the <b>demo vault</b>: every person in it is made up. "
                    f"Its passphrase is: <b>{demo_passphrase}</b>"
                )
            )
            demo.setWordWrap(True)
            demo.setAccessibleDescription("Demo vault passphrase")
            layout.addWidget(demo)
        layout.addLayout(form)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.forgot_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        return page

    def _recovery_page(self) -> QWidget:
        page = QWidget()
        title = QLabel("<h2>Open with the recovery key</h2>")
        # Asks for its wrapped height: the stack of pages otherwise gives it one line's.
        explain = WrappedLabel()
        explain.setText(
            "Type the recovery key from the vault's printed recovery sheet (six groups of "
            "five letters and numbers), then choose a new passphrase."
        )
        self.recovery_key = QLineEdit()
        self.recovery_key.setAccessibleName("Recovery key")
        self.recovery_key.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.new_passphrase = NewPassphraseFields(page)
        self.recovery_message = MessageLabel("Recovery message", urgent=True)
        self.recovery_message.setWordWrap(True)
        self.recover_button = QPushButton("&Open and set new passphrase")
        self.back_button = QPushButton("&Back")
        self.recover_button.clicked.connect(self.recover)
        self.back_button.clicked.connect(lambda: self._show_page(0))
        self.new_passphrase.changed.connect(self._update_recover_button)
        self.recovery_key.textChanged.connect(self._update_recover_button)
        form = QFormLayout()
        form.addRow("&Recovery key:", self.recovery_key)
        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.new_passphrase)
        layout.addWidget(self.recovery_message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.recover_button)
        layout.addLayout(buttons)
        self._update_recover_button()
        return page

    def _show_page(self, index: int) -> None:
        if index == 1:
            # Sized as its page is first shown, not built: measuring asks Qt for the style,
            # whose enums would delay the first screen (ui/app/app.py).
            fits_placeholder(self.recovery_key)
        self.pages.setCurrentIndex(index)
        (self.passphrase if index == 0 else self.recovery_key).setFocus()

    def _update_recover_button(self) -> None:
        self.recover_button.setEnabled(
            bool(self.recovery_key.text().strip()) and self.new_passphrase.is_acceptable()
        )

    # --- actions -------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to an empty passphrase field (after locking)."""
        self.passphrase.clear()
        self.recovery_key.clear()
        self.new_passphrase.clear()
        self.message.clear()
        self.recovery_message.clear()
        self._show_page(0)

    def unlock(self) -> None:
        typed = self.passphrase.text()
        if not typed:
            self.message.setText("Type your passphrase first.")
            return
        self._busy(True, self.unlock_button, "Unlocking…")
        folder, clock = self.session.folder, self.session.clock
        from coordinator_app.services.vault import sessions

        Operation(
            self, lambda _: sessions.open_with_passphrase(folder, typed, clock), self._opened
        ).failure(lambda exc: self._failed(exc, self.message)).run()

    def recover(self) -> None:
        typed, new = self.recovery_key.text(), self.new_passphrase.passphrase()
        self._busy(True, self.recover_button, "Opening…")
        folder, clock = self.session.folder, self.session.clock
        from coordinator_app.services.vault import sessions

        Operation(
            self,
            lambda _: sessions.open_with_recovery_key(folder, typed, new, clock),
            self._opened,
        ).failure(lambda exc: self._failed(exc, self.recovery_message)).run()

    def _busy(self, busy: bool, button: QPushButton, text: str = "") -> None:
        self.pages.setEnabled(not busy)
        if busy:
            button.setProperty("idle_text", button.text())
            button.setText(text)
        elif button.property("idle_text"):
            button.setText(str(button.property("idle_text")))

    def _opened(self, opened: OpenedVault) -> None:
        self._busy(False, self.unlock_button)
        self._busy(False, self.recover_button)
        self.reset()
        self.session.start(opened)
        self.opened.emit()
        if opened.new_recovery_key:  # the one just used no longer works
            from coordinator_app.ui.widgets.recovery_key_dialog import RecoveryKeyDialog

            self.key_dialog = RecoveryKeyDialog(
                self.session.summary,
                self.session.clock,
                opened.new_recovery_key,
                "The recovery key you used has done its job.",
                self.window(),
            )
            self.key_dialog.open()

    def _failed(self, exc: BaseException, where: QLabel) -> None:
        self._busy(False, self.unlock_button)
        self._busy(False, self.recover_button)
        if not isinstance(exc, UserFacingError):
            show_error(self, exc)
            return
        where.setText(exc.sentence())
        if where is self.message:
            self.passphrase.selectAll()
            self.passphrase.setFocus()
