"""Each trust's demo differs as real trusts would: caseload size, which barriers people
name, who refers them, how often they go on to work or study and whether it lasts. The
numbers come from a generator seeded by the trust's code, so a trust's demo is the same
every time and any trust added to ``trusts.json`` gets one; sizes are set by hand for the
five pilot trusts (the default trust's are the sizes ``demo --size`` names).

Then the records the pilot learns from: barriers dated (some found after joining, many
resolved, with what helped), and case notes with next steps, a few for safeguarding."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from coordinator_app.data.audit import utc_text
from coordinator_app.data.models import BarrierRow, CaseNoteRow, VolunteerRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain import choices

# Against the default trust's caseload: a London trust sees more people than a specialist
# women's hospital.
SCALES = {"RUH": 1.0, "KRH": 1.4, "ABUHB": 0.8, "LWH": 0.6, "CWP": 0.9}
_HELPED = (
    "Generated note: English class at the local college.",
    "Generated note: mentor from the ward team.",
    "Generated note: travel costs reimbursed from the first shift.",
    "Generated note: help with the online application.",
    "Generated note: mock interview and feedback.",
)
_NOTES = (
    "Generated note: phoned to check how the first shifts went.",
    "Generated note: met to talk through the next step of the plan.",
    "Generated note: helped with the application form.",
    "Generated note: talked about childcare and shift times.",
)
_STEPS = ("Call back", "Send the course details", "Check the reference came back")


@dataclass(frozen=True)
class TrustProfile:
    code: str
    scale: float  # volunteers and shifts, against the size's numbers
    barriers: dict[str, float]  # weight of each barrier key
    referrals: dict[str, float]  # weight of each referral source
    outcome_rate: float  # long-standing active volunteers who go on to a job or course
    stays: float  # follow-ups that find the person still there
    resolves: float  # barriers resolved by now

    def pick_barriers(self, rng: random.Random) -> tuple[str, ...]:
        keys, weights = list(self.barriers), list(self.barriers.values())
        picked: list[str] = []
        for _ in range(rng.randint(0, 3)):
            key = rng.choices(keys, weights)[0]
            if key not in picked:
                picked.append(key)
        return tuple(sorted(picked))

    def pick_referral(self, rng: random.Random) -> str:
        return rng.choices(list(self.referrals), list(self.referrals.values()))[0]


def profile(code: str) -> TrustProfile:
    rng = random.Random(f"demo-trust:{code}")  # str seeds are stable across runs
    # A few barriers dominate at each trust, as the pilot expects to find.
    barriers = {b.key: rng.choice((0.3, 1.0, 1.0, 2.0, 4.0)) for b in choices.barriers()}
    referrals = {r: rng.choice((0.2, 1.0, 2.0, 5.0)) for r in choices.referral_sources()}
    return TrustProfile(
        code=code,
        scale=SCALES.get(code, round(rng.uniform(0.6, 1.4), 1)),
        barriers=barriers,
        referrals=referrals,
        outcome_rate=round(rng.uniform(0.15, 0.5), 2),
        stays=round(rng.uniform(0.65, 0.95), 2),
        resolves=round(rng.uniform(0.2, 0.6), 2),
    )


def add_demo_learning(vault: Vault, rng: random.Random, profile: TrustProfile, today: date) -> None:
    """Dates on the barriers ticked at registration, a barrier found later for some, and
    case notes; the open barriers on each volunteer follow."""
    now = utc_text(vault.clock.now())
    with vault.unit_of_work() as session:
        people = session.execute(
            select(VolunteerRow.id, VolunteerRow.state, VolunteerRow.joined_on)
        ).all()
        joined_on = {vid: joined or today for vid, _state, joined in people}
        keys = list(profile.barriers)
        later = [
            {
                "volunteer_id": vid,
                "key": rng.choices(keys, list(profile.barriers.values()))[0],
                "identified_on": min(today, joined_on[vid] + timedelta(days=rng.randint(20, 150))),
                "resolved_on": None,
                "helped": "",
            }
            for vid, state, _joined in people
            if state != "enquiry" and rng.random() < 0.2
        ]
        if later:
            session.execute(insert(BarrierRow), later)
        for row in session.scalars(select(BarrierRow)):
            open_days = (today - row.identified_on).days
            if open_days > 14 and rng.random() < profile.resolves:
                row.resolved_on = row.identified_on + timedelta(days=rng.randint(14, open_days))
                row.helped = rng.choice(_HELPED)
        session.flush()
        _open_keys(session, [vid for vid, *_ in people])
        notes = [
            note
            for vid, state, _joined in people
            if state in ("onboarding", "active", "paused")
            for note in _notes(vid, joined_on[vid], today, rng, vault.actor, now)
        ]
        if notes:
            session.execute(insert(CaseNoteRow), notes)


def _open_keys(session: Session, ids: list[int]) -> None:
    """``barriers_json`` from the rows, in one pass (``data.barriers`` does one person)."""
    order = [b.key for b in choices.barriers()]
    held: dict[int, set[str]] = {vid: set() for vid in ids}
    for vid, key in session.execute(
        select(BarrierRow.volunteer_id, BarrierRow.key).where(BarrierRow.resolved_on.is_(None))
    ):
        held[vid].add(key)
    for vid, keys in held.items():
        ordered = sorted(keys, key=lambda k: order.index(k) if k in order else len(order))
        session.execute(
            update(VolunteerRow)
            .where(VolunteerRow.id == vid)
            .values(barriers_json=json.dumps(ordered))
        )


def _notes(
    vid: int, joined: date, today: date, rng: random.Random, author: str, now: str
) -> list[dict[str, object]]:
    span = max(1, (today - joined).days)
    days = sorted(rng.sample(range(span), min(span, rng.randint(0, 4))))
    found = []
    for n, day in enumerate(days):
        last = n == len(days) - 1
        step = last and rng.random() < 0.4
        found.append(
            {
                "volunteer_id": vid,
                "written_on": joined + timedelta(days=day),
                "note": rng.choice(_NOTES),
                "safeguarding": rng.random() < 0.03,
                "next_step": rng.choice(_STEPS) if step else "",
                "next_step_on": today + timedelta(days=rng.randint(-5, 20)) if step else None,
                "next_step_done": False,
                "author": author,
                "created_at": now,
            }
        )
    return found
