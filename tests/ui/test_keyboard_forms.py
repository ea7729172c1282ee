"""Keys inside forms, on a real main keyboard_window over a real vault: Alt+letters landing in the
field the label names, a milestone never saved as achieved today by default, the weekly
register's visible current cell and its keys, Enter on the import's last page."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from coordinator_app.data.vault import Vault
from coordinator_app.domain import onboarding
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.shifts import ShiftTime
from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.services.shifts import placements, shifts
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.support import plans
from coordinator_app.services.volunteers import volunteers
from coordinator_app.services.volunteers.volunteers import ListFilter
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.shifts.register_page import FRAME_WIDTH, ShiftsPage
from coordinator_app.ui.support.plans_page import PlansPage
from coordinator_app.ui.volunteers.volunteers_page import VolunteersPage
from tests.clock import A_DAY
from tests.ui.conftest import focused
from tests.ui.mnemonic_windows import settle, showing

ALT = Qt.KeyboardModifier.AltModifier


def alt(qtbot: QtBot, key: Qt.Key) -> None:
    qtbot.keyClick(focused(), key, ALT)
    qtbot.wait(200)  # a button pressed by Alt clicks after its short animation


def test_achieved_needs_its_date_and_alt_a_lands_in_it(
    keyboard_window: MainWindow, qtbot: QtBot
) -> None:
    page = showing(keyboard_window, PlansPage)
    page.add_pathway_button.click()
    assert page.milestones.rowCount() > 0
    row = next(r for r, m in enumerate(page.milestones.records) if m.achieved_on is None)
    page.table.selectRow(row)
    chosen = page.milestones.record(page.table.currentIndex())
    assert chosen is not None and chosen.achieved_on is None
    person = page.volunteer.currentData()
    page.table.setFocus()
    alt(qtbot, Qt.Key.Key_U)  # Stat&us
    assert focused() is page.status
    page.status.setCurrentIndex(page.status.findData("achieved"))
    page.achieved.clear()
    alt(qtbot, Qt.Key.Key_S)  # &Save the milestone
    assert "date achieved is empty" in page.message.text()
    assert focused() is page.achieved  # where to type it
    vault = keyboard_window.session.vault
    assert vault is not None
    saved = next(m for m in plans.plan(vault, person, A_DAY).milestones if m.id == chosen.id)
    assert saved.status != "achieved" and saved.achieved_on is None  # not quietly "today"
    page.table.setFocus()
    alt(qtbot, Qt.Key.Key_A)  # Date &achieved: not Help, not another field
    assert focused() is page.achieved
    qtbot.keyClicks(focused(), "02/11/2026")
    alt(qtbot, Qt.Key.Key_S)
    saved = next(m for m in plans.plan(vault, person, A_DAY).milestones if m.id == chosen.id)
    assert saved.status == "achieved" and saved.achieved_on is not None
    assert saved.achieved_on.isoformat() == "2026-11-02"


MONDAY = date(2026, 11, 23)  # A_DAY's week


def _three_on_monday(vault: Vault) -> None:
    role = "non_patient_facing"
    checks = onboarding.role(role)
    assert checks is not None
    place = placements.add_placement(vault, PlacementDetails("Generated Estates", role, False))
    for n in range(3):
        person = volunteers.register(
            vault,
            VolunteerDetails(given_names=f"Generated{n}", family_name="Aaa-Register", role=role),
            A_DAY,
            [CheckRecord(k, A_DAY - timedelta(days=30)) for k in checks.items],
            allow_duplicates=True,
        )
        shifts.book(vault, person.id, place.id, ShiftTime(MONDAY, time(9), time(13)), A_DAY)


def _frame_colour(page: ShiftsPage, row: int, column: int) -> QColor:
    """The colour drawn just inside the cell's edge, in the middle of its left side."""
    rect = page.table.visualRect(page.model.index(row, column))
    image = page.table.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    point = QPoint(rect.left() + FRAME_WIDTH, rect.center().y())
    return image.pixelColor(int(point.x() * ratio), int(point.y() * ratio))


def test_the_register_shows_where_the_keys_go(keyboard_window: MainWindow, qtbot: QtBot) -> None:
    vault = keyboard_window.session.vault
    assert vault is not None
    _three_on_monday(vault)
    page = showing(keyboard_window, ShiftsPage)
    page.show_week(MONDAY)
    page.placement.setCurrentIndex(page.placement.findText("Generated Estates"))
    assert page.model.rowCount() == 3
    page.this_week.setFocus()
    while focused() is not page.table:  # Tab into the register, as a person would
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    settle()
    assert page.table.currentIndex().isValid()
    text = page.table.palette().color(QPalette.ColorRole.Text)
    row, column = page.table.currentIndex().row(), page.table.currentIndex().column()
    assert _frame_colour(page, row, column) == text
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    settle()
    assert page.table.currentIndex().row() == row + 1
    assert _frame_colour(page, row + 1, column) == text
    assert _frame_colour(page, row, column) != text  # the frame moved with the keys
    assert column == 1  # Monday, where the shifts are
    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert "✓" in page.model.data(page.model.index(row + 1, 1))
    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert "✓" not in page.model.data(page.model.index(row + 1, 1))


def test_enter_on_the_imports_last_page_imports(
    keyboard_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    page = showing(keyboard_window, VolunteersPage)
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "First name,Last name\nGenerated,Enter-Importee\nGenerated,Enter-Importee-Two\n",
        encoding="utf-8",
    )
    page.open_import()
    wizard = page.import_wizard
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    assert focused() is wizard.file_page.edit
    qtbot.keyClicks(focused(), str(sheet))
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.mapping_page)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.preview_page)
    qtbot.waitUntil(wizard.preview_page.isComplete)
    settle()
    # Not the mapping page's last box, hidden now: Enter goes to Import.
    assert focused() is wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    vault = keyboard_window.session.vault
    assert vault is not None
    qtbot.waitUntil(
        lambda: volunteers.count(vault, ListFilter(search="enter-importee"), A_DAY) == 2
    )
    assert not wizard.isVisible()
