"""The weekly register: a grid marked by keyboard, a day marked at once, locked months."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coordinator_app.domain import onboarding
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.shifts import ShiftTime
from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.services.reports import stats
from coordinator_app.services.shifts import months, placements, register, shifts
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.volunteers import volunteers
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.shifts.register_page import ShiftsPage
from tests.conftest import VaultTemplates
from tests.ui.conftest import set_today, unlocked_window

TODAY = date(2026, 11, 27)  # a Friday
MONDAY = date(2026, 11, 23)
ROLE = "non_patient_facing"


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None, vault_templates: VaultTemplates
) -> MainWindow:
    folder = tmp_path / "vault"
    vault, _ = vault_templates.open(folder, "ABUHB", "Generated Coordinator")
    role = onboarding.role(ROLE)
    assert role is not None
    placement = placements.add_placement(vault, PlacementDetails("Generated Estates", ROLE, False))
    for n in range(3):
        person = volunteers.register(
            vault,
            VolunteerDetails(given_names=f"Generated{n}", family_name="Register-Test", role=ROLE),
            TODAY,
            [CheckRecord(k, TODAY - timedelta(days=30)) for k in role.items],
            allow_duplicates=True,
        )
        for day in (MONDAY, MONDAY + timedelta(days=1)):
            shifts.book(vault, person.id, placement.id, ShiftTime(day, time(9), time(13)), TODAY)
    vault.close()
    return unlocked_window(qtbot, folder, TODAY)


def _page(window: MainWindow) -> ShiftsPage:
    page = next(p for p in window.pages if isinstance(p, ShiftsPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.show_week(MONDAY)
    return page


def test_register_model_passes_the_model_tester(
    window: MainWindow, qtmodeltester: ModelTester
) -> None:
    page = _page(window)
    assert page.model.rowCount() == 3 and page.model.columnCount() == 9
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "Mon 23/11"
    qtmodeltester.check(page.model)


def test_marking_by_keyboard_and_totals(window: MainWindow, qtbot: QtBot) -> None:
    page = _page(window)
    table = page.table
    table.setFocus()
    table.setCurrentIndex(page.model.index(0, 1))  # first volunteer, Monday
    qtbot.keyClick(table, Qt.Key.Key_A)
    assert "✓" in page.model.data(page.model.index(0, 1))
    assert page.model.data(page.model.index(0, 8)) == "4:00"
    assert table.currentIndex().column() == 1  # still on the cell just marked
    qtbot.keyClick(table, Qt.Key.Key_Right)
    qtbot.keyClick(table, Qt.Key.Key_N)
    assert "no-show" in page.model.data(page.model.index(0, 2))
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_W)
    assert "cancelled" in page.model.data(page.model.index(1, 2))
    vault = window.session.vault
    assert vault is not None
    counts = stats.vault_stats(vault)["shifts"]
    assert (counts["attended"], counts["no_show"], counts["cancelled"]) == (1, 1, 1)


def test_all_attended_as_planned_for_a_day_and_locked_months(window: MainWindow) -> None:
    page = _page(window)
    page.table.setCurrentIndex(page.model.index(0, 2))  # Tuesday
    page.all_attended.click()
    assert "3 shifts" in page.message.text()
    assert all("✓" in page.model.data(page.model.index(r, 2)) for r in range(3))
    assert all(page.model.data(page.model.index(r, 8)) == "4:00" for r in range(3))
    page.table.setCurrentIndex(page.model.index(0, 7))  # Sunday: not yet happened
    page.all_attended.click()
    assert "has not happened yet" in page.message.text()


def test_locked_month_refuses_marks_with_a_sentence(window: MainWindow, qtbot: QtBot) -> None:
    page = _page(window)
    vault = window.session.vault
    assert vault is not None
    months.approve_month(vault, "2026-11", date(2026, 12, 2))
    page.show_week(MONDAY)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 1))
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    assert "approved and locked" in page.message.text()
    assert "✓" not in page.model.data(page.model.index(0, 1))


def test_booking_dialog_books_and_shows_clashes_first(window: MainWindow) -> None:
    page = _page(window)
    page.open_booking()
    dialog = page.booking
    assert dialog.volunteer.count() == 3 and dialog.placement.count() == 1
    dialog.volunteer.setCurrentIndex(0)
    dialog.on.setText("25/11/2026")
    dialog.book_button.click()
    assert not dialog.isVisible() and "Booked 1 shift" in page.message.text()
    assert "09:00–13:00" in page.model.data(page.model.index(0, 3))

    page.open_booking()
    dialog = page.booking
    dialog.volunteer.setCurrentIndex(0)
    dialog.on.setText("23/11/2026")  # Monday 09:00-13:00 is already booked
    dialog.start.setText("10:00")
    dialog.end.setText("12:00")
    dialog.book_button.click()
    assert dialog.isVisible() and "overlap" in dialog.message.text()
    assert dialog.anyway_button.isVisible()
    dialog.end.setText("25:00")
    dialog.anyway_button.click()
    assert "not a time" in dialog.message.text()  # bad input: a sentence, nothing lost
    dialog.end.setText("12:00")
    dialog.anyway_button.click()
    assert not dialog.isVisible()
    assert page.model.data(page.model.index(0, 1)).count("\n") == 1  # two shifts that Monday


def test_today_lists_todays_shifts_and_no_shows_to_follow_up(window: MainWindow) -> None:
    from coordinator_app.ui.reports.today_page import TodayPage

    vault = window.session.vault
    assert vault is not None
    page = next(p for p in window.pages if isinstance(p, TodayPage))
    set_today(window, MONDAY + timedelta(days=1))  # Tuesday: three shifts booked
    monday = register.week_register(vault, MONDAY)
    shifts.record_outcome(vault, monday[0].days[0][0].shift_id, "no_show")
    page.refresh()
    tuesday = [s for s in page.week.records if s.on == MONDAY + timedelta(days=1)]
    assert len(tuesday) == 3 and page.week.rowCount() == 6
    assert page.no_shows.rowCount() == 1
    assert page.no_shows.data(page.no_shows.index(0, 4)) == "No-show"
    assert "3 shifts today" in page.heading.text()
    assert page.week_label.text() == "&Shifts this week: 6, of which 5 still planned"


def test_approve_and_unlock_a_month_with_a_reason(window: MainWindow) -> None:
    page = _page(window)
    vault = window.session.vault
    assert vault is not None
    page.open_approval()
    dialog = page.approval
    assert dialog.month.currentData() == "2026-10"  # the last ended month first
    assert dialog.month.count() == 13  # and this month, then eleven before
    assert dialog.month.currentText() == "October 2026: no hours worked"
    assert dialog.approve.text() == "&Approve and lock"
    dialog.approve.click()
    assert dialog.message.text() == "October 2026 approved and locked."
    assert months.is_locked(vault, "2026-10")
    assert dialog.unlock.isEnabled() and not dialog.approve.isEnabled()
    dialog.unlock.click()  # no reason yet
    assert "needs a reason" in dialog.message.text() and months.is_locked(vault, "2026-10")
    dialog.reason.setText("The ward corrected two registers")
    dialog.unlock.click()
    assert not months.is_locked(vault, "2026-10")
    dialog.reject()


def test_every_row_is_as_high_as_its_lines(font_scale: float, window: MainWindow) -> None:
    """Rows are one line high; a row with a day of several shifts is measured, so both
    shifts show, also at 200 %."""
    vault = window.session.vault
    assert vault is not None
    first = volunteers.all_rows(vault, TODAY)[0]
    (ward,) = placements.placements(vault)
    shifts.book(vault, first.id, ward.id, ShiftTime(MONDAY, time(14), time(17)), TODAY)
    page = _page(window)
    table = page.table
    assert any(len(day) == 2 for r in page.model.rows for day in r.days)
    for row in range(page.model.rowCount()):
        assert table.rowHeight(row) >= table.sizeHintForRow(row), row
