"""Dialogs that fit what they show. Qt sizes a window once, when it is first shown, and does
not make it follow a word-wrapped message's height for its width: when a long warning
appears, the other rows are squeezed into slivers. ``fit_to_content`` keeps a window at
least as high as its content needs at its width, grows it when a message appears, and
keeps it on the screen (content that cannot fit a small screen goes in a scroll area:
``scrolling``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, QTimer
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent
    from PySide6.QtWidgets import (
        QHeaderView,
        QLayout,
        QLineEdit,
        QScrollArea,
        QTableView,
        QWizard,
    )

# The unlock screen uses this module: the Qt classes that only dialogs and tables need are
# imported where they are used, as a class's first use in Python makes all its enums
# (QWizard's and the item views' come to about 4 ms; ui/app/app.py).

_WATCHED = (QEvent.Type.LayoutRequest, QEvent.Type.Show, QEvent.Type.Resize)


class _Fitter(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._grow = False
        self._due = False
        window.installEventFilter(self)
        wizard = _as_wizard(window)
        if wizard is not None:  # each page needs its own room
            wizard.currentIdChanged.connect(lambda _: self._later(grow=True))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        # (getattr: Qt may still filter while Python is tearing the window down)
        if watched is getattr(self, "_window", None) and event.type() in _WATCHED:
            # Only new content makes it grow to its preferred height: a coordinator may
            # make it smaller, down to what the content needs at that width.
            self._later(grow=event.type() == QEvent.Type.LayoutRequest)
        return False

    def _later(self, grow: bool) -> None:
        """Once the layout has placed the children (after this event), and once for a
        burst of events."""
        self._grow = self._grow or grow
        if not self._due:
            self._due = True
            QTimer.singleShot(0, self, self._fit)  # not at all once the window is gone

    def _fit(self) -> None:
        grow, self._grow, self._due = self._grow, False, False
        fit_now(self._window, grow)


def fit_to_content(window: QWidget) -> None:
    """Keep ``window`` (a dialog with a layout) as high as its content needs, now and
    whenever its content changes or it is made narrower."""
    _Fitter(window)


def fit_now(window: QWidget, grow: bool = True) -> None:
    layout = window.layout()
    screen = window.screen()
    if screen is None:
        return
    room = screen.availableGeometry()
    frame = window.frameGeometry().size() - window.size()  # title bar and borders, once shown
    most_wide, most_high = room.width() - frame.width(), room.height() - frame.height()
    width = min(window.width(), most_wide)
    if layout is None:  # a wizard lays itself out; it grows when its page is short of room
        least = wanted = window.height() + _page_short_by(window)
    else:
        layout.activate()
        width = min(max(window.width(), layout.totalMinimumSize().width()), most_wide)
        least, wanted = _needs(layout, width)
        least = min(max(least, layout.totalMinimumSize().height()), most_high)
        if window.minimumHeight() != least:
            window.setMinimumHeight(least)
    grown = min(max(wanted if grow and window.isVisible() else least, least), most_high)
    if grown <= window.height():
        return
    window.resize(width, grown)
    if grow and window.isVisible():  # placed by now, it keeps its bottom edge on the screen
        geometry = window.frameGeometry()
        x = max(room.left(), min(geometry.left(), room.right() - geometry.width() + 1))
        y = max(room.top(), min(geometry.top(), room.bottom() - geometry.height() + 1))
        if QPoint(x, y) != geometry.topLeft():
            window.move(x, y)


def _needs(layout: QLayout, width: int) -> tuple[int, int]:
    """The least and the preferred height of ``layout`` at ``width``."""
    if layout.hasHeightForWidth():
        return layout.totalMinimumHeightForWidth(width), layout.totalHeightForWidth(width)
    return layout.totalMinimumSize().height(), layout.totalSizeHint().height()


def _as_wizard(window: QWidget) -> QWizard | None:
    """``window`` as a wizard, or None: asked of Qt by class name, as importing QWizard here
    would make its enums before the unlock screen (see the top)."""
    return cast("QWizard", window) if window.inherits("QWizard") else None


def _page_short_by(window: QWidget) -> int:
    """How much higher a wizard must be for its page's wrapped text: its own layout does not
    ask the page for its height at its width. (Its header's subtitle has room for two
    lines at any size: longer advice goes in the page.)"""
    wizard = _as_wizard(window)
    if wizard is None:
        return 0
    page = wizard.currentPage()
    inner = page.layout() if page is not None else None
    if page is None or inner is None or not page.isVisible():
        return 0
    if inner.hasHeightForWidth():
        needed = inner.totalMinimumHeightForWidth(page.width())
    else:
        needed = inner.totalMinimumSize().height()
    # Once per page and page height: a window system may resize later than asked, and
    # asking again before it has would grow the window without end.
    asked = f"{wizard.currentId()}:{page.width()}x{page.height()}"
    if needed <= page.height() or window.property("fit_asked") == asked:
        return 0
    window.setProperty("fit_asked", asked)
    return needed - page.height()


def scrolling(content: QWidget, *, sideways: bool = False) -> QScrollArea:
    """``content`` in a frameless scroll area that scrolls up and down (and sideways when
    asked): a page or dialog too big for a 1366×768 screen at a large font stays usable."""
    from PySide6.QtWidgets import QFrame, QScrollArea

    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    if not sideways:
        # Not at the top: no Qt enums before the first screen (ui/app/app.py).
        from PySide6.QtCore import Qt

        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def fits_placeholder(edit: QLineEdit, *also: str) -> None:
    """At least wide enough for the hint it shows when empty, and for ``also`` (a value it
    will show, a hint it may show later), at any font size."""
    margins = 4 + 2 * edit.style().pixelMetric(edit.style().PixelMetric.PM_DefaultFrameWidth)
    widest = max(edit.fontMetrics().horizontalAdvance(t) for t in (edit.placeholderText(), *also))
    edit.setMinimumWidth(widest + margins + 2)


class WrappedLabel(QLabel):
    """A word-wrapped label that asks for the height its text needs at its width, also
    where a splitter or a scroll area above it never asks for height-for-width (there a
    plain QLabel gets one line's height and its other lines are cut off)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        hint = super().minimumSizeHint()
        if not self.text():
            return hint
        return QSize(hint.width(), max(hint.height(), self.heightForWidth(self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # the height it needs has changed with its width


def fit_columns(view: QTableView, stretch: int | None = None) -> None:
    """Each column as wide as its heading and its cells, rows as high as their wrapped text;
    column ``stretch`` takes the rest of the width, but never less than its heading (the
    view scrolls sideways instead)."""
    from PySide6.QtWidgets import QHeaderView

    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        # Qt has no least size for one section: the header's least size is for them all.
        at_least(header, header.sectionSizeHint(stretch))

        # Qt sizes rows to their contents when the contents change, not when the stretched
        # column's width does (the window resized): wrapped text needs more or fewer lines.
        def rewrap(section: int, _old: int, _new: int) -> None:
            if section == stretch:
                view.resizeRowsToContents()

        header.sectionResized.connect(rewrap)


def at_least(header: QHeaderView, width: int) -> None:
    """No section of ``header`` narrower than ``width``. (A stretched section with no room
    to stretch into keeps the size it had, at first the default size: that too.)"""
    header.setMinimumSectionSize(max(header.minimumSectionSize(), width))
    header.setDefaultSectionSize(max(header.defaultSectionSize(), width))
