"""Checks several units of work share: the volunteer is on the current list, and the month
being changed is not approved and locked."""

from __future__ import annotations

from sqlalchemy.orm import Session

from coordinator_app.data.models import MonthApprovalRow, VolunteerRow
from coordinator_app.domain.errors import InvalidInput


class MonthLocked(InvalidInput):
    pass


def current_volunteer(session: Session, volunteer_id: int) -> VolunteerRow:
    row = session.get(VolunteerRow, volunteer_id)
    if row is None or row.archived:
        raise InvalidInput("That volunteer is not in the current list.", "Refresh and try again.")
    return row


def refuse_if_locked(session: Session, month: str) -> None:
    row = session.get(MonthApprovalRow, month)
    if row is not None and row.locked:
        raise MonthLocked(
            f"The hours for {month} are approved and locked.",
            "Unlock the month with a reason first (Shifts, Approve months).",
        )
