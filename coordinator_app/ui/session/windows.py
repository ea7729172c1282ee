"""On lock, every window but the main one leaves the screen.

Dialogs (modal or not), wizards, message boxes, menus, popups and tooltips are found among
the application's top-level widgets rather than listed by hand, so a dialog added later is
covered too. A dialog holding typing keeps it as an encrypted draft (``DialogDraft``),
offered again when the coordinator next opens that dialog. A dialog whose contents exist
nowhere else (a new recovery key, shown once) sets ``reshow_after_unlock`` and is hidden,
then shown again after the next unlock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

import shiboken6
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QToolTip,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

KEPT_WHILE_LOCKED = (
    "What you typed before Coordinator locked is back: check it, then save it when ready."
)


class KeepsDrafts(Protocol):
    """What a dialog needs of the session (AppSession), named here so this module need not
    import the session's, which imports it."""

    def take_draft(self, key: str) -> dict[str, Any] | None: ...


def close_windows() -> tuple[dict[str, dict[str, Any]], list[QWidget]]:
    """Takes every window but the main ones off the screen; returns the drafts of dialogs
    that keep one (by draft key) and the windows hidden to be shown after unlocking."""
    QToolTip.hideText()
    drafts: dict[str, dict[str, Any]] = {}
    hidden: list[QWidget] = []
    for widget in list(QApplication.topLevelWidgets()):
        # Closing one window may delete another (a message box that deletes itself).
        if not shiboken6.isValid(widget) or not widget.isVisible():
            continue
        if isinstance(widget, QMainWindow):
            continue  # the main window shows the unlock screen itself
        if getattr(widget, "reshow_after_unlock", False):
            widget.hide()
            hidden.append(widget)
            continue
        take = getattr(widget, "draft_payload", None)
        if callable(take):
            payload = take()
            if payload:
                drafts[str(widget.draft_key())] = payload  # type: ignore[attr-defined]
        # Dialogs by class name: this module loads before the first screen, when making
        # their Python classes (and their enums) would delay it (ui/app/app.py).
        if widget.inherits("QProgressDialog"):
            widget.hide()  # the work carries on (cancelling it would lose it); the lock waits
        elif widget.inherits("QDialog"):
            cast("QDialog", widget).reject()
        else:
            widget.close()
    return drafts, hidden


def show_again(hidden: list[QWidget]) -> None:
    for widget in hidden:
        if shiboken6.isValid(widget):
            widget.show()
            widget.raise_()


class DialogDraft:
    """For a dialog whose typing matters: kept as an encrypted draft in the vault when it
    locks, and put back (with a sentence saying so) when the dialog is next opened.

    The dialog names its draft (``draft_name``), reads and writes its fields as plain
    values, calls ``draft_built`` once its fields are made and ``choices_loaded`` once its
    lists are filled: the fields as they were then are the untouched form, which is not
    worth a draft; a draft waiting goes in then.
    """

    draft_name = ""
    _as_built: dict[str, Any] | None = None
    _as_opened: dict[str, Any] | None = None

    def draft_fields(self) -> dict[str, Any]:
        raise NotImplementedError

    def put_draft_fields(self, fields: dict[str, Any]) -> None:
        raise NotImplementedError

    def draft_message(self) -> QLabel:
        raise NotImplementedError

    def draft_built(self) -> None:
        self._as_built = self.draft_fields()

    def choices_loaded(self, session: KeepsDrafts) -> None:
        now = self.draft_fields()
        built = self._as_built if self._as_built is not None else now
        # Typing may come before the lists do: only a field empty when built (a list)
        # takes its loaded value as the untouched one.
        self._as_opened = {k: now[k] if built.get(k) is None else built[k] for k in now}
        kept = session.take_draft(self.draft_name)
        if kept is not None:
            self.put_draft_fields(kept)
            self.draft_message().setText(KEPT_WHILE_LOCKED)

    # --- what the session asks of a window holding typing --------------------------------
    def draft_key(self) -> str:
        return self.draft_name

    def draft_payload(self) -> dict[str, Any] | None:
        untouched = self._as_opened if self._as_opened is not None else self._as_built
        if untouched is None:
            return None
        fields = self.draft_fields()
        return None if fields == untouched else fields
