"""Checks every screen must pass: names for assistive technology (read through Qt's own
accessibility interfaces, as a screen reader gets them), labels whose text is not hidden by
a name, a sane tab order, and text that is not clipped (run again at 200% font size)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from coordinator_app.ui.widgets.announce import plain


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


def _described(obj: QObject | None) -> str:
    if isinstance(obj, QWidget):
        return f"{type(obj).__name__} {obj.objectName()!r} (in {type(obj.parentWidget()).__name__})"
    return "an item"


def _unnamed(iface: QAccessibleInterface, root: QWidget, found: list[str]) -> None:
    obj = iface.object()
    if isinstance(obj, QWidget) and not obj.isVisibleTo(root) and obj is not root:
        return
    state = iface.state()
    name = iface.text(QAccessible.Text.Name).strip()
    if state.focusable and not state.invisible and not name:
        found.append(_described(obj))
    if isinstance(obj, QAbstractItemView) and not isinstance(obj.parentWidget(), QComboBox):
        return  # a table's cells may be blank (read with their headers); a combo's choices not
    for index in range(iface.childCount()):
        child = iface.child(index)
        if child is not None and child.isValid():
            _unnamed(child, root, found)


def unnamed_controls(root: QWidget) -> list[str]:
    """Controls a screen reader would reach without a name, read from Qt's accessibility
    interfaces as AT-SPI and UI Automation read them: so also the parts that are controls
    of their own there (the line edit of an editable combo box, a combo's blank choice)."""
    iface = QAccessible.queryAccessibleInterface(root)
    found: list[str] = []
    if iface is not None:
        _unnamed(iface, root, found)
    return found


def labels_hiding_text(root: QWidget) -> list[str]:
    """A label given an accessible name is read by that name alone, so its text is never
    heard: a label showing text gets no name (``ui/widgets/announce.describe``)."""
    hidden = []
    for label in root.findChildren(QLabel):
        name = label.accessibleName()
        if name and label.isVisibleTo(root) and label.pixmap().isNull():
            shown = plain(label.text())
            if not shown or shown not in name:
                hidden.append(f"QLabel showing {shown[:40]!r} is read as {name!r}")
    return hidden


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
    problems = (
        unnamed_controls(root)
        + labels_hiding_text(root)
        + tab_order_problems(root)
        + clipped_texts(root)
    )
    assert not problems, "\n".join(problems)
