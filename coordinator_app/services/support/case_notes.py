"""Case notes: dated notes of each contact with a volunteer, a safeguarding flag, and a
next step with a date that shows on Today until it is marked done. They are the most
sensitive text in the vault: never in a return, always in subject access, deleted with the
person on erasure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator_app.data import audit
from coordinator_app.data.models import CaseNoteRow, VolunteerRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.services.guards import current_volunteer

MAX_NOTE = 20_000  # a long conversation, not a pasted document
NEXT_STEP_AHEAD_DAYS = 366


@dataclass(frozen=True)
class CaseNote:
    written_on: date
    note: str
    safeguarding: bool = False
    next_step: str = ""
    next_step_on: date | None = None


@dataclass(frozen=True)
class CaseNoteRecord:
    id: int
    details: CaseNote
    next_step_done: bool
    author: str


@dataclass(frozen=True)
class NextStepDue:
    note_id: int
    volunteer_id: int
    volunteer: str  # name and code, for the coordinator's own screen
    what: str
    due_on: date
    safeguarding: bool


def check_note(details: CaseNote, today: date) -> CaseNote:
    note, step = details.note.strip(), " ".join(details.next_step.split())
    if not note:
        raise InvalidInput("Write what was discussed or done.", "")
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            f"A case note holds up to {MAX_NOTE:,} characters.", "Split it into two notes."
        )
    if details.written_on > today:
        raise InvalidInput("The note's date is in the future.", "Check the date.")
    if details.next_step_on is not None:
        if details.next_step_on > today + timedelta(days=NEXT_STEP_AHEAD_DAYS):
            raise InvalidInput("The next step is more than a year ahead.", "Check the date.")
        step = step or "Next step"
    elif step:
        raise InvalidInput("Give the next step a date, so it shows on Today.", "")
    return CaseNote(details.written_on, note, details.safeguarding, step, details.next_step_on)


def add_note(vault: Vault, volunteer_id: int, details: CaseNote, today: date) -> int:
    clean = check_note(details, today)
    with vault.unit_of_work() as session:
        person = current_volunteer(session, volunteer_id)
        row = CaseNoteRow(
            volunteer_id=person.id,
            written_on=clean.written_on,
            note=clean.note,
            safeguarding=clean.safeguarding,
            next_step=clean.next_step,
            next_step_on=clean.next_step_on,
            next_step_done=False,
            author=vault.actor,
            created_at=audit.utc_now_text(session),
        )
        session.add(row)
        session.flush()
        # Never the text: the audit log is read by people who need not see it.
        audit.record(
            session,
            vault.actor,
            "case_note_added",
            {"code": person.code, "note": row.id, "safeguarding": clean.safeguarding},
        )
        return row.id


def mark_next_step_done(vault: Vault, note_id: int) -> None:
    with vault.unit_of_work() as session:
        row = session.get(CaseNoteRow, note_id)
        if row is None:
            raise InvalidInput("That note is no longer there.", "Refresh and try again.")
        person = current_volunteer(session, row.volunteer_id)
        row.next_step_done = True
        audit.record(
            session, vault.actor, "case_note_step_done", {"code": person.code, "note": note_id}
        )


def notes(vault: Vault, volunteer_id: int) -> list[CaseNoteRecord]:
    """Newest first: the last contact is what a coordinator reads before the next."""
    with vault.unit_of_work() as session:
        current_volunteer(session, volunteer_id)
        rows = session.scalars(
            select(CaseNoteRow)
            .where(CaseNoteRow.volunteer_id == volunteer_id)
            .order_by(CaseNoteRow.written_on.desc(), CaseNoteRow.id.desc())
        )
        return [
            CaseNoteRecord(
                r.id,
                CaseNote(r.written_on, r.note, r.safeguarding, r.next_step, r.next_step_on),
                r.next_step_done,
                r.author,
            )
            for r in rows
        ]


def next_steps_due(session: Session, today: date, within_days: int) -> list[NextStepDue]:
    """Next steps not done that fall due by ``today + within_days`` (overdue included),
    for people still on the caseload."""
    rows = session.execute(
        select(
            CaseNoteRow.id,
            VolunteerRow.id,
            VolunteerRow.given_names,
            VolunteerRow.family_name,
            VolunteerRow.code,
            CaseNoteRow.next_step,
            CaseNoteRow.next_step_on,
            CaseNoteRow.safeguarding,
        )
        .join(VolunteerRow, VolunteerRow.id == CaseNoteRow.volunteer_id)
        .where(
            CaseNoteRow.next_step_done.is_(False),
            CaseNoteRow.next_step_on <= today + timedelta(days=within_days),
            VolunteerRow.archived.is_(False),
        )
        .order_by(CaseNoteRow.next_step_on)
    )
    return [
        NextStepDue(n, v, f"{g} {f} ({c})".strip(), step, on, bool(flag))
        for n, v, g, f, c, step, on, flag in rows
        if on is not None  # the query's date condition already holds none back
    ]
