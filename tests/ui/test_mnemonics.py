"""Alt+letter in every window: each letter once in what one window shows at one time, each
label's letter landing in its field; every window of the app is in the registry."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMainWindow, QPushButton, QWidget
from pytestqt.qtbot import QtBot

import coordinator_app.ui
from coordinator_app.ui.app.main_window import PROGRAMME_SECTIONS, MainWindow
from coordinator_app.ui.session.session import AppSession
from tests.clock import A_DAY, clock_on
from tests.conftest import PASSPHRASE, VaultTemplates
from tests.ui.mnemonic_windows import WINDOWS, Env, State, fill
from tests.ui.mnemonics import menu_problems, mnemonic_problems


def test_the_check_finds_a_clash_and_a_label_without_buddy(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    QPushButton("&Save", root)
    QPushButton("&Search", root)
    QLabel("&Name:", root)
    named = QLabel("N&ote:", root)
    named.setBuddy(QLineEdit(root))
    root.show()
    problems = mnemonic_problems(root)
    assert any("Alt+S is taken 2 times" in p for p in problems), problems
    assert any("'&Name:' has Alt+n but no buddy" in p for p in problems), problems
    assert len(problems) == 2, problems


def _ui_windows() -> set[type]:
    """Every QDialog (wizards too) and QMainWindow class defined in coordinator_app.ui."""
    found: set[type] = set()
    for module in pkgutil.walk_packages(coordinator_app.ui.__path__, "coordinator_app.ui."):
        loaded = importlib.import_module(module.name)
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ == module.name and issubclass(cls, QDialog | QMainWindow):
                found.add(cls)
    return found


def test_every_window_is_in_the_registry() -> None:
    missing = {c.__qualname__ for c in _ui_windows()} - {c.__qualname__ for c, _ in WINDOWS}
    assert not missing, f"add these to WINDOWS in tests/ui/mnemonic_windows.py: {missing}"


@pytest.fixture
def env(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None, vault_templates: VaultTemplates
) -> Iterator[Env]:
    opened: list[MainWindow] = []

    def window(folder: Path, kind: str, sections: object = None) -> MainWindow:
        win = MainWindow(AppSession(folder, clock=clock_on(A_DAY)), sections=sections)  # type: ignore[arg-type]
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        win.unlock_screen.passphrase.setText(PASSPHRASE)
        win.unlock_screen.unlock()
        assert win.session.is_unlocked, kind
        opened.append(win)
        return win

    def coordinator() -> MainWindow:
        folder = tmp_path / "vault"
        vault_templates.copy(folder, "ABUHB", "Generated Coordinator", fill=fill)
        return window(folder, "coordinator")

    def programme() -> MainWindow:
        folder = tmp_path / "programme"
        vault_templates.copy(folder, "ABUHB", "Generated Manager", kind="programme")
        return window(folder, "programme", PROGRAMME_SECTIONS)

    yield Env(coordinator, programme, tmp_path)
    for win in opened:
        win.session.lock("test")


@pytest.mark.parametrize(
    ("kind", "opener"), WINDOWS, ids=[opener.__name__ for _, opener in WINDOWS]
)
def test_no_two_mnemonics_alike_in_any_window(
    env: Env, kind: type[QWidget], opener: Callable[[Env], Iterator[State]]
) -> None:
    problems: list[str] = []
    met = False
    for label, window in opener(env):
        met = met or isinstance(window, kind)
        window.show()
        problems += [f"[{label}] {p}" for p in mnemonic_problems(window)]
        if isinstance(window, QMainWindow):
            problems += [f"[{label}] {p}" for p in menu_problems(window)]
    assert met, f"{opener.__name__} never showed a {kind.__name__}"
    assert not problems, "\n".join(dict.fromkeys(problems))
