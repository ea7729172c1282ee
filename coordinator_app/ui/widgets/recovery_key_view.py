"""A recovery key shown whole at any window size or font size: large monospace groups that
wrap between groups (never inside one), selectable, with a button copying it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from coordinator_app.domain.recovery_key import GROUP
from coordinator_app.ui.widgets.announce import MessageLabel

# Spaces between groups and none inside one: a line breaks only between groups.
_BETWEEN_GROUPS = "   "


class RecoveryKeyView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key = ""
        self.label = QLabel()
        self.label.setAccessibleDescription("Recovery key")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        font = QFont("Monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setPointSizeF(self.font().pointSizeF() * 1.6)
        font.setBold(True)
        self.label.setFont(font)
        # Never narrower than three groups, never shorter than two lines: the six groups
        # then always fit, and the window's minimum size grows to keep them (a wrapping
        # label alone does not make its window keep room for its lines).
        metrics = QFontMetrics(font)
        three = metrics.horizontalAdvance(_BETWEEN_GROUPS.join(["W" * GROUP] * 3))
        self.label.setMinimumSize(three + metrics.averageCharWidth(), 2 * metrics.lineSpacing())
        self.copy = QPushButton("&Copy the key")
        self.copy.setAccessibleName("Copy the recovery key")
        self.copy.setEnabled(False)
        self.copy.clicked.connect(self.copy_key)
        self.copied = MessageLabel("Copy the recovery key")
        self.copied.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy)
        buttons.addWidget(self.copied, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addLayout(buttons)

    @property
    def key(self) -> str:
        return self._key

    def show_key(self, key: str) -> None:
        self._key = key
        self.label.setText(_BETWEEN_GROUPS.join(key.split("-")))
        self.copy.setEnabled(bool(key))
        self.copied.clear()

    def copy_key(self) -> None:
        QGuiApplication.clipboard().setText(self._key)
        self.copied.setText(
            "Copied. Paste it only where it is kept safe, then copy something else."
        )

    def clear(self) -> None:
        self.show_key("")
