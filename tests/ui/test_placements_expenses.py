"""The Shifts section's Placements and Expenses tabs, driven through their widgets."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coordinator_app.domain.shifts import month_of
from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.services.volunteers import volunteers
from coordinator_app.ui.app.main_window import MainWindow
from tests.ui.test_register import TODAY, _page, window

__all__ = ["window"]  # the fixture, shared with the register's tests


def test_placements_are_added_edited_and_archived(
    window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    page = _page(window)
    panel = page.placements
    page.tabs.setCurrentWidget(panel)
    assert [p.name for p in panel.model.records] == ["Generated Estates"]
    qtmodeltester.check(panel.model)
    panel.new_button.click()
    qtbot.keyClicks(panel.name, "Generated Ward 12")
    panel.role.setCurrentIndex(panel.role.findData("ward_volunteer"))
    assert "DBS check" in panel.checks.text()
    panel.patient_facing.setChecked(True)
    qtbot.keyClicks(panel.supervisor, "Generated Sister")
    panel.save_button.click()
    assert "Generated Ward 12 saved" in panel.message.text()
    assert [p.name for p in panel.model.records] == ["Generated Estates", "Generated Ward 12"]
    assert page.placement.findText("Generated Ward 12") > 0  # the register can filter by it

    panel.table.selectRow(0)
    assert panel.name.text() == "Generated Estates"
    panel.patient_facing.setChecked(True)  # its role has no enhanced DBS check
    panel.save_button.click()
    assert "enhanced DBS" in panel.message.text()
    panel.patient_facing.setChecked(False)
    panel.archive_button.click()
    assert [p.name for p in panel.model.records] == ["Generated Ward 12"]
    panel.show_archived.setChecked(True)
    assert len(panel.model.records) == 2 and panel.model.records[0].archived


def test_expense_claims_follow_the_asylum_rule_and_are_marked_paid(
    window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    vault = window.session.vault
    assert vault is not None
    seeker = volunteers.register(
        vault,
        VolunteerDetails(
            given_names="Generated", family_name="Seeker-Test", status="asylum_seeker"
        ),
        TODAY,
        [],
        allow_duplicates=True,
    )
    page = _page(window)
    panel = page.expenses
    panel.today = lambda: TODAY
    # The month box was filled from the real date; show TODAY's month, where the claim goes.
    panel.month.setCurrentIndex(panel.month.findData(month_of(TODAY)))
    page.tabs.setCurrentWidget(panel)
    panel.open_claim()
    dialog = panel.claim_dialog
    dialog.volunteer.setCurrentIndex(dialog.volunteer.findData(seeker.id))
    dialog.kind.setCurrentIndex(dialog.kind.findData("flat_rate"))
    dialog.amount.setValue(10)
    dialog.save()
    assert "cannot be paid to someone seeking asylum" in dialog.message.text()
    assert dialog.isVisible() and panel.model.rowCount() == 0  # nothing saved, nothing lost
    dialog.kind.setCurrentIndex(dialog.kind.findData("travel"))
    dialog.amount.setValue(6.4)
    dialog.save()
    assert not dialog.isVisible()
    assert "No receipt" in panel.message.text()
    assert panel.model.rowCount() == 1
    qtmodeltester.check(panel.model)
    assert panel.model.data(panel.model.index(0, 3)) == "£6.40"
    assert "1 claims, £6.40" in panel.total.text()
    panel.table.selectRow(0)
    panel.paid_button.click()
    assert panel.model.data(panel.model.index(0, 5)) == f"{TODAY:%d/%m/%Y}"
    window.session.lock("test")
    assert panel.model.rowCount() == 0  # personal data cleared on lock
