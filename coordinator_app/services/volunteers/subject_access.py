"""Subject access (UK GDPR article 15): everything Coordinator holds on one volunteer, as a
workbook (one sheet per kind of record, every field) and a readable PDF, written together
and logged. It names the person: it is theirs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator_app.data import audit
from coordinator_app.data.models import (
    ActivityAttendanceRow,
    ActivityRow,
    AuditEntryRow,
    BarrierRow,
    CaseNoteRow,
    ExpenseRow,
    OnboardingCheckRow,
    OutcomeFollowUpRow,
    OutcomeRow,
    PlacementRow,
    PlanMilestoneRow,
    ReviewRow,
    ShiftRow,
    SupportPlanRow,
    VolunteerRow,
)
from coordinator_app.data.vault import Vault
from coordinator_app.services.guards import current_volunteer

INTERNAL = {"search_text", "sort_name", "merged_into_id"}  # lookup aids, not data about them

Table = tuple[str, list[str], list[list[Any]]]  # sheet name, headings, rows


@dataclass(frozen=True)
class SubjectAccess:
    workbook: Path
    summary: Path
    tables: tuple[Table, ...]


def export(vault: Vault, volunteer_id: int, folder: Path, today: date) -> SubjectAccess:
    from coordinator_app.export.subject_access import write_subject_access

    with vault.unit_of_work() as session:
        person = current_volunteer(session, volunteer_id)
        code, name = person.code, f"{person.given_names} {person.family_name}".strip()
        tables = _tables(session, person)
        audit.record(session, vault.actor, "subject_access_export", {"code": code})
    stem = f"subject-access_{code}_{today:%Y-%m-%d}"
    workbook, summary = folder / f"{stem}.xlsx", folder / f"{stem}.pdf"
    write_subject_access(workbook, summary, name, code, today, tables)
    return SubjectAccess(workbook, summary, tables)


def _tables(session: Session, person: VolunteerRow) -> tuple[Table, ...]:
    vid = person.id
    record = [
        [column.name, getattr(person, column.key)]
        for column in VolunteerRow.__table__.columns
        if column.name not in INTERNAL
    ]
    return (
        ("Record", ["Field", "Value"], record),
        _rows(session, OnboardingCheckRow, OnboardingCheckRow.volunteer_id == vid),
        _rows(session, BarrierRow, BarrierRow.volunteer_id == vid),
        (
            "Shifts",
            ["Date", "Placement", "Start", "End", "Outcome", "Minutes counted", "Override reason"],
            [
                list(r)
                for r in session.execute(
                    select(
                        ShiftRow.shift_date,
                        PlacementRow.name,
                        ShiftRow.start_time,
                        ShiftRow.end_time,
                        ShiftRow.outcome,
                        ShiftRow.service_minutes,
                        ShiftRow.override_reason,  # why it was booked before the checks
                    )
                    .join(PlacementRow, PlacementRow.id == ShiftRow.placement_id)
                    .where(ShiftRow.volunteer_id == vid)
                    .order_by(ShiftRow.shift_date)
                )
            ],
        ),
        _rows(session, ExpenseRow, ExpenseRow.volunteer_id == vid),
        (
            "Activities",
            ["Date", "Kind", "Title", "Minutes", "Attended"],
            [
                list(r)
                for r in session.execute(
                    select(
                        ActivityRow.held_on,
                        ActivityRow.kind,
                        ActivityRow.title,
                        ActivityRow.minutes,
                        ActivityAttendanceRow.attended,
                    )
                    .join(ActivityRow, ActivityRow.id == ActivityAttendanceRow.activity_id)
                    .where(ActivityAttendanceRow.volunteer_id == vid)
                    .order_by(ActivityRow.held_on)
                )
            ],
        ),
        _rows(session, SupportPlanRow, SupportPlanRow.volunteer_id == vid),
        _rows(session, PlanMilestoneRow, PlanMilestoneRow.volunteer_id == vid),
        _rows(session, ReviewRow, ReviewRow.volunteer_id == vid),
        _rows(session, OutcomeRow, OutcomeRow.volunteer_id == vid),
        _rows(
            session,
            OutcomeFollowUpRow,
            OutcomeFollowUpRow.outcome_id.in_(
                select(OutcomeRow.id).where(OutcomeRow.volunteer_id == vid)
            ),
        ),
        _rows(session, CaseNoteRow, CaseNoteRow.volunteer_id == vid),
        (
            "Audit log",
            ["When (UTC)", "Who", "What", "Detail"],
            [
                [r.at, r.actor, r.action, r.detail_json]
                for r in session.scalars(
                    select(AuditEntryRow)
                    .where(AuditEntryRow.detail_json.contains(person.code))
                    .order_by(AuditEntryRow.id)
                )
            ],
        ),
    )


def _rows(session: Session, model: Any, condition: Any) -> Table:
    columns = [c for c in model.__table__.columns if c.name not in ("volunteer_id",)]
    rows = [
        [getattr(row, c.key) for c in columns]
        for row in session.scalars(select(model).where(condition))
    ]
    return model.__tablename__.replace("_", " ").capitalize(), [c.name for c in columns], rows
