"""Today and the dashboard through their widgets on a real vault of generated people: each
Today line opens its record; the dashboard's figures, tables, PNGs and progress report."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coordinator_app.data.vault import Vault
from coordinator_app.domain import onboarding
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.shifts import ShiftTime
from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.services.shifts import placements, register, shifts
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.volunteers import volunteers
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.reports.charts import OKABE_ITO
from coordinator_app.ui.reports.dashboard_page import DashboardPage
from coordinator_app.ui.reports.today_page import TodayPage
from coordinator_app.ui.shifts.register_page import ShiftsPage
from coordinator_app.ui.support.plans_page import PlansPage
from coordinator_app.ui.volunteers.volunteers_page import VolunteersPage
from tests.conftest import VaultTemplates
from tests.services import dashboard_data
from tests.services.dashboard_data import ROLE, TODAY
from tests.ui.conftest import unlocked_window


def _records(vault: Vault) -> dict[str, int]:
    """The dashboard's hand-counted people, plus f, a placement and three shifts."""
    people = dashboard_data.fill(vault)
    role = onboarding.role(ROLE)
    assert role is not None
    # f: every check done, one of them ending in ten days.
    checks = [CheckRecord(k, TODAY - timedelta(days=20)) for k in role.items]
    checks[0] = CheckRecord(role.items[0], TODAY - timedelta(days=20), TODAY + timedelta(days=10))
    f = volunteers.register(
        vault,
        VolunteerDetails(
            given_names="Generated", family_name="Dashboard-f", role=ROLE, state="active"
        ),
        TODAY,
        checks,
        allow_duplicates=True,
    ).id
    desk = placements.add_placement(vault, PlacementDetails("Generated Ward", ROLE, False))
    for who, on in (
        (people["a"], date(2026, 11, 25)),
        (f, TODAY),
        (people["b"], date(2026, 11, 20)),
    ):
        shifts.book(vault, who, desk.id, ShiftTime(on, time(9), time(12)), TODAY)
    (missed,) = [
        s
        for s in register.week_register(vault, date(2026, 11, 16))
        if s.volunteer_id == people["b"]
    ]
    shifts.record_outcome(vault, missed.days[4][0].shift_id, "no_show")
    return {**people, "f": f}


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None, vault_templates: VaultTemplates
) -> MainWindow:
    folder = tmp_path / "vault"
    made = vault_templates.copy(folder, "CWP", "Generated Coordinator", fill=_records)
    window = unlocked_window(qtbot, folder, TODAY)
    window.people = dict(made.filled)  # type: ignore[attr-defined]
    return window


def _page(window: MainWindow, kind: type) -> object:
    page = next(p for p in window.pages if isinstance(p, kind))
    return page


def _current_title(window: MainWindow) -> str:
    return window.nav.currentItem().text()


def test_today_lists_the_week_no_shows_checks_and_opens_each_record(
    window: MainWindow, qtmodeltester: ModelTester
) -> None:
    people = window.people  # type: ignore[attr-defined]
    today = _page(window, TodayPage)
    assert isinstance(today, TodayPage)
    today.refresh()
    qtmodeltester.check(today.to_do)
    assert [s.on for s in today.week.records] == [date(2026, 11, 25), TODAY]
    bold = today.week.data(today.week.index(1, 0), Qt.ItemDataRole.FontRole)
    assert bold is not None and bold.bold()  # today's shift stands out
    assert today.week.data(today.week.index(0, 0), Qt.ItemDataRole.FontRole) is None
    assert "1 shift today" in today.heading.text()
    assert [s.volunteer_id for s in today.no_shows.records] == [people["b"]]
    check = next(i for i in today.to_do.records if i.kind == "Check expiring")
    assert check.volunteer_id == people["f"] and check.due_on == TODAY + timedelta(days=10)
    assert today.return_status.text() == "Return for November 2026 due Mon 07/12/2026: 10 days left"
    assert today.backup_status.text().startswith("⚠ No backup yet")

    today.to_do_view.activated.emit(today.to_do.index(today.to_do.records.index(check), 0))
    assert _current_title(window) == "Volunteers"
    people_page = _page(window, VolunteersPage)
    assert isinstance(people_page, VolunteersPage)
    assert people_page.current is not None and people_page.current.id == people["f"]

    window.nav.setCurrentRow(0)
    today.no_show_view.activated.emit(today.no_shows.index(0, 2))
    assert people_page.current is not None and people_page.current.id == people["b"]

    window.nav.setCurrentRow(0)
    today.week_view.activated.emit(today.week.index(0, 0))
    assert _current_title(window) == "Shifts"
    register = _page(window, ShiftsPage)
    assert isinstance(register, ShiftsPage)
    assert register.model.monday == date(2026, 11, 23)

    plan_line = next(i for i in today.to_do.records if i.opens != "volunteer")
    window.nav.setCurrentRow(0)
    today.to_do_view.activated.emit(today.to_do.index(today.to_do.records.index(plan_line), 0))
    plans = _page(window, PlansPage)
    assert isinstance(plans, PlansPage) and _current_title(window) == "Support plans"
    assert plans.volunteer.currentData() == plan_line.volunteer_id
    assert plans.tabs.currentIndex() == ("plan", "reviews", "outcomes").index(plan_line.opens)

    window.nav.setCurrentRow(0)
    today.return_button.click()
    assert _current_title(window) == "Returns"
    window.nav.setCurrentRow(0)
    today.backup_button.click()
    assert _current_title(window) == "Settings"

    window.session.lock("by hand")
    assert today.week.rowCount() == today.to_do.rowCount() == 0 and not today.heading.text()


def _has_colour(image: QImage, colour: QColor) -> bool:
    return any(
        image.pixelColor(x, y) == colour
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    )


def test_dashboard_figures_tables_pictures_and_report(
    window: MainWindow, tmp_path: Path, qtmodeltester: ModelTester, qtbot: QtBot
) -> None:
    saved: list[Path] = []

    def save_as(_parent: object, _title: str, suggested: str, _kinds: str) -> Path:
        saved.append(tmp_path / suggested)
        return saved[-1]

    page = _page(window, DashboardPage)
    assert isinstance(page, DashboardPage)
    page.save_as = save_as
    page.start()
    assert page.period.currentText() == "Last 12 months"
    page.period.setCurrentIndex(page.period.findText("2026-Q4", Qt.MatchFlag.MatchStartsWith))
    assert page.headline.text().startswith("Active volunteers 3 · Service hours 12.0")
    titles = [p.spec.title for p in page.panels]
    assert len(titles) == 6 and titles[0] == "Volunteers by stage, now"
    stages = page.panels[0].model
    qtmodeltester.check(stages)
    assert stages.records == [
        ("Enquiry", "1"),
        ("Onboarding", "1"),
        ("Active or paused now", "3"),  # a, b and f
        ("With an outcome", "2"),
    ]
    hours = page.panels[1].model.records
    assert hours == [
        ("October 2026", "12.0", "0.0"),
        ("November 2026", "0.0", "2.0"),
        ("December 2026", "0.0", "0.0"),
    ]
    distance = dict((r[0], r[1:]) for r in page.panels[4].model.records)
    assert distance["Confidence"] == ("1.50", "3.00", "+1.50", "2")

    # Each chart is drawn off the window's thread at the view's size, in the palette's
    # colours, with the first series in Okabe-Ito blue.
    qtbot.waitUntil(lambda: all(p.chart.picture is not None for p in page.panels), timeout=10000)
    chart = page.panels[1].chart
    drawn = chart.picture
    assert drawn is not None
    ratio = chart.devicePixelRatioF()
    assert (drawn.width(), drawn.height()) == (
        round(chart.width() * ratio),
        round(chart.height() * ratio),
    )
    assert _has_colour(drawn, QColor(OKABE_ITO[0]))
    assert drawn.pixelColor(1, 1) == chart.palette().color(QPalette.ColorRole.Base)

    panel = page.panels[1]
    panel.as_table.click()
    assert panel.views.currentWidget() is panel.table and panel.as_table.text() == "View as chart"
    panel.save.click()
    png = saved[-1].read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and int.from_bytes(png[16:20], "big") > 800
    assert "Chart saved to" in page.message.text()

    page.period.setCurrentIndex(page.period.findText("September 2026"))
    assert page.headline.text().startswith("Active volunteers 1 · Service hours 4.0")
    assert page.panels[3].model.records == [("Paid job", "1")]
    qtbot.waitUntil(lambda: chart.picture is not drawn, timeout=10000)  # drawn again

    page.report_button.click()
    report = saved[-1]
    assert report.name == "progress-report-2026-09.pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(report).pages)
    assert "progress report" in text and "Paid job <5" in text
