"""Every screen: named controls, a complete tab order, no clipped text, also at 200% font."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.settings.settings_page import SettingsPage
from coordinator_app.ui.vault.first_run import FirstRunWizard
from tests.clock import A_DAY, clock_on
from tests.conftest import FAST_KDF, PASSPHRASE, VaultTemplates
from tests.ui.accessibility import assert_accessible, unnamed_controls


def test_checker_catches_an_unnamed_control(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    QLineEdit(root)
    QPushButton("&Save", root)
    root.show()
    assert len(unnamed_controls(root)) == 1  # the button's text names it; the field has nothing


@pytest.fixture
def abuhb(tmp_path: Path, vault_templates: VaultTemplates) -> Path:
    """A new ABUHB vault's folder, locked."""
    folder = tmp_path / "vault"
    vault_templates.copy(folder, "ABUHB", "Generated Coordinator")
    return folder


def _locked_window(qtbot: QtBot, folder: Path) -> tuple[AppSession, MainWindow]:
    session = AppSession(folder, clock=clock_on(A_DAY))
    window = MainWindow(session, demo_passphrase="demo phrase shown here")
    qtbot.addWidget(window)
    window.resize(1100, 720)
    return session, window


def test_unlock_screens(qtbot: QtBot, abuhb: Path, font_scale: float) -> None:
    _, window = _locked_window(qtbot, abuhb)
    assert_accessible(window)
    window.unlock_screen.forgot_button.click()
    assert_accessible(window)


def test_main_window_settings_and_passphrase_dialog(
    qtbot: QtBot, abuhb: Path, font_scale: float, synchronous_ops: None
) -> None:
    session, window = _locked_window(qtbot, abuhb)
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    assert session.is_unlocked
    assert_accessible(window)
    page = next(p for p in window.pages if isinstance(p, SettingsPage))
    assert isinstance(page, SettingsPage)
    dialog = page.open_change_passphrase()
    assert_accessible(dialog)
    dialog.reject()
    session.lock("test")


def test_every_wizard_page(
    qtbot: QtBot, tmp_path: Path, font_scale: float, synchronous_ops: None
) -> None:
    wizard = FirstRunWizard(tmp_path / "vault", clock_on(A_DAY), kdf=FAST_KDF)
    qtbot.addWidget(wizard)
    wizard.resize(800, 600)
    wizard.show()
    assert_accessible(wizard)
    wizard.next()
    wizard.trust_page.name.setText("Generated Coordinator")
    assert_accessible(wizard)
    wizard.next()
    assert_accessible(wizard)
    wizard.passphrase_page.fields.first.setText("violet tractor mango")
    wizard.passphrase_page.fields.confirm.setText("violet tractor mango")
    wizard.next()
    assert_accessible(wizard)
    wizard.next()
    assert_accessible(wizard)
    assert wizard.vault is not None
    wizard.vault.close()


def test_volunteers_screen_every_tab_merge_and_import(
    qtbot: QtBot,
    tmp_path: Path,
    font_scale: float,
    synchronous_ops: None,
    vault_templates: VaultTemplates,
) -> None:
    import random

    from coordinator_app.services.demo.demo import add_demo_volunteers
    from coordinator_app.services.progress import Progress
    from coordinator_app.services.volunteers import volunteers
    from coordinator_app.ui.volunteers.volunteers_page import VolunteersPage

    folder = tmp_path / "vault"
    vault, _ = vault_templates.open(folder, "LWH", "Generated Coordinator")
    add_demo_volunteers(vault, 30, random.Random(5), Progress(), A_DAY)
    first = volunteers.all_records(vault, A_DAY)[0]
    volunteers.register(vault, first.details, A_DAY, allow_duplicates=True)
    vault.close()
    session = AppSession(folder, clock=clock_on(A_DAY))
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1100, 720)
    window.show()
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    page = next(p for p in window.pages if isinstance(p, VolunteersPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.open_volunteer(first.id)
    for tab in range(page.form.count()):
        page.form.setCurrentIndex(tab)
        assert_accessible(window)
    page.duplicates_button.click()
    assert_accessible(page.merge_dialog)
    page.merge_dialog.reject()
    page.open_import()
    assert_accessible(page.import_wizard)
    page.import_wizard.reject()
    session.lock("test")


Page = TypeVar("Page", bound=QWidget)


def _showing(qtbot: QtBot, folder: Path, kind: type[Page]) -> tuple[AppSession, MainWindow, Page]:
    """The main window, unlocked, on the section whose page is a ``kind``."""
    session, window = _locked_window(qtbot, folder)
    window.show()
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    page = next(p for p in window.pages if isinstance(p, kind))
    window.nav.setCurrentRow(window.pages.index(page))
    return session, window, page


def test_shifts_register(
    qtbot: QtBot, abuhb: Path, font_scale: float, synchronous_ops: None
) -> None:
    from coordinator_app.ui.shifts.register_page import ShiftsPage

    session, window, page = _showing(qtbot, abuhb, ShiftsPage)
    assert_accessible(window)
    page.open_booking()
    assert_accessible(page.booking)
    page.booking.reject()
    page.open_approval()
    assert_accessible(page.approval)
    page.approval.reject()
    for tab in (page.placements, page.expenses):
        page.tabs.setCurrentWidget(tab)
        assert_accessible(window)
    page.expenses.open_claim()
    assert_accessible(page.expenses.claim_dialog)
    page.expenses.claim_dialog.reject()
    session.lock("test")


def test_returns_screen(
    qtbot: QtBot, abuhb: Path, font_scale: float, synchronous_ops: None
) -> None:
    from coordinator_app.ui.returns.returns_page import ReturnsPage

    session, window, page = _showing(qtbot, abuhb, ReturnsPage)
    assert page.figures.rowCount() > 10
    assert_accessible(window)
    session.lock("test")


def test_support_plans_and_activities(
    qtbot: QtBot, abuhb: Path, font_scale: float, synchronous_ops: None
) -> None:
    from coordinator_app.ui.support.activities_page import ActivitiesPage
    from coordinator_app.ui.support.plans_page import PlansPage

    session, window, page = _showing(qtbot, abuhb, PlansPage)
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        assert_accessible(window)
    activities = next(p for p in window.pages if isinstance(p, ActivitiesPage))
    window.nav.setCurrentRow(window.pages.index(activities))
    assert_accessible(window)
    session.lock("test")


def test_today_and_dashboard(
    qtbot: QtBot, abuhb: Path, font_scale: float, synchronous_ops: None
) -> None:
    from coordinator_app.ui.reports.dashboard_page import DashboardPage
    from coordinator_app.ui.reports.today_page import TodayPage

    session, window, today = _showing(qtbot, abuhb, TodayPage)
    assert today.week_label.text()
    assert_accessible(window)
    dashboard = next(p for p in window.pages if isinstance(p, DashboardPage))
    window.nav.setCurrentRow(window.pages.index(dashboard))
    assert len(dashboard.panels) == 6
    assert_accessible(window)
    for panel in dashboard.panels:
        panel.as_table.click()
    assert_accessible(window)
    session.lock("test")
