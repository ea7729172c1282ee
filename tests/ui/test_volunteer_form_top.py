"""The volunteer form on a real vault: State and Role are the first thing on the record,
"Make active" is offered once onboarding is complete and saves through the normal save
(audited), and a check's expiry is suggested from its validity but never saved unseen."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from coordinator_app.data.models import AuditEntryRow
from coordinator_app.domain import onboarding
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.services.volunteers import volunteers
from coordinator_app.ui.app.main_window import MainWindow
from tests.ui.test_volunteers import TODAY, _page, _vault, window

__all__ = ["window"]
ROLE = "non_patient_facing"


def _onboarded(window: MainWindow, *, ready: bool) -> int:
    role = onboarding.role(ROLE)
    assert role is not None
    items = role.items if ready else role.items[:-1]
    details = VolunteerDetails(
        given_names="Generated", family_name="Form-Top", role=ROLE, state="onboarding"
    )
    checks = [CheckRecord(k, TODAY - timedelta(days=5)) for k in items]
    made = volunteers.register(_vault(window), details, TODAY, checks, allow_duplicates=True)
    return made.id


def test_state_and_role_come_first_and_make_active_saves(window: MainWindow) -> None:
    page = _page(window)
    not_yet = _onboarded(window, ready=False)
    page.open_volunteer(not_yet)
    form = page.form
    assert form.currentIndex() == 0  # the Person tab, shown on opening
    assert form.state.isVisible() and form.role.isVisible()
    assert form.state.currentText() == "Onboarding"
    assert not form.make_active.isVisible()  # a check is still to do

    ready = _onboarded(window, ready=True)
    page.open_volunteer(ready)
    assert form.make_active.isVisible() and form.make_active.text() == "Ma&ke active"
    form.make_active.click()
    record = volunteers.get(_vault(window), ready, TODAY)
    assert record.details.state == "active"
    assert form.state.currentText() == "Active" and not form.make_active.isVisible()
    with _vault(window).unit_of_work() as session:
        last = session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.id.desc())).first()
        assert last is not None and last.action == "volunteer_updated"
        detail = json.loads(last.detail_json)
        assert detail["code"] == record.code and "state" in detail["fields"]


def test_expiry_is_suggested_from_the_checks_validity(window: MainWindow) -> None:
    page = _page(window)
    page.open_volunteer(_onboarded(window, ready=False))
    form = page.form
    done, expires = form.check_fields["dbs"]
    expires.clear()
    done.setText("27/11/2026")
    assert expires.placeholderText() == "suggested 27/11/2029 (3 years)"
    assert expires.text() == ""  # a suggestion, not a value
    fire_done, fire_expires = form.check_fields["training_fire_safety"]
    fire_expires.clear()
    fire_done.setText("01/12/2026")
    assert fire_expires.placeholderText() == "suggested 01/12/2027 (1 year)"
    induction_done, induction_expires = form.check_fields["induction"]
    induction_done.setText("01/12/2026")
    assert induction_expires.placeholderText() == "expires dd/mm/yyyy"  # it does not expire
    dbs = next(c for c in form.checks() if c.key == "dbs")
    assert dbs.expires_on is None  # nothing saved that was not typed
