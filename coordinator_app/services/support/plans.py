"""Support plans: the needs-and-strengths assessment, the pathways chosen with the
volunteer (their milestones copied from the templates, so an agreed plan does not change
when a template does), progress on each milestone, and the plan's warnings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coordinator_app.data import audit
from coordinator_app.data.models import PlanMilestoneRow, SupportPlanRow, TrustRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain import choices, pathways
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.outcomes import check_may_work
from coordinator_app.domain.pathways import PAID_WORK_STEPS, PlanStep, plan_warnings
from coordinator_app.services.guards import current_volunteer

if TYPE_CHECKING:
    from coordinator_app.export.plan_sheet import PlanSheet

STATES = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "achieved": "Achieved",
    "dropped": "Not pursued",
}
OWNERS = {"volunteer": "The volunteer", "coordinator": "The coordinator", "other": "Someone else"}


@dataclass(frozen=True)
class MilestoneView:
    id: int
    pathway: str
    pathway_title: str
    step: str
    title: str
    evidence: str
    status: str
    target_on: date | None
    achieved_on: date | None
    evidence_note: str
    next_step: str
    owner: str
    warnings: tuple[str, ...]

    @property
    def status_label(self) -> str:
        return STATES.get(self.status, self.status)


@dataclass(frozen=True)
class PlanView:
    volunteer_id: int
    name: str
    code: str
    needs: str
    strengths: str
    barriers: tuple[str, ...]
    milestones: tuple[MilestoneView, ...]

    @property
    def pathways(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.pathway for m in self.milestones))


@dataclass(frozen=True)
class MilestoneChange:
    status: str
    target_on: date | None
    achieved_on: date | None
    evidence_note: str = ""
    next_step: str = ""
    owner: str = "volunteer"


def plan(vault: Vault, volunteer_id: int, today: date) -> PlanView:
    with vault.unit_of_work() as session:
        volunteer = current_volunteer(session, volunteer_id)
        assessment = session.get(SupportPlanRow, volunteer_id)
        rows = _milestones(session, volunteer_id)
        barriers = tuple(choices.barrier_label(k) for k in json.loads(volunteer.barriers_json))
        return PlanView(
            volunteer_id=volunteer_id,
            name=f"{volunteer.given_names} {volunteer.family_name}".strip(),
            code=volunteer.code,
            needs=assessment.needs if assessment else "",
            strengths=assessment.strengths if assessment else "",
            barriers=barriers,
            milestones=_views(rows, today),
        )


def save_assessment(vault: Vault, volunteer_id: int, needs: str, strengths: str) -> None:
    with vault.unit_of_work() as session:
        volunteer = current_volunteer(session, volunteer_id)
        row = session.get(SupportPlanRow, volunteer_id)
        if row is None:
            row = SupportPlanRow(volunteer_id=volunteer_id)
            session.add(row)
        row.needs, row.strengths = needs.strip(), strengths.strip()
        row.updated_at = audit.utc_now_text(session)
        audit.record(session, vault.actor, "plan_assessment_saved", {"code": volunteer.code})


def add_pathway(vault: Vault, volunteer_id: int, pathway_key: str) -> None:
    template = pathways.pathway(pathway_key)
    if template is None:
        raise InvalidInput("That pathway is not in the list.", "Choose a pathway from the list.")
    with vault.unit_of_work() as session:
        volunteer = current_volunteer(session, volunteer_id)
        taken = session.scalar(
            select(func.count()).where(
                PlanMilestoneRow.volunteer_id == volunteer_id,
                PlanMilestoneRow.pathway == pathway_key,
            )
        )
        if taken:
            raise InvalidInput(
                f"{template.title} is already in this plan.", "Update its milestones instead."
            )
        start = session.scalar(
            select(func.coalesce(func.max(PlanMilestoneRow.position), 0)).where(
                PlanMilestoneRow.volunteer_id == volunteer_id
            )
        )
        for n, step in enumerate(template.milestones, start=int(start or 0) + 1):
            session.add(
                PlanMilestoneRow(
                    volunteer_id=volunteer_id,
                    pathway=pathway_key,
                    step=step.key,
                    position=n,
                    title=step.title,
                    evidence=step.evidence,
                    depends_on_json=json.dumps(list(step.depends_on)),
                    valid_months=step.valid_months,
                    needs_valid_json=json.dumps(list(step.needs_valid)),
                    status="not_started",
                    evidence_note="",
                    next_step="",
                    owner="volunteer",
                )
            )
        audit.record(
            session,
            vault.actor,
            "plan_pathway_added",
            {"code": volunteer.code, "pathway": pathway_key},
        )


def update_milestone(vault: Vault, milestone_id: int, change: MilestoneChange, today: date) -> None:
    change = _checked(change, today)
    with vault.unit_of_work() as session:
        row = session.get(PlanMilestoneRow, milestone_id)
        if row is None:
            raise InvalidInput("That milestone is no longer in the plan.", "Refresh and try again.")
        volunteer = current_volunteer(session, row.volunteer_id)
        if row.step in PAID_WORK_STEPS and change.status == "achieved":
            check_may_work(volunteer.status)
        row.status, row.owner = change.status, change.owner
        row.target_on = change.target_on
        row.achieved_on = change.achieved_on
        row.evidence_note, row.next_step = change.evidence_note, change.next_step
        audit.record(
            session,
            vault.actor,
            "plan_milestone_updated",
            {"code": volunteer.code, "milestone": row.id, "status": row.status},
        )


def write_plan_sheet(vault: Vault, volunteer_id: int, path: Path, today: date) -> PlanSheet:
    """The plain-English copy of the plan for the volunteer (it names them: it is theirs)."""
    from coordinator_app.export.plan_sheet import PlanSheet, write_plan_sheet

    shown = plan(vault, volunteer_id, today)
    with vault.unit_of_work() as session:
        trust = session.scalars(select(TrustRow)).first()
        audit.record(session, vault.actor, "plan_sheet_written", {"code": shown.code})
    sheet = PlanSheet(
        volunteer_name=shown.name,
        trust_name=trust.full_name if trust else "",
        coordinator_name=vault.actor,
        issued_on=today,
        needs=shown.needs,
        strengths=shown.strengths,
        barriers=shown.barriers,
        pathways=tuple(
            (
                pathways.title_of(key),
                tuple(
                    (m.title, m.status_label, m.target_on, m.achieved_on, m.next_step, m.evidence)
                    for m in shown.milestones
                    if m.pathway == key
                ),
            )
            for key in shown.pathways
        ),
    )
    write_plan_sheet(path, sheet)
    return sheet


def _checked(change: MilestoneChange, today: date) -> MilestoneChange:
    if change.status not in STATES:
        raise InvalidInput("Choose the milestone's status from the list.", "")
    if change.owner not in OWNERS:
        raise InvalidInput("Choose who takes the next step from the list.", "")
    achieved = change.achieved_on
    if change.status == "achieved" and achieved is None:
        achieved = today
    if achieved is not None and change.status != "achieved":
        raise InvalidInput(
            "A milestone with a date achieved must have the status Achieved.",
            "Set the status to Achieved, or clear the date achieved.",
        )
    if achieved is not None and achieved > today:
        raise InvalidInput("The date achieved is in the future.", "Check the date.")
    return MilestoneChange(
        change.status,
        change.target_on,
        achieved,
        change.evidence_note.strip(),
        change.next_step.strip(),
        change.owner,
    )


def _milestones(session: Session, volunteer_id: int) -> list[PlanMilestoneRow]:
    return list(
        session.scalars(
            select(PlanMilestoneRow)
            .where(PlanMilestoneRow.volunteer_id == volunteer_id)
            .order_by(PlanMilestoneRow.position)
        )
    )


def steps_of(rows: list[PlanMilestoneRow]) -> dict[int, PlanStep]:
    """The plan rules' view of stored milestones (keys are unique per pathway only, so
    each pathway's steps are checked together)."""
    return {
        r.id: PlanStep(
            key=f"{r.pathway}/{r.step}",
            title=r.title,
            depends_on=tuple(f"{r.pathway}/{d}" for d in json.loads(r.depends_on_json)),
            valid_months=r.valid_months,
            needs_valid=tuple(f"{r.pathway}/{d}" for d in json.loads(r.needs_valid_json)),
            target_on=r.target_on,
            achieved_on=r.achieved_on,
        )
        for r in rows
        if r.status != "dropped"
    }


def _views(rows: list[PlanMilestoneRow], today: date) -> tuple[MilestoneView, ...]:
    steps = steps_of(rows)
    warned: dict[str, list[str]] = {}
    for warning in plan_warnings(list(steps.values()), today):
        warned.setdefault(warning.key, []).append(warning.sentence)
    return tuple(
        MilestoneView(
            id=r.id,
            pathway=r.pathway,
            pathway_title=pathways.title_of(r.pathway),
            step=r.step,
            title=r.title,
            evidence=r.evidence,
            status=r.status,
            target_on=r.target_on,
            achieved_on=r.achieved_on,
            evidence_note=r.evidence_note,
            next_step=r.next_step,
            owner=r.owner,
            warnings=tuple(warned.get(f"{r.pathway}/{r.step}", ())),
        )
        for r in rows
    )
