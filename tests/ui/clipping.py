"""Text that is cut off or squeezed, found as a person would see it: a widget its layout
gives less room than it needs (the "slivers"), a word-wrapped message with too few lines,
a choice, field, group title or tab that does not fit its text, and table cells and headers
elided ("09:00–1…") in the rows on screen."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QTabBar,
    QWidget,
)

SLACK = 1  # pixels: rounding in the style's sums is not clipping


def _what(widget: QWidget) -> str:
    name = widget.accessibleName() or widget.objectName()
    return f"{type(widget).__name__} {name!r}" if name else type(widget).__name__


def _holds(layout: QLayout, widget: QWidget) -> bool:
    # PySide can hand back a stale wrapper of another type for a layout a message box has
    # just rebuilt (seen once at 200 %, under load): only a layout is looked into.
    if not isinstance(layout, QLayout):
        return False
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is widget:
            return True
        inner = item.layout()
        if inner is not None and _holds(inner, widget):
            return True
    return False


def _in_layout(widget: QWidget) -> bool:
    """Placed by a layout (not a window, not a scroll area's content, not in a splitter)."""
    parent = widget.parentWidget()
    if widget.isWindow() or parent is None or parent.layout() is None:
        return False
    return _holds(parent.layout(), widget)


def _least(widget: QWidget, orientation: Qt.Orientation) -> int:
    """The smallest size a layout should give ``widget`` (Qt's own rule, qSmartMinSize)."""
    horizontal = orientation == Qt.Orientation.Horizontal
    explicit = widget.minimumWidth() if horizontal else widget.minimumHeight()
    if explicit:
        return explicit
    policy = (
        widget.sizePolicy().horizontalPolicy()
        if horizontal
        else widget.sizePolicy().verticalPolicy()
    )
    if policy == QSizePolicy.Policy.Ignored:
        return 0
    hint = widget.minimumSizeHint() if policy.value & 0x4 else widget.sizeHint()  # ShrinkFlag
    most = widget.maximumWidth() if horizontal else widget.maximumHeight()  # sized on purpose
    return min(hint.width() if horizontal else hint.height(), most)


def squeezed(widget: QWidget) -> list[str]:
    """A widget in a layout smaller than the least the layout may give it (fields squeezed
    into slivers when a dialog's layout wants more than the window has)."""
    if not _in_layout(widget):
        return []
    problems = []
    for orientation, has in (
        (Qt.Orientation.Horizontal, widget.width()),
        (Qt.Orientation.Vertical, widget.height()),
    ):
        needs = _least(widget, orientation)
        if needs > has + SLACK:
            side = "wide" if orientation == Qt.Orientation.Horizontal else "high"
            problems.append(f"{_what(widget)} squeezed: needs {needs}px {side}, has {has}px")
    if isinstance(widget, QLabel) and widget.wordWrap() and widget.text():
        needs = widget.heightForWidth(widget.width())
        if needs > widget.height() + SLACK:
            problems.append(
                f"{_what(widget)} {widget.text()[:40]!r}: wrapped text needs {needs}px high, "
                f"has {widget.height()}px"
            )
    return problems


def _combo(combo: QComboBox) -> list[str]:
    text = combo.currentText()
    if not text or combo.isEditable():
        return []
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    needs = combo.fontMetrics().horizontalAdvance(text)
    if needs > field.width() + SLACK:
        return [f"{_what(combo)} shows {text!r} cut: needs {needs}px, has {field.width()}px"]
    return []


def _line_edit(edit: QLineEdit) -> list[str]:
    if isinstance(edit.parentWidget(), QAbstractSpinBox | QComboBox):
        return []  # part of that control, which has its own check
    margins = edit.textMargins()
    frame = (
        edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth) if edit.hasFrame() else 0
    )
    has = edit.width() - 2 * frame - 4 - margins.left() - margins.right()  # 2px each side: Qt's
    shown = [edit.placeholderText()]
    if edit.echoMode() == QLineEdit.EchoMode.Normal:
        shown.append(edit.text())
    problems = []
    for text in shown:
        needs = edit.fontMetrics().horizontalAdvance(text)
        if text and needs > has + SLACK:
            problems.append(f"{_what(edit)} too narrow for {text!r}: needs {needs}px, has {has}px")
    return problems


def _group(box: QGroupBox) -> list[str]:
    needs = box.fontMetrics().horizontalAdvance(box.title().replace("&", "")) + 8
    if box.title() and needs > box.width() + SLACK:
        return [f"{_what(box)} title {box.title()!r} cut: needs {needs}px, has {box.width()}px"]
    return []


def _tabs(bar: QTabBar) -> list[str]:
    problems = []
    for i in range(bar.count()):
        if not bar.isTabVisible(i):
            continue
        rect, hint = bar.tabRect(i), bar.tabSizeHint(i)
        if not bar.rect().contains(rect) or rect.width() + SLACK < hint.width():
            problems.append(f"tab {bar.tabText(i)!r} cut or out of sight in {_what(bar)}")
    return problems


def _fits(metrics: QFontMetrics, text: str, rect: QRect, wrap: bool) -> bool:
    lines = text.split("\n")
    if max(metrics.horizontalAdvance(line) for line in lines) <= rect.width():
        return metrics.height() * len(lines) <= rect.height() + SLACK
    if not wrap:
        return False
    flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
    needed = metrics.boundingRect(QRect(0, 0, rect.width(), 100_000), flags, text)
    return needed.width() <= rect.width() and needed.height() <= rect.height() + SLACK


def _cells(view: QAbstractItemView) -> list[str]:
    """Cells of the rows on screen whose text the view elides."""
    model = view.model()
    if model is None:
        return []
    viewport = view.viewport().rect()
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    wrap = bool(getattr(view, "wordWrap", lambda: False)())
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    problems: list[str] = []
    top = view.rootIndex()
    # A list model keeps its columnCount private: it has one.
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(top)
    for row in range(min(model.rowCount(top), 200)):
        for column in range(columns):
            index = model.index(row, column, top)
            rect = view.visualRect(index)
            if rect.isEmpty() or not viewport.intersects(rect):
                continue
            text = model.data(index, Qt.ItemDataRole.DisplayRole)
            if text is None or str(text) == "":
                continue
            text = str(text)
            icon = model.data(index, Qt.ItemDataRole.DecorationRole)
            room = rect.adjusted(margin, 0, -margin, 0)
            if icon is not None:
                room.setLeft(room.left() + option.decorationSize.width() + 2 * margin)
            metrics = QFontMetrics(model.data(index, Qt.ItemDataRole.FontRole) or view.font())
            if not _fits(metrics, text, room, wrap):
                problems.append(f"{_what(view)} cell ({row}, {column}) {text[:30]!r} elided")
    return problems[:5]


def _header(header: QHeaderView) -> list[str]:
    problems = []
    for logical in range(header.count()):
        if header.isSectionHidden(logical):
            continue
        has = header.sectionSize(logical)
        needs = header.sectionSizeHint(logical)
        if header.orientation() == Qt.Orientation.Vertical:
            continue  # row numbers, when shown, are sized by Qt itself
        text = header.model().headerData(logical, header.orientation()) if header.model() else None
        if text and needs > has + SLACK:
            problems.append(f"{_what(header)} heading {text!r} cut: needs {needs}px, has {has}px")
    return problems


def clipped_content(root: QWidget) -> list[str]:
    """Everything in ``root`` whose text or room is cut short (``root`` shown and settled)."""
    problems: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        problems += squeezed(widget)
        if isinstance(widget, QComboBox):
            problems += _combo(widget)
        elif isinstance(widget, QLineEdit):
            problems += _line_edit(widget)
        elif isinstance(widget, QGroupBox):
            problems += _group(widget)
        elif isinstance(widget, QTabBar):
            problems += _tabs(widget)
        elif isinstance(widget, QHeaderView):
            problems += _header(widget)
        elif isinstance(widget, QAbstractItemView):
            problems += _cells(widget)
    return problems
