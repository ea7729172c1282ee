"""Volunteer rows <-> the domain's VolunteerDetails, and the list queries the Volunteers
screen pages through (filtering, search and sorting all done in SQL)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from coordinator_app.data.database import inline
from coordinator_app.data.models import OnboardingCheckRow, VolunteerRow
from coordinator_app.domain import onboarding
from coordinator_app.domain.names import fold
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.volunteers import Consent, LanguageSkill, VolunteerDetails

NEVER_EXPIRES = date.max
# Each has an index (archived, column, id), so a sorted page stops after its 200 rows.
SORTS: dict[str, InstrumentedAttribute[Any]] = {
    "name": VolunteerRow.sort_name,
    "code": VolunteerRow.code,
    "state": VolunteerRow.state,
    "status": VolunteerRow.status,
    "profession": VolunteerRow.profession,
    "joined": VolunteerRow.joined_on,
    "ready": VolunteerRow.ready_until,
}


def resolve(session: Session, code: str) -> VolunteerRow | None:
    """The record a pseudonym code means now: a record merged into another resolves to the
    one it was merged into (following merges of merges)."""
    row = session.scalars(select(VolunteerRow).where(VolunteerRow.code == code.strip().upper()))
    found = row.first()
    seen: set[int] = set()
    while found is not None and found.merged_into_id is not None and found.id not in seen:
        seen.add(found.id)  # a loop cannot be written by merge; stop rather than spin
        found = session.get(VolunteerRow, found.merged_into_id)
    return found


def search_text(details: VolunteerDetails, code: str) -> str:
    """Folded names, code, phone digits (international and national) and email."""
    digits = "".join(c for c in details.phone if c.isdigit())
    national = "0" + digits[2:] if details.phone.startswith("+44") else ""
    parts = (
        details.given_names,
        details.family_name,
        details.preferred_name,
        code,
        digits,
        national,
        details.email,
    )
    return " ".join(fold(p) for p in parts if p)


def write_details(row: VolunteerRow, details: VolunteerDetails) -> None:
    for column, value in details_columns(details, row.code).items():
        setattr(row, column, value)


def details_columns(details: VolunteerDetails, code: str) -> dict[str, Any]:
    """The volunteer table's values for ``details`` (the person's code is in the search
    text): what ``write_details`` sets on a row, and what a bulk INSERT writes."""
    return {
        "given_names": details.given_names,
        "family_name": details.family_name,
        "preferred_name": details.preferred_name,
        "date_of_birth": details.date_of_birth,
        "phone": details.phone,
        "email": details.email,
        "postcode_district": details.postcode_district,
        "languages_json": json.dumps([[s.language, s.level] for s in details.languages]),
        "english_level": details.english_level,
        "status": details.status,
        "leave_expires_on": details.leave_expires_on,
        "rtw_evidence": details.rtw_evidence,
        "rtw_checked_on": details.rtw_checked_on,
        "rtw_checked_by": details.rtw_checked_by,
        "rtw_follow_up_on": details.rtw_follow_up_on,
        "reporting_days_json": json.dumps(sorted(details.reporting_days)),
        "profession": details.profession,
        "country_qualified": details.country_qualified,
        "years_experience": details.years_experience,
        "goals": details.goals,
        "barriers_json": json.dumps(list(details.barriers)),
        "barriers_note": details.barriers_note,
        "referral_source": details.referral_source,
        "consent_records_on": details.consent_records.given_on,
        "consent_records_withdrawn_on": details.consent_records.withdrawn_on,
        "consent_sharing_on": details.consent_sharing.given_on,
        "consent_sharing_withdrawn_on": details.consent_sharing.withdrawn_on,
        "consent_follow_up_on": details.consent_follow_up.given_on,
        "consent_follow_up_withdrawn_on": details.consent_follow_up.withdrawn_on,
        "state": details.state,
        "left_reason": details.left_reason,
        "role": details.role,
        "joined_on": details.joined_on,
        "search_text": search_text(details, code),
        # Folded, so Çelik sorts with Celik and case never splits a surname.
        "sort_name": f"{fold(details.family_name)} {fold(details.given_names)}",
    }


def read_details(row: VolunteerRow) -> VolunteerDetails:
    return VolunteerDetails(
        given_names=row.given_names,
        family_name=row.family_name,
        preferred_name=row.preferred_name,
        date_of_birth=row.date_of_birth,
        phone=row.phone,
        email=row.email,
        postcode_district=row.postcode_district,
        languages=tuple(
            LanguageSkill(lang, level) for lang, level in json.loads(row.languages_json)
        ),
        english_level=row.english_level,
        status=row.status,
        leave_expires_on=row.leave_expires_on,
        rtw_evidence=row.rtw_evidence,
        rtw_checked_on=row.rtw_checked_on,
        rtw_checked_by=row.rtw_checked_by,
        rtw_follow_up_on=row.rtw_follow_up_on,
        reporting_days=tuple(json.loads(row.reporting_days_json)),
        profession=row.profession,
        country_qualified=row.country_qualified,
        years_experience=row.years_experience,
        goals=row.goals,
        barriers=tuple(json.loads(row.barriers_json)),
        barriers_note=row.barriers_note,
        referral_source=row.referral_source,
        consent_records=Consent(row.consent_records_on, row.consent_records_withdrawn_on),
        consent_sharing=Consent(row.consent_sharing_on, row.consent_sharing_withdrawn_on),
        consent_follow_up=Consent(row.consent_follow_up_on, row.consent_follow_up_withdrawn_on),
        state=row.state,
        left_reason=row.left_reason,
        role=row.role,
        joined_on=row.joined_on,
    )


def read_checks(row: VolunteerRow) -> dict[str, CheckRecord]:
    return {c.key: CheckRecord(c.key, c.completed_on, c.expires_on, c.note) for c in row.checks}


def write_checks(session: Session, row: VolunteerRow, checks: Iterable[CheckRecord]) -> None:
    """Replace the volunteer's checks, then recompute ``ready_until``."""
    wanted = {c.key: c for c in checks}
    for existing in list(row.checks):
        if existing.key not in wanted:
            row.checks.remove(existing)
    by_key = {c.key: c for c in row.checks}
    for key, check in wanted.items():
        target = by_key.get(key)
        if target is None:
            target = OnboardingCheckRow(key=key, note="")
            row.checks.append(target)
        target.completed_on = check.completed_on
        target.expires_on = check.expires_on
        target.note = check.note
    session.flush()
    refresh_ready_until(row)


def refresh_ready_until(row: VolunteerRow) -> None:
    """The last day the volunteer is ready, or None while a required check is missing."""
    role = onboarding.role(row.role)
    checks = read_checks(row)
    if role is None:
        row.ready_until = None
        return
    ends: list[date] = []
    for key in role.items:
        check = checks.get(key)
        if check is None or check.completed_on is None:
            row.ready_until = None
            return
        expiry = check.expires_on or onboarding.default_expiry(key, check.completed_on)
        ends.append(expiry or NEVER_EXPIRES)
    row.ready_until = min(ends, default=NEVER_EXPIRES)


@dataclass(frozen=True)
class ListFilter:
    search: str = ""
    state: str | None = None
    ready: bool | None = None
    status: str | None = None
    profession: str | None = None
    include_archived: bool = False


def conditions(query: ListFilter, today: date) -> list[ColumnElement[bool]]:
    """The WHERE clauses for a filter (search tokens must all appear in ``search_text``)."""
    conditions: list[ColumnElement[bool]] = []
    if not query.include_archived:
        conditions.append(VolunteerRow.archived.is_(False))
    merged = aliased(VolunteerRow)
    for token in fold(query.search).split():
        # A record merged into another still finds it: its old code (or a name only it
        # held) turns up the record it now lives on.
        conditions.append(
            or_(
                VolunteerRow.search_text.contains(token, autoescape=True),
                VolunteerRow.id.in_(
                    select(merged.merged_into_id).where(
                        merged.merged_into_id.is_not(None),
                        merged.search_text.contains(token, autoescape=True),
                    )
                ),
            )
        )
    if query.state:
        conditions.append(VolunteerRow.state == query.state)
    if query.status:
        conditions.append(VolunteerRow.status == query.status)
    if query.profession:
        conditions.append(VolunteerRow.profession == query.profession)
    if query.ready is True:
        conditions.append(VolunteerRow.ready_until >= today)
    elif query.ready is False:
        conditions.append(or_(VolunteerRow.ready_until.is_(None), VolunteerRow.ready_until < today))
    return conditions


def count(session: Session, query: ListFilter, today: date) -> int:
    stmt = select(func.count(VolunteerRow.id)).where(and_(True, *conditions(query, today)))
    return int(session.scalar(stmt) or 0)


LIST_COLUMNS = (
    VolunteerRow.id,
    VolunteerRow.code,
    VolunteerRow.given_names,
    VolunteerRow.family_name,
    VolunteerRow.preferred_name,
    VolunteerRow.state,
    VolunteerRow.status,
    VolunteerRow.profession,
    VolunteerRow.ready_until,
    VolunteerRow.phone,
    VolunteerRow.email,
    VolunteerRow.archived,
)


def page(
    session: Session,
    query: ListFilter,
    today: date,
    *,
    offset: int,
    limit: int,
    sort: str = "name",
    descending: bool = False,
) -> list[tuple[object, ...]]:
    column = SORTS.get(sort, SORTS["name"])
    # The id last keeps the order stable between pages when values tie.
    order = (
        (column.desc(), VolunteerRow.id.desc())
        if descending
        else (column.asc(), VolunteerRow.id.asc())
    )
    stmt = (
        select(*LIST_COLUMNS)
        .where(and_(True, *conditions(query, today)))
        .order_by(*order)
        .limit(inline(limit))  # a page's size recurs (see database.inline)
        .offset(offset)
    )
    return [tuple(r) for r in session.execute(stmt)]
