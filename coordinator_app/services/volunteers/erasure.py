"""Erasure of one volunteer's personal data (UK GDPR right to erasure). What identifies
them, and everything they or the coordinator wrote about them, is removed; their pseudonym
code and the counts (shifts, hours, milestones, outcomes) stay, so returns already sent stay
true. Records merged into the person's record are the same person and are erased with it; a
shift's readiness override reason is blanked, and audit entries that held one are redacted
(see data.audit: the chain records the redaction). With secure delete on, freed space is
zeroed, and the write-ahead log is folded back and truncated, so no byte of the erased
values remains in the vault's files. Backups taken before keep them until rotation removes
those backups: the confirmation says so."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from coordinator_app.data import audit
from coordinator_app.data import volunteers as store
from coordinator_app.data.models import (
    AuditEntryRow,
    BarrierRow,
    CaseNoteRow,
    DraftRow,
    ExpenseRow,
    OnboardingCheckRow,
    OutcomeFollowUpRow,
    OutcomeRow,
    PlanMilestoneRow,
    ReviewRow,
    ShiftRow,
    SupportPlanRow,
    VolunteerRow,
)
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput

ERASED = "Erased"


@dataclass(frozen=True)
class Erased:
    code: str
    drafts_removed: int


def find_code(vault: Vault, code: str) -> int:
    """The record a code means now (the code of a merged record gives the kept record)."""
    with vault.unit_of_work() as session:
        found = store.resolve(session, code)
        if found is None:
            raise InvalidInput(
                f"No volunteer has the code {code}.", "Check the code (e.g. RUH-7K3Q9P)."
            )
        return found.id


def erase(vault: Vault, volunteer_id: int, reason: str) -> Erased:
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("Say why the data is erased (it goes in the audit log).", "")
    with vault.unit_of_work() as session:
        person = session.get(VolunteerRow, volunteer_id)
        if person is None:
            raise InvalidInput("That volunteer is no longer there.", "Refresh and try again.")
        code = person.code
        people = [person, *_merged_into(session, volunteer_id)]
        ids = [p.id for p in people]
        codes = [p.code for p in people]
        values = [
            v
            for p in people
            for v in (p.given_names, p.family_name, p.preferred_name, p.email, p.phone)
            if v and len(v) >= 3
        ]
        for one in people:
            _blank_person(one)
        session.execute(
            update(OnboardingCheckRow)
            .where(OnboardingCheckRow.volunteer_id.in_(ids))
            .values(note="")
        )
        session.execute(update(ExpenseRow).where(ExpenseRow.volunteer_id.in_(ids)).values(note=""))
        session.execute(
            update(ShiftRow).where(ShiftRow.volunteer_id.in_(ids)).values(override_reason="")
        )
        session.execute(delete(SupportPlanRow).where(SupportPlanRow.volunteer_id.in_(ids)))
        # Case notes are nothing but what was written about them: deleted, not blanked.
        session.execute(delete(CaseNoteRow).where(CaseNoteRow.volunteer_id.in_(ids)))
        # Barriers and their months stay for the counts; what helped is their story.
        session.execute(
            update(BarrierRow).where(BarrierRow.volunteer_id.in_(ids)).values(helped="")
        )
        session.execute(
            update(PlanMilestoneRow)
            .where(PlanMilestoneRow.volunteer_id.in_(ids))
            .values(evidence_note="", next_step="")
        )
        session.execute(update(ReviewRow).where(ReviewRow.volunteer_id.in_(ids)).values(notes=""))
        session.execute(
            update(OutcomeRow).where(OutcomeRow.volunteer_id.in_(ids)).values(employer="", note="")
        )
        outcomes = select(OutcomeRow.id).where(OutcomeRow.volunteer_id.in_(ids))
        session.execute(
            update(OutcomeFollowUpRow)
            .where(OutcomeFollowUpRow.outcome_id.in_(outcomes))
            .values(note="")
        )
        audit.redact(
            session,
            vault.actor,
            _override_entries(session, set(codes)),
            {"code": code, "why": "erasure", "field": "readiness_override"},
        )
        drafts = _drafts_naming(session.scalars(select(DraftRow)), ids, codes, values)
        for draft in drafts:
            session.delete(draft)
        audit.record(session, vault.actor, "volunteer_erased", {"code": code, "reason": reason})
    vault.fold_log()  # the old row versions leave the write-ahead log too
    return Erased(code, len(drafts))


def _merged_into(session: Session, volunteer_id: int) -> list[VolunteerRow]:
    """Every record merged into this one, directly or through earlier merges."""
    found: list[VolunteerRow] = []
    frontier = [volunteer_id]
    while frontier:
        rows = list(
            session.scalars(select(VolunteerRow).where(VolunteerRow.merged_into_id.in_(frontier)))
        )
        rows = [r for r in rows if r.id != volunteer_id and r not in found]
        found += rows
        frontier = [r.id for r in rows]
    return found


def _override_entries(session: Session, codes: set[str]) -> dict[int, dict[str, object]]:
    """Booking entries of these people that still hold an override's reason text (written
    before entries said only that an override was recorded), with the text taken out."""
    changes: dict[int, dict[str, object]] = {}
    rows = session.execute(
        select(AuditEntryRow.id, AuditEntryRow.detail_json).where(
            AuditEntryRow.action == "shifts_booked",
            AuditEntryRow.detail_json.contains('"readiness_override":"'),
        )
    )
    for entry_id, detail_json in rows:
        detail = json.loads(detail_json)
        if detail.get("code") in codes:
            changes[entry_id] = {**detail, "readiness_override": True}
    return changes


def _blank_person(person: VolunteerRow) -> None:
    person.given_names, person.family_name, person.preferred_name = ERASED, "", ""
    person.sort_name = person.search_text = ""
    person.date_of_birth = None
    person.phone = person.email = person.postcode_district = ""
    person.languages_json, person.english_level = "[]", ""
    person.leave_expires_on = person.rtw_checked_on = person.rtw_follow_up_on = None
    person.rtw_evidence = person.rtw_checked_by = ""
    person.reporting_days_json = "[]"
    person.country_qualified, person.years_experience = "", None
    person.goals, person.barriers_note, person.left_reason = "", "", ""
    person.referral_source = ""
    person.archived = True


def _drafts_naming(
    drafts: Iterable[DraftRow], ids: list[int], codes: list[str], values: list[str]
) -> list[DraftRow]:
    """Half-typed forms that hold this person's ids, codes or name (kept by the lock)."""
    found = []
    for draft in drafts:
        payload = draft.payload_json
        loaded = json.loads(payload) if payload else {}
        if (
            any(code in payload for code in codes)
            or any(value in payload for value in values)
            or any(loaded.get(key) in ids for key in ("volunteer", "volunteer_id", "id"))
        ):
            found.append(draft)
    return found
