"""The Support plans tabs for what the pilot learns: barriers with their dates, case notes
with a next step that shows on Today and opens the notes, and a follow-up's result with a
reason; through the widgets on a real vault."""

from __future__ import annotations

from datetime import date

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coordinator_app.services.support import barriers, case_notes, outcomes
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.reports.today_page import TodayPage
from coordinator_app.ui.support.plans_page import PlansPage
from tests.ui.test_support_plans import _section, window  # noqa: F401 (the fixture)

REFUGEE = "Generated Refugee-Generated"


def _plans(window: MainWindow) -> PlansPage:  # noqa: F811 (the fixture's name)
    page = _section(window, PlansPage)
    assert isinstance(page, PlansPage)
    index = next(
        n for n in range(page.volunteer.count()) if page.volunteer.itemText(n).startswith(REFUGEE)
    )
    page.volunteer.setCurrentIndex(index)
    return page


def test_barriers_are_added_resolved_with_what_helped(
    window: MainWindow,  # noqa: F811
    qtmodeltester: ModelTester,
) -> None:
    page = _plans(window)
    panel = page.barrier_dates
    page.tabs.setCurrentWidget(panel)
    panel.kind.setCurrentIndex(panel.kind.findData("travel"))
    panel.found_on.setText("02/09/2026")
    panel.add_button.click()
    assert panel.model.rowCount() == 1 and "open barrier" in page.message.text()
    assert panel.model.data(panel.model.index(0, 2)) == "open"
    qtmodeltester.check(panel.model)
    panel.table.selectRow(0)
    panel.resolved.setText("01/09/2026")  # before it was identified: refused, kept
    panel.save_button.click()
    assert "before it was identified" in page.message.text()
    panel.resolved.setText("20/10/2026")
    panel.helped.setText("Generated bus pass")
    panel.save_button.click()
    assert "resolved on 20/10/2026" in page.message.text()
    vault = window.session.vault
    assert vault is not None
    (saved,) = barriers.barriers(vault, page.volunteer.currentData())
    assert (saved.key, saved.identified_on, saved.resolved_on, saved.helped) == (
        "travel",
        date(2026, 9, 2),
        date(2026, 10, 20),
        "Generated bus pass",
    )


def test_a_case_note_next_step_shows_on_today_and_opens_the_notes(
    window: MainWindow,  # noqa: F811
    qtbot: QtBot,
) -> None:
    page = _plans(window)
    person = page.volunteer.currentData()
    notes = page.case_notes
    page.tabs.setCurrentWidget(notes)
    notes.note.setPlainText("Generated note: talked about shift times.")
    notes.next_step.setText("Generated step: call back")
    notes.add_button.click()
    assert "Give the next step a date" in page.message.text()  # a step needs its day
    notes.next_step_on.setText("30/11/2026")
    notes.safeguarding.setChecked(True)
    notes.add_button.click()
    assert notes.model.rowCount() == 1 and "shows on Today" in page.message.text()
    assert notes.model.data(notes.model.index(0, 1)) == "⚠ yes"

    today = _section(window, TodayPage)
    assert isinstance(today, TodayPage)
    today.refresh()
    (item,) = [i for i in today.to_do.records if i.opens == "notes"]
    assert (item.kind, item.what, item.volunteer_id) == (
        "Safeguarding",
        "Generated step: call back",
        person,
    )
    window.open_record(item.opens, item.volunteer_id)
    assert page.tabs.currentWidget() is notes

    notes.table.selectRow(0)
    notes.done_button.click()
    assert "✓ done" in notes.model.data(notes.model.index(0, 3))
    vault = window.session.vault
    assert vault is not None
    assert case_notes.notes(vault, person)[0].next_step_done


def test_a_follow_up_records_its_result_and_reason(window: MainWindow) -> None:  # noqa: F811
    page = _plans(window)
    panel = page.outcomes
    page.tabs.setCurrentWidget(panel)
    panel.kind.setCurrentIndex(panel.kind.findData("training"))
    panel.course.setText("Generated care course")
    panel.started.setText("01/06/2026")
    panel.add_button.click()
    panel.table.selectRow(0)
    panel.months.setCurrentIndex(panel.months.findData("3"))
    panel.result.setCurrentIndex(panel.result.findData("left"))
    panel.follow_button.click()
    assert "Say why they are no longer there" in page.message.text()
    panel.follow_reason.setCurrentIndex(panel.follow_reason.findData("Moved away"))
    panel.follow_button.click()
    assert "3m ✓ Left (Moved away)" in panel.model.data(panel.model.index(0, 3))
    vault = window.session.vault
    assert vault is not None
    done = outcomes.outcomes(vault, page.volunteer.currentData())[0].follow_ups[0]
    assert (done.result, done.reason, done.still_there) == ("left", "Moved away", False)


def test_an_empty_date_is_refused_in_every_support_form_and_nothing_typed_is_lost(
    window: MainWindow,  # noqa: F811
) -> None:
    """An emptied date field never quietly becomes today (the milestone's rule, kept by the
    barrier, case note, review, outcome and activity forms too)."""
    from coordinator_app.ui.support.activities_page import ActivitiesPage

    page = _plans(window)
    barrier, notes, review, outcome = (
        page.barrier_dates,
        page.case_notes,
        page.reviews,
        page.outcomes,
    )
    barrier.found_on.clear()
    notes.written_on.clear()
    notes.note.setPlainText("Generated note kept")
    review.held_on.clear()
    review.notes.setPlainText("Generated review kept")
    outcome.kind.setCurrentIndex(outcome.kind.findData("training"))
    outcome.course.setText("Generated course kept")
    outcome.started.clear()
    for panel, field in (
        (barrier, "day identified"),
        (notes, "date"),
        (review, "review date"),
        (outcome, "start date"),
    ):
        page.tabs.setCurrentWidget(panel)
        rows = panel.model.rowCount()
        panel.add_button.click()
        assert f"The {field} is empty" in page.message.text()
        assert panel.model.rowCount() == rows
    assert notes.note.toPlainText() == "Generated note kept"
    assert review.notes.toPlainText() == "Generated review kept"
    assert outcome.course.text() == "Generated course kept"

    activities = _section(window, ActivitiesPage)
    assert isinstance(activities, ActivitiesPage)
    activities.kind.setCurrentIndex(activities.kind.findData("cv_workshop"))
    activities.on.clear()
    activities.start_time.setText("10:00")
    activities.end_time.setText("12:00")
    activities.add_button.click()
    assert "The session date is empty" in activities.message.text()
    assert activities.model.rowCount() == 0
