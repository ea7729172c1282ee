"""The Help menu's windows: the short guide (resources/guide.md, read from disk, no network)
and the keyboard shortcuts, listed from the window's own actions so the list cannot drift
from what the keys do."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.resources import resource_dir

# Keys that belong to one screen rather than to an action of the window.
SCREEN_KEYS: tuple[tuple[str, str], ...] = (
    ("Alt + underlined letter", "Go to that field, or press that button"),
    ("Down or Enter in the Volunteers search", "Move into the results"),
    ("Enter on a volunteer in the list", "Open their record"),
    ("Ctrl+Z / Ctrl+Y on Volunteers", "Undo / redo an edit"),
    ("Arrows in the weekly register", "Move between volunteers and days"),
    (
        "A, L, N, C, W, P in the register",
        "Attended, late, no-show, cancelled by the volunteer, cancelled by the ward, planned",
    ),
    ("Space in the register", "Switch between attended and planned"),
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    """(keys, what they do) for every action that has a shortcut, then the screens' keys."""
    rows = [
        (action.shortcut().toString(QKeySequence.SequenceFormat.NativeText), _plain(action.text()))
        for action in actions
        if not action.shortcut().isEmpty()
    ]
    return rows + list(SCREEN_KEYS)


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        rows = shortcut_rows(actions)
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "What they do"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 480)


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Coordinator guide")
        self.setAccessibleName("Coordinator guide")
        self.text = QTextBrowser()
        self.text.setAccessibleName("Guide")
        self.text.setOpenLinks(False)  # offline: nothing in the guide is fetched
        self.text.setMarkdown((resource_dir() / "guide.md").read_text(encoding="utf-8"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(720, 560)
