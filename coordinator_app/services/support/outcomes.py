"""Outcomes: what a volunteer went on to (a job, an apprenticeship, a course, study, more
volunteering, or leaving) and the follow-ups at 3, 6 and 12 months. Paid work is refused for
someone whose status does not allow work (the rule is in domain.outcomes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from coordinator_app.data import audit
from coordinator_app.data.models import OutcomeFollowUpRow, OutcomeRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain import choices
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.outcomes import (
    FOLLOW_UP_MONTHS,
    FOLLOW_UP_RESULTS,
    KINDS,
    FollowUp,
    OutcomeDetails,
    check_outcome,
    follow_ups,
    result_of,
)
from coordinator_app.services.guards import current_volunteer


@dataclass(frozen=True)
class FollowUpRecord:
    months: int
    due_on: date
    done_on: date | None
    still_there: bool | None
    note: str
    result: str = ""  # in_post, in_study or left once done
    reason: str = ""

    @property
    def result_label(self) -> str:
        return FOLLOW_UP_RESULTS.get(self.result, self.result)


@dataclass(frozen=True)
class OutcomeRecord:
    id: int
    details: OutcomeDetails
    follow_ups: tuple[FollowUpRecord, ...]

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.details.kind, self.details.kind)


def add_outcome(vault: Vault, volunteer_id: int, details: OutcomeDetails, today: date) -> int:
    with vault.unit_of_work() as session:
        volunteer = current_volunteer(session, volunteer_id)
        details = check_outcome(details, volunteer.status, today)
        row = OutcomeRow(
            volunteer_id=volunteer_id,
            kind=details.kind,
            started_on=details.started_on,
            employer=details.employer,
            nhs=details.nhs,
            role=details.role,
            band=details.band,
            hours_per_week=details.hours_per_week,
            course=details.course,
            reason=details.reason,
            note=details.note,
            created_at=audit.utc_now_text(session),
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            vault.actor,
            "outcome_added",
            {"code": volunteer.code, "outcome": row.id, "kind": details.kind},
        )
        return row.id


def record_follow_up(
    vault: Vault,
    outcome_id: int,
    months: int,
    done_on: date,
    still_there: bool,
    note: str,
    today: date,
    *,
    result: str | None = None,
    reason: str = "",
) -> None:
    """``result`` (in_post, in_study, left) wins over ``still_there`` when given;
    ``reason`` must come from the follow-up reasons list, and is needed when they left."""
    if months not in FOLLOW_UP_MONTHS:
        raise InvalidInput("Follow-ups are at 3, 6 and 12 months.", "Choose one of those.")
    if done_on > today:
        raise InvalidInput("The follow-up date is in the future.", "Check the date.")
    if result is not None and result not in FOLLOW_UP_RESULTS:
        raise InvalidInput("Choose the follow-up result from the list.", "")
    reason = " ".join(reason.split())
    if reason and reason not in choices.follow_up_reasons():
        raise InvalidInput(
            "Choose the reason from the list.", "If none fits, choose Other and add a note."
        )
    if result == "left" and not reason:
        raise InvalidInput("Say why they are no longer there.", "Choose a reason from the list.")
    with vault.unit_of_work() as session:
        outcome = session.get(OutcomeRow, outcome_id)
        if outcome is None:
            raise InvalidInput("That outcome is no longer there.", "Refresh and try again.")
        volunteer = current_volunteer(session, outcome.volunteer_id)
        found = result or result_of(outcome.kind, still_there)
        row = session.get(OutcomeFollowUpRow, (outcome_id, months))
        if row is None:
            row = OutcomeFollowUpRow(outcome_id=outcome_id, months=months)
            session.add(row)
        row.done_on, row.still_there, row.note = done_on, found != "left", note.strip()
        row.result, row.reason = found, reason
        audit.record(
            session,
            vault.actor,
            "outcome_followed_up",
            {"code": volunteer.code, "outcome": outcome_id, "months": months, "result": found},
        )


def outcomes(vault: Vault, volunteer_id: int) -> list[OutcomeRecord]:
    with vault.unit_of_work() as session:
        current_volunteer(session, volunteer_id)
        rows = list(
            session.scalars(
                select(OutcomeRow)
                .where(OutcomeRow.volunteer_id == volunteer_id)
                .order_by(OutcomeRow.started_on, OutcomeRow.id)
            )
        )
        done = {
            (f.outcome_id, f.months): f
            for f in session.scalars(
                select(OutcomeFollowUpRow).where(
                    OutcomeFollowUpRow.outcome_id.in_([r.id for r in rows])
                )
            )
        }
        return [_record(r, done) for r in rows]


def details_of(row: OutcomeRow) -> OutcomeDetails:
    return OutcomeDetails(
        kind=row.kind,
        started_on=row.started_on,
        employer=row.employer,
        nhs=row.nhs,
        role=row.role,
        band=row.band,
        hours_per_week=row.hours_per_week,
        course=row.course,
        reason=row.reason,
        note=row.note,
    )


def _record(row: OutcomeRow, done: dict[tuple[int, int], OutcomeFollowUpRow]) -> OutcomeRecord:
    details = details_of(row)
    return OutcomeRecord(
        id=row.id,
        details=details,
        follow_ups=tuple(_follow_up(row.id, due, done) for due in follow_ups(details.started_on)),
    )


def _follow_up(
    outcome_id: int, due: FollowUp, done: dict[tuple[int, int], OutcomeFollowUpRow]
) -> FollowUpRecord:
    found = done.get((outcome_id, due.months))
    return FollowUpRecord(
        months=due.months,
        due_on=due.due_on,
        done_on=found.done_on if found else None,
        still_there=found.still_there if found else None,
        note=found.note if found else "",
        result=found.result if found else "",
        reason=found.reason if found else "",
    )
