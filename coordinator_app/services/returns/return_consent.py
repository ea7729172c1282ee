"""Who a return may show: the period's caseload split by consent to sharing. Only
volunteers who agreed are listed; the others are counted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from coordinator_app.data.models import VolunteerRow
from coordinator_app.domain.periods import ReturnPeriod


@dataclass(frozen=True)
class Consent:
    shared: frozenset[int]
    missing: int
    withdrawn: int
    conditions: tuple[ColumnElement[bool], ...]  # the same people, as SQL on volunteer
    shared_ids: Select[Any]  # and as a subquery (no huge IN lists)


def consent_in(session: Session, period: ReturnPeriod) -> Consent:
    """The caseload for the period, split by consent to sharing."""
    caseload = (
        VolunteerRow.archived.is_(False),
        # Everyone on the caseload, except people who only started after the period
        # (records entered late still count for the period they describe).
        or_(VolunteerRow.joined_on.is_(None), VolunteerRow.joined_on <= period.end),
    )
    rows = session.execute(
        select(
            VolunteerRow.id,
            VolunteerRow.consent_sharing_on,
            VolunteerRow.consent_sharing_withdrawn_on,
        ).where(*caseload)
    )
    shared, missing, withdrawn = set(), 0, 0
    for volunteer_id, given, taken_back in rows:
        if taken_back:
            withdrawn += 1
        elif given:
            shared.add(int(volunteer_id))
        else:
            missing += 1
    conditions = (
        *caseload,
        VolunteerRow.consent_sharing_on.is_not(None),
        VolunteerRow.consent_sharing_withdrawn_on.is_(None),
    )
    shared_ids = select(VolunteerRow.id).where(*conditions)
    return Consent(frozenset(shared), missing, withdrawn, conditions, shared_ids)


def is_shared(column: InstrumentedAttribute[int], consent: Consent) -> ColumnElement[bool]:
    return column.in_(consent.shared_ids)
