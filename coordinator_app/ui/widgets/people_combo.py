"""Choosing a volunteer: one combo for every screen that needs someone chosen, found by
typing any part of their name or code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QListView, QWidget

from coordinator_app.ui.widgets.fields import name_typing

if TYPE_CHECKING:
    from coordinator_app.services.volunteers.volunteers import VolunteerListRow


def person_label(person: VolunteerListRow) -> str:
    return f"{person.name} ({person.code})"


class PeopleCombo(QComboBox):
    """Each person shown as "name (code)", their id as the item's data.

    Typing filters a popup to the people whose name or code contains what was typed (any
    case); Enter or leaving the field chooses the one person it then matches, otherwise the
    field goes back to who is chosen, so what is shown is always who is chosen. Refilling
    keeps the person chosen; when they are no longer listed nobody is chosen and ``gone``
    carries a sentence saying so.
    """

    gone = Signal(str)

    def __init__(self, name: str = "Volunteer", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        edit = QLineEdit()
        edit.setPlaceholderText("Type part of a name or code")
        self.setLineEdit(edit)
        name_typing(self)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        popup = QListView()
        popup.setAccessibleName(f"{name} matches")
        completer.setPopup(popup)
        self.setCompleter(completer)
        edit.editingFinished.connect(self._typed)

    def set_people(self, people: Sequence[VolunteerListRow], chosen: int | None = None) -> None:
        """Fill with ``people``, keeping ``chosen`` (else whoever is chosen now) when still
        listed; the first person when nobody was chosen. No change signals while it fills:
        the caller knows it refilled."""
        keep = chosen if chosen is not None else self.currentData()
        had = self.findData(keep) if keep is not None else -1
        was = self.itemText(had) if had >= 0 else ""
        self.blockSignals(True)
        self.clear()
        for person in people:
            self.addItem(person_label(person), person.id)
        found = self.findData(keep) if keep is not None else -1
        if found >= 0 or keep is None:
            self.setCurrentIndex(found if found >= 0 else (0 if people else -1))
        else:
            self.setCurrentIndex(-1)
        self.blockSignals(False)
        if keep is not None and found < 0:
            who = was or "The volunteer chosen before"
            self.gone.emit(f"{who} is no longer in the list: choose someone else.")

    def _typed(self) -> None:
        text = self.currentText().strip()
        if self.currentIndex() >= 0 and text == self.itemText(self.currentIndex()):
            return
        wanted = text.casefold()
        matches = [n for n in range(self.count()) if wanted in self.itemText(n).casefold()]
        exact = [n for n in matches if self.itemText(n).casefold() == wanted]
        if wanted and (exact or len(matches) == 1):
            self.setCurrentIndex((exact or matches)[0])
        else:
            self.setEditText(self.itemText(self.currentIndex()) if self.currentIndex() >= 0 else "")
