"""What a screen reader hears: labels keep their text as their accessible name, and messages
that appear are announced.

A label given an accessible name is read by that name alone, so "Unlock message" would be
heard instead of "That passphrase is not right…". So a label showing text never gets a
name: what it is goes in its accessible description (read after the text), and a message
that appears is also sent as an announcement (AT-SPI's ``announcement`` event on Linux, a
UI Automation notification on Windows), which screen readers speak wherever the focus is.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def plain(text: str) -> str:
    """The words of ``text`` as a screen reader should say them (no markup, no "&")."""
    # Not at the top: no Qt enums before the first screen (ui/app/app.py).
    from PySide6.QtGui import Qt, QTextDocumentFragment

    if Qt.mightBeRichText(text):
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return " ".join(text.replace("&&", "\0").replace("&", "").replace("\0", "&").split())


def announce(source: QWidget, text: str, *, urgent: bool = False) -> None:
    """Have screen readers say ``text`` now; ``urgent`` interrupts what they are saying
    (for a refusal the coordinator must hear before going on)."""
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent  # (as in plain)

    words = plain(text)
    if not words or not QAccessible.isActive():
        return
    event = QAccessibleAnnouncementEvent(source, words)
    if urgent:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)


def selectable(label: QLabel) -> QLabel:
    """Text the mouse can select and copy, set without naming ``Qt`` (its first use costs
    ~20 ms, which the first screen does not wait for: ui/app/app.py)."""
    label.setProperty("textInteractionFlags", 1)  # Qt.TextInteractionFlag.TextSelectableByMouse
    return label


def describe(label: QLabel, what: str) -> QLabel:
    """Say what a label showing changing text is, without hiding its text: the text stays
    its name (read first), ``what`` is its description."""
    label.setAccessibleName("")
    label.setAccessibleDescription(what)
    return label


class MessageLabel(QLabel):
    """A screen's message line: the text set is shown and announced while its window is on
    screen (every time it is set: the same refusal twice is heard twice)."""

    def __init__(self, what: str, parent: QWidget | None = None, *, urgent: bool = False) -> None:
        super().__init__(parent)
        self._urgent = urgent
        describe(self, what)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        super().setText(text)
        window = self.window()
        if window is not None and window.isVisible():
            announce(self, text, urgent=self._urgent)
