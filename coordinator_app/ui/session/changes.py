"""What a write changed, and pages that follow it: Anki's ``OpChanges`` and
``operation_did_execute`` in small.

A write operation declares the kinds of record it changed; after it succeeds the session
emits ``changed(kinds, initiator)``. A page showing any of those kinds reloads at once if it
is visible and did not cause the change (the initiator refreshes itself in its success
callback, so it would only load twice), otherwise the next time it is shown. So no list goes
stale until the vault is locked, and hidden pages cost nothing until they are looked at.

The kinds live here, in the UI, not in services: which screens show what is the UI's
concern, and every write already goes through an operation that can say it.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Protocol

import shiboken6
from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QShowEvent
    from PySide6.QtWidgets import QWidget

    _Base = QWidget
else:
    _Base = object


class Change(enum.Enum):
    VOLUNTEERS = "volunteers"
    CHECKS = "onboarding checks"
    SHIFTS = "shifts"
    PLACEMENTS = "placements"
    PLANS = "plans and milestones"
    REVIEWS = "reviews"
    OUTCOMES = "outcomes"
    ACTIVITIES = "activities"
    EXPENSES = "expenses"
    RETURNS = "returns"
    SETTINGS = "settings"
    KEYS = "signing and trusted keys"
    BACKUPS = "backups"
    AUDIT = "audit trail"


Changes = frozenset[Change]
# Everything held about a person: merging or erasing one touches all of it.
ABOUT_A_PERSON = (
    Change.VOLUNTEERS,
    Change.CHECKS,
    Change.SHIFTS,
    Change.PLANS,
    Change.REVIEWS,
    Change.OUTCOMES,
    Change.ACTIVITIES,
    Change.EXPENSES,
)


def caused_by(page: QObject, initiator: QObject | None) -> bool:
    """True when ``initiator`` is ``page`` or inside it, dialogs it opened included (Qt's
    isAncestorOf stops at a window's edge; the parent chain does not)."""
    widget = initiator
    while widget is not None and shiboken6.isValid(widget):
        if widget is page:
            return True
        widget = widget.parent()
    return False


class ChangeNotices(Protocol):
    """What a following page needs of the session (AppSession), named here so this module
    need not import the session's, which imports it."""

    @property
    def changed(self) -> SignalInstance: ...

    @property
    def is_unlocked(self) -> bool: ...


class FollowsChanges(_Base):
    """Mixin for a page (before its Qt base class): ``shows`` names the kinds it shows,
    ``reload()`` loads them again. ``AppSession.follow(page)`` connects it."""

    shows: Changes = frozenset()
    _stale = False
    _following: ChangeNotices | None = None

    def reload(self) -> None:
        raise NotImplementedError

    def follow_changes(self, session: ChangeNotices) -> None:
        self._following = session
        session.changed.connect(self._notice)

    def _notice(self, kinds: Changes, initiator: QObject | None) -> None:
        if not self.shows & kinds or caused_by(self, initiator):
            return
        if self.isVisible():
            self._stale = False
            self.reload()
        else:
            self._stale = True  # reloaded when next shown

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        session = self._following
        if self._stale and session is not None and session.is_unlocked:
            self._stale = False
            self.reload()

    def forget_changes(self) -> None:
        """On lock: every page loads afresh at unlock, nothing is left to catch up on."""
        self._stale = False
