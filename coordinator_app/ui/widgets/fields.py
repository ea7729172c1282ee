"""Small builders for the form fields every screen uses: named for screen readers, dates
written dd/mm/yyyy (en-GB) and read back with a clear message when they cannot be."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from coordinator_app.domain.errors import InvalidInput

if TYPE_CHECKING:
    from coordinator_app.services.volunteers.volunteers import VolunteerListRow

UK_DATE = "%d/%m/%Y"


def date_text(day: date | None) -> str:
    return day.strftime(UK_DATE) if day else ""


def parse_date(label: str, text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, UK_DATE).date()
    except ValueError:
        raise InvalidInput(
            f"The {label.lower()} '{text}' is not a date.",
            "Write it as dd/mm/yyyy, e.g. 07/12/2026.",
        ) from None


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
