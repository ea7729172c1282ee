"""Undo and Redo for a volunteer's record: an edit goes back to what was saved before, an
archive is restored, an addition is archived. Each step is saved again through the page."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.volunteers import VolunteerDetails

Saved = tuple[VolunteerDetails, tuple[CheckRecord, ...]]


class UndoTarget(Protocol):
    """What an undo step asks of the page that holds it."""

    def apply_saved(self, volunteer_id: int, saved: Saved) -> None: ...

    def apply_archive(self, volunteer_id: int, archived: bool) -> None: ...


class EditCommand(QUndoCommand):
    def __init__(
        self, target: UndoTarget, volunteer_id: int, before: Saved, after: Saved, code: str
    ) -> None:
        super().__init__(f"editing {code}")
        self.target, self.volunteer_id, self.before, self.after = (
            target,
            volunteer_id,
            before,
            after,
        )
        self._first = True

    def redo(self) -> None:
        if self._first:  # already saved when the command was pushed
            self._first = False
            return
        self.target.apply_saved(self.volunteer_id, self.after)

    def undo(self) -> None:
        self.target.apply_saved(self.volunteer_id, self.before)


class ArchiveCommand(QUndoCommand):
    """Archive or restore; ``invert`` makes undoing an addition archive the new record."""

    def __init__(
        self,
        target: UndoTarget,
        volunteer_id: int,
        archive: bool,
        text: str,
        done: bool = True,
        invert: bool = False,
    ) -> None:
        super().__init__(text)
        self.target, self.volunteer_id, self.archive = target, volunteer_id, archive
        self._skip_first = not done
        self._invert = invert

    def redo(self) -> None:
        if self._skip_first:
            self._skip_first = False
            return
        self.target.apply_archive(
            self.volunteer_id, not self.archive if self._invert else self.archive
        )

    def undo(self) -> None:
        self.target.apply_archive(
            self.volunteer_id, self.archive if self._invert else not self.archive
        )
