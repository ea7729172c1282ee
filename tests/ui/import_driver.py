"""The volunteer import by keyboard alone inside a real launch of the app (``launch.main``,
the app's own event loop and database thread):

    python -m tests.ui.import_driver <vault folder> <sheet>

Unlock by typing, Ctrl+F to the Volunteers page, Tab to "Import…" and Space, the sheet's
path typed and Enter, Enter on the columns page, Enter on the last page. Prints one line
per step reached (``imported: N`` with the count the vault holds) and ``failed: <why>``
when one does not come; the test reads them back.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget, QWizard

from tests.conftest import PASSPHRASE
from tests.ui.first_hour_driver import Step, _locked, _press, _say, _type, _unlocked, _window, main

SEARCH = "Generated Enter-Importee"


def _wizard() -> QWidget | None:
    return _window("ImportWizard")


def _tab_to_import() -> None:
    """Tab on from the search box, as a person would, until "Import…" has the focus."""
    for _ in range(60):
        widget = QApplication.focusWidget()
        if isinstance(widget, QAbstractButton) and widget.text() == "Import…":
            _press(Qt.Key.Key_Space)
            return
        _press(Qt.Key.Key_Tab)
    _say("failed: Tab never reached Import…")


def _on(page: str) -> bool:
    """The wizard shows ``page`` and the keys go to it, as a person sees: the focus sits
    on a shown control of the wizard (not on the last page's box, hidden now)."""
    wizard = _wizard()
    if wizard is None or wizard.currentPage() is not getattr(wizard, page):  # type: ignore[attr-defined]
        return False
    focus = QApplication.focusWidget()
    return focus is not None and focus.isVisible() and wizard.isAncestorOf(focus)


def _columns_shown() -> bool:
    """The sheet's columns read and shown, as a person waits for them before Enter."""
    wizard = _wizard()
    return _on("mapping_page") and bool(wizard.mapping_page.boxes)  # type: ignore[union-attr]


def _ready_to_import() -> bool:
    """The last page checked, as a person sees it: the Import button has the focus."""
    wizard = _wizard()
    if wizard is None or not _on("preview_page"):
        return False
    finish = wizard.button(QWizard.WizardButton.FinishButton)  # type: ignore[attr-defined]
    return bool(wizard.preview_page.isComplete()) and QApplication.focusWidget() is finish  # type: ignore[attr-defined]


def _count_imported() -> None:
    from coordinator_app.services.volunteers import volunteers
    from coordinator_app.services.volunteers.volunteers import ListFilter

    window = _window("MainWindow")
    vault = window.session.vault if window is not None else None  # type: ignore[attr-defined]
    today = window.session.clock.today() if window is not None else None  # type: ignore[attr-defined]
    found = volunteers.count(vault, ListFilter(search="enter-importee"), today) if vault else 0
    _say(f"imported: {found}")


def _imported() -> bool:
    wizard = _wizard()
    return wizard is None or not wizard.isVisible()


def steps(sheet: Path) -> list[Step]:
    return [
        ("unlock-screen", _locked, lambda: (_type(PASSPHRASE), _press(Qt.Key.Key_Return))),
        ("unlocked", _unlocked, lambda: _press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)),
        ("search", lambda: True, _tab_to_import),
        (
            "file-page",
            lambda: _on("file_page"),
            lambda: (_type(str(sheet)), _press(Qt.Key.Key_Return)),
        ),
        ("columns-page", _columns_shown, lambda: _press(Qt.Key.Key_Return)),
        ("last-page", _ready_to_import, lambda: _press(Qt.Key.Key_Return)),
        ("closed", _imported, _count_imported),
    ]


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), steps(Path(sys.argv[2]))))
