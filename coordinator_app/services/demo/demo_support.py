"""Generated support plans for demo vaults, consistent with the volunteers and their shifts:
a pathway from each person's profession with progress that fits how long they have been
with the programme, reviews every twelve weeks whose ratings mostly rise, and outcomes
(paid work only for people whose status allows it) with their follow-ups."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from coordinator_app.data.audit import utc_text
from coordinator_app.data.models import (
    OutcomeFollowUpRow,
    OutcomeRow,
    PlanMilestoneRow,
    ReviewRow,
    SupportPlanRow,
    VolunteerRow,
)
from coordinator_app.data.vault import Vault
from coordinator_app.domain import immigration, pathways
from coordinator_app.domain.outcomes import LEFT_REASONS, PAID, follow_ups, result_of
from coordinator_app.domain.reviews import FIRST_REVIEW_WEEKS, SCALES
from coordinator_app.services.demo.demo_trust import TrustProfile
from coordinator_app.services.progress import Progress

BY_PROFESSION = {
    "Doctor": "doctor_gmc",
    "Nurse": "nurse_nmc",
    "Midwife": "midwife_nmc",
    "Pharmacist": "pharmacist_gphc",
    "Dentist": "dentist_gdc",
    "Physiotherapist": "allied_health_hcpc",
    "Radiographer": "allied_health_hcpc",
    "Biomedical scientist": "allied_health_hcpc",
    "Paramedic": "allied_health_hcpc",
    "Occupational therapist": "allied_health_hcpc",
    "Administration": "non_clinical_admin",
    "Estates and facilities": "non_clinical_estates",
    "Catering": "non_clinical_catering",
    "IT": "non_clinical_it",
}
CLINICAL = frozenset(k for k in BY_PROFESSION.values() if not k.startswith("non_clinical"))
STEP_DAYS = 45  # a milestone about every six weeks
REVIEW_WEEKS = 12
BATCH = 5_000
# Follow-up reasons from resources/volunteer-lists.json, by result.
_STAYED = ("Contract or course continued", "Moved to another post", "Promoted or registered")
_GONE = ("Contract or course ended", "Health", "Caring responsibilities", "Moved away")


def add_demo_support(
    vault: Vault,
    rng: random.Random,
    progress: Progress,
    today: date,
    profile: TrustProfile | None = None,
) -> int:
    """Returns how many milestones were written; ``profile`` sets how many go on to work
    or study and how many follow-ups find them still there."""
    rates = (profile.outcome_rate, profile.stays) if profile else (0.3, 0.85)
    with vault.unit_of_work() as session:
        people = session.execute(
            select(
                VolunteerRow.id,
                VolunteerRow.profession,
                VolunteerRow.state,
                VolunteerRow.status,
                VolunteerRow.joined_on,
            ).where(VolunteerRow.state.in_(("onboarding", "active", "paused", "left")))
        ).all()
    now = utc_text(vault.clock.now())
    rows: dict[str, list[dict[str, object]]] = {"plans": [], "steps": [], "reviews": []}
    outcomes: list[tuple[dict[str, object], list[dict[str, object]]]] = []
    written = 0
    for n, (volunteer_id, profession, state, status, joined) in enumerate(people, start=1):
        started = joined or today - timedelta(days=20)
        rows["plans"].append(
            {
                "volunteer_id": volunteer_id,
                "needs": "Practice for interviews; confidence speaking on the phone.",
                "strengths": "Experience from work before coming to the UK; reliable.",
                "updated_at": now,
            }
        )
        key = BY_PROFESSION.get(profession, "healthcare_support_worker")
        rows["steps"] += _steps(volunteer_id, key, started, today, rng)
        # Most also take a second route meanwhile: support work while converting a
        # profession, or study alongside a support-worker route.
        second = "healthcare_support_worker" if key in CLINICAL else "further_study"
        if second != key:
            rows["steps"] += _steps(volunteer_id, second, started, today, rng, first=False)
        if state != "onboarding":
            rows["reviews"] += _reviews(volunteer_id, started, today, rng, now)
        outcome = _outcome(volunteer_id, state, status, started, today, rng, now, rates)
        if outcome is not None:
            outcomes.append(outcome)
        if n % 500 == 0:
            progress.update(n, len(people), "Adding generated support plans…")
    with vault.unit_of_work() as session:
        for table, name in (
            (SupportPlanRow, "plans"),
            (PlanMilestoneRow, "steps"),
            (ReviewRow, "reviews"),
        ):
            for start in range(0, len(rows[name]), BATCH):
                session.execute(insert(table), rows[name][start : start + BATCH])
        written = len(rows["steps"])
        for values, checks in outcomes:
            outcome_id = session.execute(
                insert(OutcomeRow).values(values).returning(OutcomeRow.id)
            ).scalar_one()
            if checks:
                session.execute(
                    insert(OutcomeFollowUpRow), [{**c, "outcome_id": outcome_id} for c in checks]
                )
    return written


def _steps(
    volunteer_id: int,
    key: str,
    started: date,
    today: date,
    rng: random.Random,
    first: bool = True,
) -> list[dict[str, object]]:
    template = pathways.pathway(key)
    if template is None:
        return []
    offset = 0 if first else 100  # the second pathway's steps follow the first's
    elapsed = max(0, (today - started).days)
    done = min(len(template.milestones) - 1, elapsed // STEP_DAYS + rng.choice((-1, 0, 0, 1)))
    steps = []
    for position, step in enumerate(template.milestones, start=1):
        achieved = target = None
        status = "not_started"
        if position <= done:
            achieved = min(
                today, started + timedelta(days=STEP_DAYS * position - rng.randrange(20))
            )
            status = "achieved"
        elif position == done + 1:
            status = "in_progress"
            # Most next steps are ahead; one in six has slipped past its target.
            target = today + timedelta(
                days=rng.randrange(-20, 90) if rng.random() < 0.17 else rng.randrange(10, 90)
            )
        elif position == done + 2:
            target = today + timedelta(days=rng.randrange(90, 200))
        steps.append(
            {
                "volunteer_id": volunteer_id,
                "pathway": key,
                "step": step.key,
                "position": position + offset,
                "title": step.title,
                "evidence": step.evidence,
                "depends_on_json": json.dumps(list(step.depends_on)),
                "valid_months": step.valid_months,
                "needs_valid_json": json.dumps(list(step.needs_valid)),
                "status": status,
                "target_on": target,
                "achieved_on": achieved,
                "evidence_note": "Seen by the coordinator." if achieved else "",
                "next_step": "Book the next session." if status == "in_progress" else "",
                "owner": "volunteer" if status == "in_progress" else "coordinator",
            }
        )
    return steps


def _reviews(
    volunteer_id: int, started: date, today: date, rng: random.Random, now: str
) -> list[dict[str, object]]:
    reviews: list[dict[str, object]] = []
    held = started + timedelta(weeks=FIRST_REVIEW_WEEKS)
    level = {s: rng.randint(1, 3) for s in SCALES}
    while held <= today:
        ratings: dict[str, int | None] = {}
        for scale, value in level.items():
            level[scale] = max(1, min(5, value + rng.choice((0, 0, 1, 1, -1))))
            ratings[scale] = None if rng.random() < 0.08 else level[scale]  # not asked this time
        reviews.append(
            {
                "volunteer_id": volunteer_id,
                "held_on": held,
                **ratings,
                "notes": "Talked through the plan and the next step.",
                "created_at": now,
            }
        )
        held += timedelta(weeks=REVIEW_WEEKS + rng.randrange(-1, 3))
    return reviews


def _outcome(
    volunteer_id: int,
    state: str,
    status: str,
    started: date,
    today: date,
    rng: random.Random,
    now: str,
    rates: tuple[float, float],
) -> tuple[dict[str, object], list[dict[str, object]]] | None:
    outcome_rate, stays = rates
    if state == "left":
        kind, begun = "left", today - timedelta(days=rng.randrange(10, 300))
    elif state == "active" and (today - started).days > 200 and rng.random() < outcome_rate:
        category = immigration.status_category(status)
        may_work = category is not None and category.may_work
        kind = rng.choice(("paid_job", "paid_job", "apprenticeship")) if may_work else "training"
        begun = today - timedelta(days=rng.randrange(5, 330))
    else:
        return None
    paid = kind in PAID
    outcome: dict[str, object] = {
        "volunteer_id": volunteer_id,
        "kind": kind,
        "started_on": begun,
        "employer": "Generated NHS Trust" if paid else "",
        "nhs": paid,
        "role": rng.choice(("Healthcare assistant", "Ward clerk", "Porter")) if paid else "",
        "band": rng.choice(("2", "3")) if paid else "",
        "hours_per_week": float(rng.choice((22.5, 30, 37.5))) if paid else None,
        "course": "Generated care course" if kind == "training" else "",
        "reason": rng.choice(LEFT_REASONS) if kind == "left" else "",
        "note": "",
        "created_at": now,
    }
    checks = []
    for due in follow_ups(begun):
        if due.due_on < today and rng.random() < 0.85 and kind != "left":
            result = result_of(kind, rng.random() < stays)
            checks.append(
                {
                    "months": due.months,
                    "done_on": due.due_on,
                    "still_there": result != "left",
                    "note": "",
                    "result": result,
                    "reason": rng.choice(_GONE if result == "left" else _STAYED),
                }
            )
    return outcome, checks
