"""The two questions the Volunteers page asks before going on: save unsaved changes first,
and is this new person someone already in Coordinator. Window-modal, answered by callbacks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from coordinator_app.ui.widgets.dates import uk_date

if TYPE_CHECKING:
    from coordinator_app.services.volunteers.volunteers import DuplicateCandidate


def _question(parent: QWidget, name: str, text: str, more: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle("Coordinator")
    box.setAccessibleName(name)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(text)
    box.setInformativeText(more)
    return box


def ask_to_save_first(
    parent: QWidget, shown: str, save: Callable[[], None], discard: Callable[[], None]
) -> QMessageBox:
    """Save, Discard or Cancel the changes to ``shown`` (Cancel does nothing)."""
    box = _question(
        parent,
        "Unsaved changes",
        f"You have changed {shown} without saving.",
        "Save the changes before going on?",
    )
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)

    def chosen(answer: int) -> None:
        if answer == QMessageBox.StandardButton.Save:
            save()
        elif answer == QMessageBox.StandardButton.Discard:
            discard()

    box.finished.connect(chosen)
    box.open()
    return box


def ask_about_duplicates(
    parent: QWidget,
    candidates: tuple[DuplicateCandidate, ...],
    open_existing: Callable[[int], None],
    save_anyway: Callable[[], None],
) -> QMessageBox:
    """Open the likeliest existing record, save as a different person, or cancel."""
    box = _question(
        parent,
        "Possible duplicate",
        "This looks like someone already in Coordinator:",
        "\n".join(
            f"{c.code}  {c.name}"
            + (f", born {uk_date(c.date_of_birth)}" if c.date_of_birth else "")
            + f" ({'; '.join(c.reasons)})"
            for c in candidates
        ),
    )
    open_button = box.addButton(f"Open {candidates[0].code}", QMessageBox.ButtonRole.AcceptRole)
    anyway_button = box.addButton(
        "Save as a different person", QMessageBox.ButtonRole.DestructiveRole
    )
    box.addButton(QMessageBox.StandardButton.Cancel)

    def chosen() -> None:
        if box.clickedButton() is open_button:
            open_existing(candidates[0].id)
        elif box.clickedButton() is anyway_button:
            save_anyway()

    box.finished.connect(chosen)
    box.open()
    return box
