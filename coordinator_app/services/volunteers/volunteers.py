"""Volunteer use cases: register, edit, onboarding checks, archive/restore, list pages for
the Volunteers screen, duplicates and merging. Each call is one unit of work and returns
plain frozen dataclasses."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from coordinator_app.data import audit, barriers
from coordinator_app.data import volunteers as store
from coordinator_app.data.models import VolunteerRow
from coordinator_app.data.vault import Vault
from coordinator_app.data.volunteers import ListFilter
from coordinator_app.domain import duplicates, onboarding
from coordinator_app.domain.duplicates import PersonKey, SeenPeople
from coordinator_app.domain.errors import InvalidInput, UserFacingError
from coordinator_app.domain.immigration import status_label
from coordinator_app.domain.onboarding import CheckRecord, Expiring, Readiness
from coordinator_app.domain.volunteers import VolunteerDetails, status_notes, validate
from coordinator_app.services.volunteers.adding import new_rows

__all__ = ["ListFilter", "VolunteerListRow", "VolunteerRecord", "new_rows"]


@dataclass(frozen=True)
class VolunteerRecord:
    id: int
    code: str
    details: VolunteerDetails
    checks: tuple[CheckRecord, ...]
    readiness: Readiness
    expiring: tuple[Expiring, ...]
    notes: tuple[str, ...]
    archived: bool
    merged_into: str | None


@dataclass(frozen=True)
class VolunteerListRow:
    id: int
    code: str
    name: str
    state: str
    status: str
    profession: str
    ready: bool
    phone: str
    email: str
    archived: bool


@dataclass(frozen=True)
class DuplicateCandidate:
    id: int
    code: str
    name: str
    date_of_birth: date | None
    phone: str
    email: str
    reasons: tuple[str, ...]


class PossibleDuplicates(UserFacingError):
    """Saving would likely enter someone twice; the screen shows ``candidates`` first."""

    def __init__(self, candidates: Sequence[DuplicateCandidate]) -> None:
        super().__init__(
            "This looks like someone already in Coordinator.",
            "Check the people listed; save anyway only if this is a different person.",
        )
        self.candidates = tuple(candidates)


# --- reading -------------------------------------------------------------------------------
def get(vault: Vault, volunteer_id: int, today: date) -> VolunteerRecord:
    with vault.unit_of_work() as session:
        return _record(session, _row(session, volunteer_id), today)


def by_code(vault: Vault, code: str, today: date) -> VolunteerRecord:
    """The record a code means now (a merged record's code gives the record it joined)."""
    with vault.unit_of_work() as session:
        row = store.resolve(session, code)
        if row is None:
            raise InvalidInput(
                f"No volunteer has the code {code}.", "Check the code and try again."
            )
        return _record(session, row, today)


def count(vault: Vault, query: ListFilter, today: date) -> int:
    with vault.unit_of_work() as session:
        return store.count(session, query, today)


def page(
    vault: Vault,
    query: ListFilter,
    today: date,
    *,
    offset: int,
    limit: int,
    sort: str = "name",
    descending: bool = False,
) -> list[VolunteerListRow]:
    with vault.unit_of_work() as session:
        rows = store.page(
            session, query, today, offset=offset, limit=limit, sort=sort, descending=descending
        )
    return [_list_row(r, today) for r in rows]


def all_rows(vault: Vault, today: date, include_archived: bool = False) -> list[VolunteerListRow]:
    query = ListFilter(include_archived=include_archived)
    return page(vault, query, today, offset=0, limit=-1)


def all_records(vault: Vault, today: date) -> list[VolunteerRecord]:
    with vault.unit_of_work() as session:
        rows = session.scalars(
            select(VolunteerRow).where(VolunteerRow.archived.is_(False)).order_by(VolunteerRow.id)
        )
        return [_record(session, row, today) for row in rows]


# --- writing -------------------------------------------------------------------------------
def register(
    vault: Vault,
    details: VolunteerDetails,
    today: date,
    checks: Iterable[CheckRecord] = (),
    *,
    allow_duplicates: bool = False,
) -> VolunteerRecord:
    clean = validate(details, today)
    checks = _valid_checks(checks, today)
    with vault.unit_of_work() as session:
        if not allow_duplicates:
            found = duplicates_in(session, clean, exclude_id=None)
            if found:
                raise PossibleDuplicates(found)
        row = new_row(session, clean, today)
        store.write_checks(session, row, checks)
        audit.record(session, vault.actor, "volunteer_registered", {"code": row.code})
        return _record(session, row, today)


def new_row(session: Session, clean: VolunteerDetails, today: date | None = None) -> VolunteerRow:
    """Add a validated volunteer with a fresh pseudonym code (in the caller's unit of work);
    ``today`` defaults to the vault's clock."""
    return new_rows(session, [clean], today)[0]


def update(
    vault: Vault,
    volunteer_id: int,
    details: VolunteerDetails,
    today: date,
    checks: Iterable[CheckRecord] | None = None,
) -> VolunteerRecord:
    """Save an edited record (and its checklist, when given) as one unit of work."""
    clean = validate(details, today)
    new_checks = None if checks is None else _valid_checks(checks, today)
    with vault.unit_of_work() as session:
        row = _row(session, volunteer_id)
        before = store.read_details(row)
        changed = [
            f.name
            for f in fields(VolunteerDetails)
            if getattr(before, f.name) != getattr(clean, f.name)
        ]
        if new_checks is not None and set(store.read_checks(row).values()) != set(new_checks):
            store.write_checks(session, row, new_checks)
            changed.append("onboarding")
        if changed:
            store.write_details(row, clean)
            barriers.follow_ticks(session, row, clean.barriers, today)
            store.refresh_ready_until(row)
            row.updated_at = audit.utc_now_text(session)
            # Field names only: the audit log never holds the values.
            audit.record(
                session, vault.actor, "volunteer_updated", {"code": row.code, "fields": changed}
            )
        return _record(session, row, today)


def _valid_checks(checks: Iterable[CheckRecord], today: date) -> tuple[CheckRecord, ...]:
    checks = tuple(checks)
    for check in checks:
        if check.completed_on and check.completed_on > today:
            raise InvalidInput(
                f"{onboarding.item(check.key).label} is marked done on a future date.",
                "Enter the date it was done, or leave it empty.",
            )
        if check.completed_on and check.expires_on and check.expires_on < check.completed_on:
            raise InvalidInput(
                f"{onboarding.item(check.key).label} expires before it was done.",
                "Check the two dates.",
            )
    return checks


def set_checks(
    vault: Vault, volunteer_id: int, checks: Iterable[CheckRecord], today: date
) -> VolunteerRecord:
    checks = _valid_checks(checks, today)
    with vault.unit_of_work() as session:
        row = _row(session, volunteer_id)
        store.write_checks(session, row, checks)
        row.updated_at = audit.utc_now_text(session)
        audit.record(session, vault.actor, "onboarding_updated", {"code": row.code})
        return _record(session, row, today)


def set_archived(vault: Vault, volunteer_id: int, archived: bool, today: date) -> VolunteerRecord:
    with vault.unit_of_work() as session:
        row = _row(session, volunteer_id)
        if row.archived != archived:
            row.archived = archived
            row.updated_at = audit.utc_now_text(session)
            action = "volunteer_archived" if archived else "volunteer_restored"
            audit.record(session, vault.actor, action, {"code": row.code})
        return _record(session, row, today)


def find_duplicates(
    vault: Vault, details: VolunteerDetails, today: date, exclude_id: int | None = None
) -> list[DuplicateCandidate]:
    clean = validate(details, today)
    with vault.unit_of_work() as session:
        return duplicates_in(session, clean, exclude_id)


# --- helpers -------------------------------------------------------------------------------
def row_of(session: Session, volunteer_id: int) -> VolunteerRow:
    return _row(session, volunteer_id)


def record_of(session: Session, row: VolunteerRow, today: date) -> VolunteerRecord:
    """The record as screens see it, read in the caller's unit of work."""
    return _record(session, row, today)


def _row(session: Session, volunteer_id: int) -> VolunteerRow:
    row = session.get(VolunteerRow, volunteer_id)
    if row is None:
        raise InvalidInput(
            "That volunteer is no longer in Coordinator.", "Refresh the list and try again."
        )
    return row


def _record(session: Session, row: VolunteerRow, today: date) -> VolunteerRecord:
    details = store.read_details(row)
    checks = store.read_checks(row)
    merged_into = session.get(VolunteerRow, row.merged_into_id) if row.merged_into_id else None
    return VolunteerRecord(
        id=row.id,
        code=row.code,
        details=details,
        checks=tuple(sorted(checks.values(), key=lambda c: c.key)),
        readiness=onboarding.readiness(row.role, checks, today),
        expiring=tuple(onboarding.expiring_soon(checks, today)),
        notes=tuple(status_notes(details, today)),
        archived=row.archived,
        merged_into=merged_into.code if merged_into else None,
    )


def _list_row(r: tuple[object, ...], today: date) -> VolunteerListRow:
    (
        id_,
        code,
        given,
        family,
        preferred,
        state,
        status,
        profession,
        ready_until,
        phone,
        email,
        archived,
    ) = r
    name = " ".join(str(p) for p in (given, family) if p)
    if preferred and preferred != given:
        name += f" ({preferred})"
    return VolunteerListRow(
        id=int(str(id_)),
        code=str(code),
        name=name,
        state=str(state),
        status=status_label(str(status)),
        profession=str(profession),
        ready=isinstance(ready_until, date) and ready_until >= today,
        phone=str(phone),
        email=str(email),
        archived=bool(archived),
    )


def duplicates_in(
    session: Session, clean: VolunteerDetails, exclude_id: int | None
) -> list[DuplicateCandidate]:
    conditions = []
    if clean.date_of_birth:
        conditions.append(VolunteerRow.date_of_birth == clean.date_of_birth)
    if clean.phone:
        conditions.append(VolunteerRow.phone == clean.phone)
    if clean.email:
        conditions.append(VolunteerRow.email == clean.email)
    if not conditions:
        return []
    stmt = select(*_KEY_COLUMNS).where(or_(*conditions), VolunteerRow.merged_into_id.is_(None))
    people = {r.id: r for r in session.execute(stmt) if r.id != exclude_id}
    keys = [_person_key(r) for r in people.values()]
    return [_candidate(people[m.id], m) for m in duplicates.find(_key_of(clean), keys)]


def duplicate_finder(session: Session) -> Callable[[VolunteerDetails], list[DuplicateCandidate]]:
    """``duplicates_in`` for many people in one unit of work (an import's rows): the vault's
    people are read once and indexed, instead of one query per person."""
    people = {}
    seen = SeenPeople()
    for r in session.execute(select(*_KEY_COLUMNS).where(VolunteerRow.merged_into_id.is_(None))):
        people[r.id] = r
        seen.add(_person_key(r))

    def find(clean: VolunteerDetails) -> list[DuplicateCandidate]:
        return [_candidate(people[m.id], m) for m in seen.matches(_key_of(clean))]

    return find


_KEY_COLUMNS = (
    VolunteerRow.id,
    VolunteerRow.code,
    VolunteerRow.given_names,
    VolunteerRow.family_name,
    VolunteerRow.date_of_birth,
    VolunteerRow.phone,
    VolunteerRow.email,
)


def _person_key(r: Any) -> PersonKey:  # a row of _KEY_COLUMNS
    return PersonKey(r.id, f"{r.given_names} {r.family_name}", r.date_of_birth, r.phone, r.email)


def _key_of(clean: VolunteerDetails) -> PersonKey:
    return PersonKey(-1, clean.full_name, clean.date_of_birth, clean.phone, clean.email)


def _candidate(r: Any, found: duplicates.DuplicateMatch) -> DuplicateCandidate:
    return DuplicateCandidate(
        id=r.id,
        code=r.code,
        name=f"{r.given_names} {r.family_name}".strip(),
        date_of_birth=r.date_of_birth,
        phone=r.phone,
        email=r.email,
        reasons=found.reasons,
    )
