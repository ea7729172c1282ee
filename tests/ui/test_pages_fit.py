"""Every page of the main window, the coordinator's and the programme manager's, with
generated people in it, on a 1366×768 laptop screen at 100 % and 200 % font: no text in it
is cut short or squeezed, table headings and the cells on screen included
(tests/ui/clipping.py). Text that cannot fit scrolls or wraps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot

from coordinator_app.services.demo.demo import create_demo_vault
from coordinator_app.services.returns import returns
from coordinator_app.services.vault import signing
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.returns.programme_page import ReceivedReturnsPage, TrustedKeysPage
from coordinator_app.ui.shifts.register_page import ShiftsPage
from coordinator_app.ui.support.plans_page import PlansPage
from coordinator_app.ui.volunteers.volunteers_page import VolunteersPage
from tests.clock import A_DAY, clock_on
from tests.conftest import FAST_KDF, VaultTemplates
from tests.ui.accessibility import settle
from tests.ui.clipping import clipped_content
from tests.ui.conftest import unlocked_window
from tests.ui.mnemonic_windows import fill

LAPTOP = QRect(0, 0, 1366, 768)
RETURNS_DAY = date(2026, 11, 27)  # the demo trust's October return is due


def _tabs(label: str, tabs: QTabWidget) -> Iterator[str]:
    for tab in range(tabs.count()):
        tabs.setCurrentIndex(tab)
        yield f"{label}, tab {tabs.tabText(tab)!r}"


def _shown(window: MainWindow) -> Iterator[str]:
    """Each page in turn, and each of its tabs; a volunteer open on Volunteers."""
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        page = window.page_at(row)
        title = window.nav.item(row).text()
        yield title
        if isinstance(page, VolunteersPage):
            page.open_row(0)
            yield from _tabs(f"{title}, a volunteer open", page.form)
        elif isinstance(page, ShiftsPage | PlansPage):
            yield from _tabs(title, page.tabs)


def _problems(window: MainWindow) -> list[str]:
    """What is clipped, each once, with where it was first seen."""
    first_seen: dict[str, str] = {}
    for shown in _shown(window):
        settle(window)
        for problem in clipped_content(window.sections.currentWidget()):
            first_seen.setdefault(problem, shown)
    window.session.lock("test")
    return [f"{shown}: {problem}" for problem, shown in first_seen.items()]


def _on_laptop(window: MainWindow) -> MainWindow:
    assert QGuiApplication.primaryScreen().availableGeometry() == LAPTOP
    window.resize(LAPTOP.size())  # as big as the screen: what a laptop shows at most
    settle(window)
    return window


def test_coordinator_pages_fit(
    qtbot: QtBot,
    tmp_path: Path,
    vault_templates: VaultTemplates,
    synchronous_ops: None,
    font_scale: float,
) -> None:
    folder = tmp_path / "vault"
    vault_templates.copy(folder, "ABUHB", "Generated Coordinator", fill=fill)
    window = _on_laptop(unlocked_window(qtbot, folder, A_DAY))
    problems = _problems(window)
    assert not problems, "\n".join(problems)


def test_programme_pages_fit(
    qtbot: QtBot,
    tmp_path: Path,
    vault_templates: VaultTemplates,
    synchronous_ops: None,
    font_scale: float,
) -> None:
    """With a demo trust's return received, so the figures and the keys are listed."""
    inbox = tmp_path / "inbox"
    vault, _ = create_demo_vault(tmp_path / "KRH", clock_on(RETURNS_DAY), trust="KRH", kdf=FAST_KDF)
    entries = signing.trusted_key_entries(signing.records(vault))["keys"]
    returns.build_return(vault, "2026-10", inbox, today=RETURNS_DAY)
    vault.close()
    vault_templates.copy(tmp_path / "pm", "", "Generated Manager", kind="programme")
    window = _on_laptop(unlocked_window(qtbot, tmp_path / "pm", RETURNS_DAY, kind="programme"))
    keys = tmp_path / "trusted-keys.json"
    keys.write_text(json.dumps({"keys": entries}))
    key_page = next(p for p in window.pages if isinstance(p, TrustedKeysPage))
    key_page.files = lambda _parent, _title: keys  # type: ignore[method-assign]
    key_page.add_button.click()
    received = next(p for p in window.pages if isinstance(p, ReceivedReturnsPage))
    received.folders = lambda _parent, _title: inbox  # type: ignore[method-assign]
    received.receive_button.click()
    assert "1 return accepted" in received.message.text()
    problems = _problems(window)
    assert not problems, "\n".join(problems)
