"""Passphrase entry shared by the first-run wizard, recovery and Settings: plain feedback
while typing (NCSC rules) and a Caps Lock warning."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from coordinator_app.domain.passphrase_policy import assess
from coordinator_app.ui.widgets.announce import announce


class CapsLockWarning(QLabel):
    """Shown when typed letters come out in the opposite case to the Shift key: Qt has no
    portable Caps Lock query, but this is what Caps Lock does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Caps Lock seems to be on.", parent)
        self.setAccessibleDescription("Caps Lock warning")
        make_bold(self)
        self.hide()

    def watch(self, field: QLineEdit) -> None:
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            if len(text) == 1 and text.isalpha() and text.lower() != text.upper():
                # Not at the top: no Qt enums before the first screen (ui/app/app.py).
                from PySide6.QtCore import Qt

                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                caps_on = text.isupper() != shift
                if caps_on and self.isHidden():
                    announce(self, self.text())  # heard while typing, not only seen
                self.setVisible(caps_on)
        return False


def make_bold(label: QLabel) -> None:
    """Bold through the font, not a style sheet: a style sheet makes Qt build a slower style
    for the widget, which delays the first screen."""
    font = label.font()
    font.setBold(True)
    label.setFont(font)


def password_field(accessible_name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    field.setMinimumWidth(280)
    return field


class NewPassphraseFields(QWidget):
    """A new passphrase typed twice, with feedback under it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, label: str = "New passphrase") -> None:
        super().__init__(parent)
        self.first = password_field(label)
        self.confirm = password_field("Type the passphrase again")
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleDescription("Passphrase feedback")
        self.caps = CapsLockWarning(self)
        self.caps.watch(self.first)
        self.caps.watch(self.confirm)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(f"&{label}:", self.first)
        form.addRow("", self.feedback)
        form.addRow("T&ype it again:", self.confirm)
        form.addRow("", self.caps)
        self.first.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self._update()

    def passphrase(self) -> str:
        return self.first.text()

    def is_acceptable(self) -> bool:
        return assess(self.first.text()).acceptable and self.first.text() == self.confirm.text()

    def clear(self) -> None:
        self.first.clear()
        self.confirm.clear()

    def _update(self) -> None:
        verdict = assess(self.first.text())
        message = verdict.feedback
        if verdict.acceptable and self.confirm.text() and self.confirm.text() != self.first.text():
            message = "The two passphrases are different."
        elif verdict.acceptable and not self.confirm.text():
            message += " Now type it again below."
        self.feedback.setText(message)
        self.changed.emit()
