"""Small builders for the form fields every screen uses, named for screen readers (dates
are read and written in ui.widgets.dates)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox

from coordinator_app.domain.wording import plural
from coordinator_app.ui.widgets.fit import fits_placeholder

# What a screen reader says for a blank choice (a blank is read as nothing at all).
BLANK_CHOICE = "Not chosen"


def combo(name: str, items: list[tuple[str, str]], editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    box.setEditable(editable)
    if editable:
        name_typing(box)
    for key, label in items:
        box.addItem(label, key)
        if not label.strip():
            box.setItemData(box.count() - 1, BLANK_CHOICE, Qt.ItemDataRole.AccessibleTextRole)
    return box


def name_typing(box: QComboBox) -> None:
    """An editable combo's line edit is a control of its own to a screen reader (AT-SPI
    and UI Automation reach it by Tab): it is named as the combo is."""
    edit = box.lineEdit()
    if edit is not None:
        edit.setAccessibleName(box.accessibleName())


def line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    if placeholder:  # the hint shown whole; a date field also fits a date
        fits_placeholder(edit, "00/00/0000" if "dd/mm/yyyy" in placeholder else "")
    return edit


def text_box(name: str, lines: int = 3) -> QPlainTextEdit:
    """A few lines of free text; Tab moves on (as in every other field)."""
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(box.fontMetrics().lineSpacing() * (lines + 1) + 12)
    return box


def counted_suffix(box: QSpinBox, noun: str) -> None:
    """The spin box's unit agrees with its value: "1 minute", "5 minutes"."""

    def agree(value: int) -> None:
        box.setSuffix(f" {plural(noun, value)}")

    box.valueChanged.connect(agree)
    agree(box.value())
