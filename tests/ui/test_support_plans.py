"""The Support plans and Activities sections and Today's support list, through their
widgets on a real vault."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coordinator_app.domain import onboarding
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.services.volunteers import volunteers
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.reports.today_page import TodayPage
from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.support.activities_page import ActivitiesPage
from coordinator_app.ui.support.plans_page import PlansPage
from tests.conftest import PASSPHRASE, VaultTemplates
from tests.ui.conftest import unlocked_window

TODAY = date(2026, 11, 27)
ROLE = "non_patient_facing"


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None, vault_templates: VaultTemplates
) -> MainWindow:
    folder = tmp_path / "vault"
    vault, _ = vault_templates.open(folder, "LWH", "Generated Coordinator")
    role = onboarding.role(ROLE)
    assert role is not None
    for family, status in (("Refugee-Generated", "refugee"), ("Seeker-Generated", "asylum_seeker")):
        volunteers.register(
            vault,
            VolunteerDetails(
                given_names="Generated",
                family_name=family,
                role=ROLE,
                status=status,
                state="active",
                joined_on=TODAY - timedelta(days=100),
            ),
            TODAY - timedelta(days=100),
            [CheckRecord(k, TODAY - timedelta(days=100)) for k in role.items],
            allow_duplicates=True,
        )
    vault.close()
    return unlocked_window(qtbot, folder, TODAY)


def _section(window: MainWindow, kind: type) -> object:
    page = next(p for p in window.pages if isinstance(p, kind))
    window.nav.setCurrentRow(window.pages.index(page))
    return page


def test_plan_pathway_milestone_and_printed_copy(
    window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester, tmp_path: Path
) -> None:
    page = _section(window, PlansPage)
    assert isinstance(page, PlansPage)
    page.folders = lambda _parent, _title: tmp_path
    page.volunteer.setCurrentIndex(
        page.volunteer.findText("Generated Refugee-Generated", Qt.MatchFlag.MatchStartsWith)
    )
    page.pathway.setCurrentIndex(page.pathway.findData("healthcare_support_worker"))
    page.add_pathway_button.click()
    assert page.milestones.rowCount() >= 4 and "added to the plan" in page.message.text()
    qtmodeltester.check(page.milestones)
    page.table.selectRow(0)
    page.status.setCurrentIndex(page.status.findData("achieved"))
    page.achieved.setText("20/11/2026")
    page.save_milestone_button.click()
    assert page.milestones.records[0].achieved_on == date(2026, 11, 20)
    page.achieved.setText("31/02/2026")
    page.save_milestone_button.click()
    assert "is not a date: February 2026 has no day 31." in page.message.text()
    qtbot.keyClicks(page.needs, "Help with interview nerves")
    page.save_assessment_button.click()
    assert page.message.text() == "Needs and strengths saved."
    page.print_button.click()
    assert (tmp_path / "support-plan-2026-11-27.pdf").exists()

    qtbot.keyClicks(page.strengths, "Typed before the lock")
    window.session.lock("test")
    assert page.milestones.rowCount() == 0 and page.needs.toPlainText() == ""
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    assert "Typed before the lock" in page.strengths.toPlainText()  # the draft came back
    assert page.milestones.rowCount() >= 4


def test_a_plan_whose_volunteer_left_the_list_is_no_longer_shown(window: MainWindow) -> None:
    page = _section(window, PlansPage)
    assert isinstance(page, PlansPage)
    page.volunteer.setCurrentIndex(
        page.volunteer.findText("Generated Seeker-Generated", Qt.MatchFlag.MatchStartsWith)
    )
    seeker = page.volunteer.currentData()
    assert page.shown is not None and page.shown.volunteer_id == seeker
    assert window.session.vault is not None
    volunteers.set_archived(window.session.vault, seeker, True, TODAY)  # as another screen would
    window.session.notify_changed(frozenset({Change.VOLUNTEERS}))
    # Not quietly swapped for the next person: nobody is chosen, and the page says why.
    assert page.volunteer.currentData() is None
    assert page.message.text().startswith("Generated Seeker-Generated (")
    assert "is no longer in the list: choose someone else." in page.message.text()
    assert page.shown is None and page.milestones.rowCount() == 0
    assert page.volunteer.count() == 1


def test_reviews_chart_and_the_asylum_outcome_rule(
    window: MainWindow, qtmodeltester: ModelTester
) -> None:
    page = _section(window, PlansPage)
    assert isinstance(page, PlansPage)
    page.volunteer.setCurrentIndex(
        page.volunteer.findText("Generated Seeker-Generated", Qt.MatchFlag.MatchStartsWith)
    )
    page.tabs.setCurrentWidget(page.reviews)
    for held, value in (("01/06/2026", "2"), ("01/10/2026", "4")):
        page.reviews.held_on.setText(held)
        page.reviews.ratings["confidence"].setCurrentIndex(
            page.reviews.ratings["confidence"].findData(value)
        )
        page.reviews.add_button.click()
    assert page.reviews.model.rowCount() == 2 and len(page.reviews.chart.reviews) == 2
    assert "Confidence 2 → 4 (up)" in page.reviews.distance.text()
    qtmodeltester.check(page.reviews.model)
    assert page.reviews.chart.grab().width() > 0  # it paints

    page.tabs.setCurrentWidget(page.outcomes)
    outcomes = page.outcomes
    outcomes.kind.setCurrentIndex(outcomes.kind.findData("paid_job"))
    outcomes.employer.setText("Generated NHS Trust")
    outcomes.role.setText("Porter")
    outcomes.started.setText("01/11/2026")
    outcomes.add_button.click()
    assert "permission to work" in page.message.text()
    assert outcomes.model.rowCount() == 0 and outcomes.role.text() == "Porter"  # nothing lost
    outcomes.kind.setCurrentIndex(outcomes.kind.findData("training"))
    outcomes.course.setText("Generated care course")
    outcomes.add_button.click()
    assert outcomes.model.rowCount() == 1 and "12m due" in outcomes.model.data(
        outcomes.model.index(0, 3)
    )
    qtmodeltester.check(outcomes.model)


def test_activity_register_by_keyboard_and_today_list(
    window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    page = _section(window, ActivitiesPage)
    assert isinstance(page, ActivitiesPage)
    page.kind.setCurrentIndex(page.kind.findData("cv_workshop"))
    page.on.setText("20/11/2026")
    page.start_time.setText("10:00")
    page.end_time.setText("12:30")
    page.add_button.click()
    assert page.model.rowCount() == 1 and "now its register" in page.message.text()
    for n in range(page.person.count()):
        page.person.setCurrentIndex(n)
        page._add_person()
    assert page.register.rowCount() == 2
    qtmodeltester.check(page.register)
    view = page.register_view
    view.setFocus()
    view.setCurrentIndex(page.register.index(0, 2))
    qtbot.keyClick(view, Qt.Key.Key_Space)  # ticks "attended"
    assert page.register.attended() == [page.register.lines[0][0]]
    page.save_register_button.click()
    assert "1 attended" in page.message.text()
    assert page.model.data(page.model.index(0, 5)) == "1"

    plans = _section(window, PlansPage)
    assert isinstance(plans, PlansPage)
    plans.pathway.setCurrentIndex(plans.pathway.findData("further_study"))
    plans.add_pathway_button.click()
    plans.table.selectRow(0)
    plans.target.setText("30/11/2026")
    plans.save_milestone_button.click()
    today = _section(window, TodayPage)
    assert isinstance(today, TodayPage)
    today.refresh()
    kinds = {item.kind for item in today.to_do.records}
    assert "Milestone" in kinds and "Review" in kinds  # started 100 days ago, never reviewed
