"""The keyboard as a person uses it, on a real main keyboard_window over a real vault: real key
events sent to whichever widget has the focus (Ctrl+N, Ctrl+F, Down, Enter, Ctrl+S, Ctrl+L,
F1, Alt+letters, the register's keys, Enter on the import's last page)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coordinator_app.services.volunteers import volunteers
from coordinator_app.services.volunteers.volunteers import ListFilter
from coordinator_app.ui.app.help import GuideDialog, ShortcutsDialog
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.settings.settings_page import SettingsPage
from coordinator_app.ui.volunteers.volunteers_page import VolunteersPage
from tests.clock import A_DAY
from tests.conftest import VaultTemplates
from tests.ui.conftest import focused
from tests.ui.mnemonic_windows import fill, settle, showing

ROOT = Path(__file__).resolve().parents[2]
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)
    settle()


def test_ctrl_n_starts_a_volunteer_typing_in_the_first_field(
    keyboard_window: MainWindow, qtbot: QtBot
) -> None:
    press(qtbot, Qt.Key.Key_N, CTRL)
    page = keyboard_window.shown_page()
    assert isinstance(page, VolunteersPage)
    assert page.title.text() == "New volunteer"
    qtbot.keyClicks(focused(), "Generated Newcomer")
    assert page.form.given.text() == "Generated Newcomer"  # not one letter lost


def test_ctrl_f_down_and_enter_open_a_volunteer(keyboard_window: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, Qt.Key.Key_F, CTRL)  # from Today: the Volunteers search
    page = keyboard_window.shown_page()
    assert isinstance(page, VolunteersPage) and focused() is page.search
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is page.table
    assert [i.row() for i in page.table.selectionModel().selectedRows()] == [0]
    press(qtbot, Qt.Key.Key_Return)
    first = page.model.row_at(0)
    assert first is not None and page.current is not None and page.current.id == first.id
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is page.search
    qtbot.keyClicks(page.search, first.code)
    settle()
    press(qtbot, Qt.Key.Key_Return)  # Enter too moves into the results
    assert focused() is page.table and page.table.currentIndex().row() == 0


def test_ctrl_s_saves_the_form_shown(keyboard_window: MainWindow, qtbot: QtBot) -> None:
    page = showing(keyboard_window, VolunteersPage)
    page.open_row(0)
    assert page.current is not None
    page.form.family.setFocus()
    page.form.family.selectAll()
    qtbot.keyClicks(focused(), "Saved-By-Keys")
    press(qtbot, Qt.Key.Key_S, CTRL)
    vault = keyboard_window.session.vault
    assert vault is not None
    assert volunteers.count(vault, ListFilter(search="saved-by-keys"), A_DAY) == 1
    settings = showing(keyboard_window, SettingsPage)
    settings.name.setFocus()
    settings.name.selectAll()
    qtbot.keyClicks(focused(), "Generated Keyboard")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert keyboard_window.session.settings.coordinator_name == "Generated Keyboard"


def test_ctrl_l_locks(keyboard_window: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert not keyboard_window.session.is_unlocked
    assert keyboard_window.stack.currentIndex() == 0


def test_f1_opens_the_guide_and_help_lists_the_shortcuts(
    keyboard_window: MainWindow, qtbot: QtBot
) -> None:
    press(qtbot, Qt.Key.Key_F1)
    guide = keyboard_window.guide
    assert isinstance(guide, GuideDialog) and guide.isVisible()
    assert "Ctrl+F to search" in guide.text.toPlainText()
    guide.reject()
    titles = [a.text() for a in keyboard_window.menuBar().actions()]
    assert titles == ["&File", "&View", "&Help"]
    help_menu = keyboard_window.menuBar().actions()[2].menu()
    assert [a.text() for a in help_menu.actions()] == [
        "&Guide",
        "&Keyboard shortcuts",
        "&About Coordinator",
    ]
    keyboard_window.new_action.setShortcut("Ctrl+Shift+N")  # the list follows the actions
    shown = keyboard_window.show_shortcuts()
    assert isinstance(shown, ShortcutsDialog)
    rows = {
        shown.table.item(r, 1).text(): shown.table.item(r, 0).text()
        for r in range(shown.table.rowCount())
    }
    assert rows["New volunteer"] == "Ctrl+Shift+N"
    assert rows["Find"] == "Ctrl+F" and rows["Save"] == "Ctrl+S"
    assert rows["Lock now"] == "Ctrl+L" and rows["Guide"] == "F1"


def test_the_keys_in_a_real_launch(tmp_path: Path, vault_templates: VaultTemplates) -> None:
    folder = tmp_path / "vault"
    vault_templates.copy(folder, "ABUHB", "Generated Coordinator", fill=fill)
    lines = _drive("tests.ui.keyboard_driver", folder)
    assert "typed: Generated Keyboard-Driver" in lines  # Ctrl+N, then every letter kept
    assert lines[-3:-1] == ["results", "locked"], lines


def _drive(driver: str, *args: Path) -> list[str]:
    """The lines a driver printed from inside a real launch (``failed: …`` fails here)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COORDINATOR_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    run = subprocess.run(
        [sys.executable, "-m", driver, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert "failed" not in run.stdout, run.stdout + run.stderr
    return run.stdout.split("\n")


def test_the_import_by_keyboard_in_a_real_launch(
    tmp_path: Path, vault_templates: VaultTemplates
) -> None:
    """Tab to "Import…", type the sheet's path, then Enter on each page: the last Enter
    imports (it used to land on a hidden box of the columns page)."""
    folder = tmp_path / "vault"
    vault_templates.copy(folder, "ABUHB", "Generated Coordinator")
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "First name,Last name\nGenerated,Enter-Importee\nGenerated,Enter-Importee-Two\n",
        encoding="utf-8",
    )
    assert "imported: 2" in _drive("tests.ui.import_driver", folder, sheet)
