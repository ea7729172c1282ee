"""Approve hours through the real dialog on a real vault: by volunteer, by ISO week and the
running month, months named as read, counts and plurals right, audited as today."""

from __future__ import annotations

import json

from sqlalchemy import select

from coordinator_app.data.models import AuditEntryRow
from coordinator_app.services.shifts import register, shifts
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.shifts.approve_months import BY_MONTH, BY_VOLUNTEER, BY_WEEK
from coordinator_app.ui.shifts.register_page import ShiftsPage
from tests.ui.test_register import MONDAY, window

__all__ = ["window"]  # the fixture: three volunteers with two shifts each this week


def test_approve_by_volunteer_week_and_this_month(window: MainWindow) -> None:
    vault = window.session.vault
    assert vault is not None
    for row in register.week_register(vault, MONDAY):  # Monday's shifts worked, 4 hours each
        shifts.record_outcome(vault, row.days[0][0].shift_id, "attended")
    page = next(p for p in window.pages if isinstance(p, ShiftsPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.open_approval()
    dialog = page.approval
    assert dialog.month.itemText(0) == "November 2026 (this month): 12 hours not approved"

    dialog.by.setCurrentIndex(dialog.by.findData(BY_VOLUNTEER))
    assert dialog.volunteer.isVisible() and not dialog.week.isVisible()
    assert dialog.volunteer.count() == 3
    assert dialog.volunteer.currentText().endswith(": 4 hours not approved")
    name = dialog.volunteer.currentText().split(":")[0]
    dialog.approve.click()
    assert dialog.message.text() == f"Approved 4 hours (1 shift, 1 volunteer) for {name}."
    assert dialog.volunteer.count() == 2

    dialog.by.setCurrentIndex(dialog.by.findData(BY_WEEK))
    assert dialog.week.currentText() == (
        "Week 48, 23/11/2026 to 29/11/2026: 8 hours not approved, 2 volunteers"
    )
    dialog.approve.click()
    assert dialog.message.text() == (
        "Approved 8 hours (2 shifts, 2 volunteers) in the week of 23/11/2026."
    )
    assert dialog.week.count() == 0 and not dialog.approve.isEnabled()

    dialog.by.setCurrentIndex(dialog.by.findData(BY_MONTH))
    dialog.month.setCurrentIndex(0)
    assert dialog.month.currentText() == "November 2026 (this month): 12 hours, all approved"
    assert dialog.approve.text() == "&Approve" and not dialog.approve.isEnabled()
    with vault.unit_of_work() as session:
        approved = [
            json.loads(row.detail_json)
            for row in session.scalars(
                select(AuditEntryRow).where(AuditEntryRow.action == "hours_approved")
            )
        ]
    assert [(a["on"], a["shifts"], a["minutes"]) for a in approved] == [
        ("2026-11-27", 1, 240),
        ("2026-11-27", 2, 480),
    ]
    dialog.reject()
