"""Small builders for the form fields every screen uses, named for screen readers (dates
are read and written in ui.widgets.dates)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

if TYPE_CHECKING:
    from coordinator_app.services.volunteers.volunteers import VolunteerListRow


def combo(name: str, items: list[tuple[str, str]], editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    box.setEditable(editable)
    for key, label in items:
        box.addItem(label, key)
    return box


def line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def text_box(name: str, lines: int = 3) -> QPlainTextEdit:
    """A few lines of free text; Tab moves on (as in every other field)."""
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(box.fontMetrics().lineSpacing() * (lines + 1) + 12)
    return box


def fill_people(box: QComboBox, people: Sequence[VolunteerListRow], chosen: object = None) -> None:
    """A volunteer picker: "name (code)" for each person, keeping ``chosen`` selected if
    they are still there; no change signals while it refills."""
    box.blockSignals(True)
    box.clear()
    for person in people:
        box.addItem(f"{person.name} ({person.code})", person.id)
    box.setCurrentIndex(max(0, box.findData(chosen)) if people else -1)
    box.blockSignals(False)
