"""The main window's menus and window-wide keys: Ctrl+N a new volunteer, Ctrl+F the shown
section's search, Ctrl+S its form saved, Ctrl+L lock, F1 the guide. A section takes part by
having ``search_box()`` and ``save_current()``; Help lists the keys from these actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from coordinator_app import __version__

if TYPE_CHECKING:
    # Made only once the first screen is up (MainWindow.finish): not loaded before it.
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QDialog, QListWidget

    from coordinator_app.ui.session.session import AppSession

    _Base = QMainWindow
else:
    _Base = object


class WindowActions(_Base):
    """Mixin for MainWindow (which provides these attributes)."""

    session: AppSession
    nav: QListWidget
    section_list: list[tuple[str, Callable[[AppSession], QWidget]]]
    _built: list[QWidget | None]

    def page_at(self, row: int) -> QWidget:
        raise NotImplementedError

    def _action(self, text: str, keys: QKeySequence, slot: Callable[[], object]) -> QAction:
        from PySide6.QtGui import QAction

        action = QAction(text, self)
        action.setShortcut(keys)
        action.triggered.connect(lambda _=False: slot())
        return action

    def _build_menus(self, file_menu: QMenu, view_menu: QMenu, help_menu: QMenu) -> None:
        """Window-wide keys as actions in the menus (so Help lists them): Ctrl+N, Ctrl+F,
        Ctrl+S act on the section shown; Ctrl+L locks; F1 opens the guide."""
        from PySide6.QtGui import QKeySequence

        std = QKeySequence.StandardKey
        self.new_action = self._action("&New volunteer", QKeySequence(std.New), self.new_volunteer)
        self.find_action = self._action("&Find…", QKeySequence(std.Find), self.find_in_section)
        self.save_action = self._action("&Save", QKeySequence(std.Save), self.save)
        self.lock_action = self._action(
            "&Lock now", QKeySequence("Ctrl+L"), lambda: self.session.lock("by hand")
        )
        for action in (self.new_action, self.find_action, self.save_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        # Windows has no standard key for quitting: Ctrl+Q everywhere.
        file_menu.addAction(self._action("&Quit", QKeySequence("Ctrl+Q"), self.close))
        self.section_actions: list[QAction] = []
        for row, (title, _) in enumerate(self.section_list):
            action = self._action(title, QKeySequence(f"Ctrl+{row + 1}"), self._go_to(row))
            view_menu.addAction(action)
            self.section_actions.append(action)
        self.guide_action = self._action("&Guide", QKeySequence(std.HelpContents), self.show_guide)
        if self.guide_action.shortcut().isEmpty():  # platforms without a help key
            self.guide_action.setShortcut(QKeySequence("F1"))
        self.shortcuts_action = self._action(
            "&Keyboard shortcuts", QKeySequence(), self.show_shortcuts
        )
        for action in (self.guide_action, self.shortcuts_action):
            help_menu.addAction(action)
        help_menu.addAction(self._action("&About Coordinator", QKeySequence(), self._about))

    def _go_to(self, row: int) -> Callable[[], None]:
        return lambda: self.nav.setCurrentRow(row)

    @property
    def while_unlocked(self) -> tuple[QAction, ...]:
        """The actions that reach records: off while the vault is locked."""
        return (
            self.new_action,
            self.find_action,
            self.save_action,
            self.lock_action,
            *self.section_actions,
        )

    def shown_page(self) -> QWidget | None:
        row = self.nav.currentRow()
        return self._built[row] if 0 <= row < len(self._built) else None

    def _section(self, title: str) -> Any:
        """The page of the section called ``title``, shown; None when this vault has none."""
        titles = [t for t, _ in self.section_list]
        if title not in titles:
            return None
        self.nav.setCurrentRow(titles.index(title))
        return self.page_at(titles.index(title))

    def new_volunteer(self) -> None:
        """Ctrl+N: the Volunteers form, empty, typing in its first field."""
        page = self._section("Volunteers")
        if page is not None and self.session.is_unlocked:
            page.leave_then(page.new_volunteer)

    def find_in_section(self) -> None:
        """Ctrl+F: the shown section's search or filter box, else the Volunteers search."""
        page: Any = self.shown_page()
        box = page.search_box() if hasattr(page, "search_box") else None
        if box is None:
            page = self._section("Volunteers")
            box = page.search_box() if page is not None else None
        if box is not None:
            box.setFocus()
            if hasattr(box, "selectAll"):
                box.selectAll()

    def save(self) -> None:
        """Ctrl+S: saves the shown section's form, or says where Save is."""
        page: Any = self.shown_page()
        if hasattr(page, "save_current"):
            page.save_current()
        else:
            self.statusBar().showMessage(
                "Ctrl+S saves on Volunteers and Settings; here, use the form's own Save button.",
                8000,
            )

    def show_guide(self) -> QDialog:
        from coordinator_app.ui.app.help import GuideDialog

        self.guide = GuideDialog(self)
        self.guide.open()
        return self.guide

    def show_shortcuts(self) -> QDialog:
        from coordinator_app.ui.app.help import ShortcutsDialog

        menus = [a.menu() for a in self.menuBar().actions()]
        actions = [a for menu in menus if isinstance(menu, QMenu) for a in menu.actions()]
        self.shortcuts = ShortcutsDialog(actions, self)
        self.shortcuts.open()
        return self.shortcuts

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            "About Coordinator",
            f"<b>Coordinator {__version__}</b><br>For the Helpforce Refugee Volunteer to "
            "Career programme. Records stay encrypted on this computer.",
        )
