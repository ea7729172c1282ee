"""Checks every screen must pass: names for assistive technology, a sane tab order, and
text that is not clipped (run again at 200% font size)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)


def _focusable(root: QWidget) -> list[QWidget]:
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or not widget.isEnabled():
            continue
        if widget.focusProxy() is not None:
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        # Line edits inside spin boxes and combo boxes are parts of those controls.
        parent = widget.parentWidget()
        if isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox | QComboBox):
            continue
        found.append(widget)
    return found


def _label_buddies(root: QWidget) -> set[int]:
    buddies = set()
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.text().strip():
            buddies.add(id(buddy))
    return buddies


def _named(widget: QWidget, buddies: set[int]) -> bool:
    if widget.accessibleName().strip() or id(widget) in buddies:
        return True
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return True
    return isinstance(widget, QGroupBox) and bool(widget.title().strip())


def unnamed_controls(root: QWidget) -> list[str]:
    buddies = _label_buddies(root)
    return [
        f"{type(w).__name__} {w.objectName()!r}" for w in _focusable(root) if not _named(w, buddies)
    ]


def tab_order_problems(root: QWidget) -> list[str]:
    """Following the focus chain from the window must visit each control exactly once."""
    controls = _focusable(root)
    wanted = {id(w) for w in controls}
    visited: list[int] = []
    widget = root.nextInFocusChain()
    for _ in range(10_000):
        if id(widget) in wanted:
            visited.append(id(widget))
        widget = widget.nextInFocusChain()
        if widget is root:
            break
    problems = []
    if len(visited) != len(set(visited)):
        problems.append("a control is reached twice in one round of Tab")
    missing = [type(w).__name__ for w in controls if id(w) not in set(visited)]
    if missing:
        problems.append(f"never reached by Tab: {missing}")
    return problems


def _shown(text: str) -> str:
    """The text as drawn: a single & marks the shortcut letter and is not shown."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def clipped_texts(root: QWidget) -> list[str]:
    clipped = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if (
            isinstance(widget, QLabel)
            and not widget.wordWrap()
            and widget.textFormat() != Qt.TextFormat.RichText
        ) or isinstance(widget, QAbstractButton):
            text = _shown(widget.text())
        else:
            continue
        if not text or "<" in text:
            continue
        needed = widget.fontMetrics().horizontalAdvance(text)
        has = widget.contentsRect().width()
        if needed > has + 1:
            clipped.append(f"{type(widget).__name__} {text!r}: needs {needed}px, has {has}px")
    return clipped


def settle(root: QWidget) -> None:
    root.show()
    for _ in range(5):
        QApplication.processEvents()


def assert_accessible(root: QWidget) -> None:
    settle(root)
    problems = unnamed_controls(root) + tab_order_problems(root) + clipped_texts(root)
    assert not problems, "\n".join(problems)
