"""Erasure of one volunteer's personal data (UK GDPR right to erasure). What identifies
them, and everything they or the coordinator wrote about them, is removed; their pseudonym
code and the counts (shifts, hours, milestones, outcomes) stay, so returns already sent stay
true. With secure delete on, freed space is zeroed, and the write-ahead log is folded back
and truncated, so no byte of the erased values remains in the vault's files. Backups taken
before keep them until rotation removes those backups: the confirmation says so."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select, update

from coordinator_app.data import audit
from coordinator_app.data.models import (
    DraftRow,
    ExpenseRow,
    OnboardingCheckRow,
    OutcomeFollowUpRow,
    OutcomeRow,
    PlanMilestoneRow,
    ReviewRow,
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
    with vault.unit_of_work() as session:
        found = session.scalar(
            select(VolunteerRow.id).where(VolunteerRow.code == code.strip().upper())
        )
    if found is None:
        raise InvalidInput(
            f"No volunteer has the code {code}.", "Check the code (e.g. RUH-7K3Q9P)."
        )
    return int(found)


def erase(vault: Vault, volunteer_id: int, reason: str) -> Erased:
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("Say why the data is erased (it goes in the audit log).", "")
    with vault.unit_of_work() as session:
        person = session.get(VolunteerRow, volunteer_id)
        if person is None:
            raise InvalidInput("That volunteer is no longer there.", "Refresh and try again.")
        code = person.code
        values = [
            v
            for v in (
                person.given_names,
                person.family_name,
                person.preferred_name,
                person.email,
                person.phone,
            )
            if v and len(v) >= 3
        ]
        _blank_person(person)
        session.execute(
            update(OnboardingCheckRow)
            .where(OnboardingCheckRow.volunteer_id == volunteer_id)
            .values(note="")
        )
        session.execute(
            update(ExpenseRow).where(ExpenseRow.volunteer_id == volunteer_id).values(note="")
        )
        session.execute(delete(SupportPlanRow).where(SupportPlanRow.volunteer_id == volunteer_id))
        session.execute(
            update(PlanMilestoneRow)
            .where(PlanMilestoneRow.volunteer_id == volunteer_id)
            .values(evidence_note="", next_step="")
        )
        session.execute(
            update(ReviewRow).where(ReviewRow.volunteer_id == volunteer_id).values(notes="")
        )
        session.execute(
            update(OutcomeRow)
            .where(OutcomeRow.volunteer_id == volunteer_id)
            .values(employer="", note="")
        )
        outcomes = select(OutcomeRow.id).where(OutcomeRow.volunteer_id == volunteer_id)
        session.execute(
            update(OutcomeFollowUpRow)
            .where(OutcomeFollowUpRow.outcome_id.in_(outcomes))
            .values(note="")
        )
        drafts = _drafts_naming(session.scalars(select(DraftRow)), volunteer_id, code, values)
        for draft in drafts:
            session.delete(draft)
        audit.record(session, vault.actor, "volunteer_erased", {"code": code, "reason": reason})
    vault.fold_log()  # the old row versions leave the write-ahead log too
    return Erased(code, len(drafts))


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
    drafts: Iterable[DraftRow], volunteer_id: int, code: str, values: list[str]
) -> list[DraftRow]:
    """Half-typed forms that hold this person's id, code or name (kept by the lock)."""
    found = []
    for draft in drafts:
        payload = draft.payload_json
        loaded = json.loads(payload) if payload else {}
        if (
            code in payload
            or any(value in payload for value in values)
            or volunteer_id
            in (loaded.get("volunteer"), loaded.get("volunteer_id"), loaded.get("id"))
        ):
            found.append(draft)
    return found
