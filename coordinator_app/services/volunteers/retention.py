"""The retention review list (people whose personal data has been kept as long as the
rules allow) and, after the coordinator confirms, their erasure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from coordinator_app.data.models import OutcomeRow, ShiftRow, VolunteerRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain import retention
from coordinator_app.domain.outcomes import PAID
from coordinator_app.services.volunteers import erasure


@dataclass(frozen=True)
class ReviewLine:
    volunteer_id: int
    code: str
    name: str
    due_since: date
    reason: str


def review_list(vault: Vault, today: date) -> list[ReviewLine]:
    rules = retention.rules()
    with vault.unit_of_work() as session:
        last_shift = dict(
            (int(v), d)
            for v, d in session.execute(
                select(ShiftRow.volunteer_id, func.max(ShiftRow.shift_date)).group_by(
                    ShiftRow.volunteer_id
                )
            )
        )
        paid = {
            int(v): d
            for v, d in session.execute(
                select(OutcomeRow.volunteer_id, func.max(OutcomeRow.started_on))
                .where(OutcomeRow.kind.in_(PAID))
                .group_by(OutcomeRow.volunteer_id)
            )
        }
        people = session.execute(
            select(
                VolunteerRow.id,
                VolunteerRow.code,
                VolunteerRow.given_names,
                VolunteerRow.family_name,
                VolunteerRow.state,
                VolunteerRow.updated_at,
                VolunteerRow.consent_records_withdrawn_on,
            ).where(VolunteerRow.given_names != erasure.ERASED)
        ).all()
    lines = []
    for vid, code, given, family, state, updated, withdrawn in people:
        # Leaving is dated by the last shift, or the record's last change when there was none.
        left = None
        if state == "left":
            left = last_shift.get(vid) or date.fromisoformat(updated[:10])
        # Employment is not ended in the record: its start stands in, keeping data longer.
        due = retention.review_due(left, withdrawn, paid.get(vid), today, rules)
        if due is not None:
            lines.append(ReviewLine(vid, code, f"{given} {family}".strip(), due.since, due.reason))
    return sorted(lines, key=lambda line: line.due_since)


def purge(vault: Vault, volunteer_ids: list[int], today: date) -> int:
    """Erase the people confirmed from the review list (each one logged)."""
    due = {line.volunteer_id for line in review_list(vault, today)}
    for volunteer_id in volunteer_ids:
        if volunteer_id in due:
            erasure.erase(vault, volunteer_id, "Retention period over (reviewed and confirmed)")
    return len(due & set(volunteer_ids))
