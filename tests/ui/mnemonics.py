"""Alt-letter mnemonics as a person meets them: within what one window shows at one time,
every Alt+letter must be taken once, and a label's Alt+letter must land in the field the
label names (a label with a mnemonic and no buddy moves the focus nowhere)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QTabBar,
    QWidget,
)


def mnemonic_of(text: str) -> str | None:
    """The letter after a single '&' (lower case), None when there is none."""
    at = 0
    while True:
        at = text.find("&", at)
        if at < 0 or at + 1 >= len(text):
            return None
        if text[at + 1] == "&":
            at += 2
            continue
        return text[at + 1].lower()


def _shown_in(widget: QWidget, window: QWidget) -> bool:
    return widget.window() is window and widget.isVisibleTo(window)


def mnemonics(window: QWidget) -> tuple[list[tuple[str, str]], list[str]]:
    """((letter, where) for every mnemonic ``window`` shows now, defects found on the way)."""
    found: list[tuple[str, str]] = []
    defects: list[str] = []

    def add(text: str, where: str) -> None:
        letter = mnemonic_of(text)
        if letter is not None:
            found.append((letter, f"{where} {text!r}"))

    for widget in [window, *window.findChildren(QWidget)]:
        if widget is not window and not _shown_in(widget, window):
            continue
        if isinstance(widget, QLabel):
            letter = mnemonic_of(widget.text())
            if letter is None:
                continue
            buddy = widget.buddy()
            if buddy is None:
                defects.append(f"label {widget.text()!r} has Alt+{letter} but no buddy")
            elif not _shown_in(buddy, window):
                defects.append(f"label {widget.text()!r}'s buddy is not shown")
            add(widget.text(), "label")
        elif isinstance(widget, QAbstractButton):
            add(widget.text(), type(widget).__name__)
        elif isinstance(widget, QGroupBox):
            add(widget.title(), "group")
        elif isinstance(widget, QTabBar):
            for tab in range(widget.count()):
                if widget.isTabVisible(tab):
                    add(widget.tabText(tab), "tab")
    if isinstance(window, QMainWindow) and window.menuBar().isVisibleTo(window):
        for action in window.menuBar().actions():
            if action.isVisible():
                add(action.text(), "menu")
    return found, defects


def mnemonic_problems(window: QWidget) -> list[str]:
    """Clashes and labels without a buddy in what ``window`` shows now."""
    found, problems = mnemonics(window)
    by_letter: dict[str, list[str]] = {}
    for letter, where in found:
        by_letter.setdefault(letter, []).append(where)
    for letter, places in sorted(by_letter.items()):
        if len(places) > 1:
            problems.append(f"Alt+{letter.upper()} is taken {len(places)} times: {places}")
    name = window.windowTitle() or type(window).__name__
    return [f"{name}: {problem}" for problem in problems]


def menu_problems(window: QMainWindow) -> list[str]:
    """Within each menu of the menu bar, every item's letter once."""
    problems = []
    for menu in window.menuBar().findChildren(QMenu):
        seen: dict[str, str] = {}
        for action in menu.actions():
            letter = mnemonic_of(action.text())
            if letter is None or not action.isVisible():
                continue
            if letter in seen:
                problems.append(
                    f"menu {menu.title()!r}: Alt+{letter.upper()} on {seen[letter]!r} "
                    f"and {action.text()!r}"
                )
            seen[letter] = action.text()
    return problems
