"""A small fixed data set of generated people whose dashboard figures are counted by hand
(the counts are in the comments and in the tests that use it)."""

from __future__ import annotations

from datetime import date, time, timedelta

from coordinator_app.data.vault import Vault
from coordinator_app.domain import onboarding
from coordinator_app.domain.activities import ActivityDetails
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.outcomes import OutcomeDetails
from coordinator_app.domain.reviews import ReviewRatings
from coordinator_app.domain.shifts import ShiftTime
from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.services.shifts import activities, placements, shifts
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.support import outcomes, plans, reviews
from coordinator_app.services.support.plans import MilestoneChange
from coordinator_app.services.volunteers import volunteers as volunteer_service

TODAY = date(2026, 11, 27)
ROLE = "welcome_volunteer"


def _person(vault: Vault, name: str, state: str, barriers: tuple[str, ...]) -> int:
    role = onboarding.role(ROLE)
    assert role is not None
    ready = state in ("active", "left")
    checks = [CheckRecord(k, TODAY - timedelta(days=100)) for k in (role.items if ready else ())]
    details = VolunteerDetails(
        given_names="Generated",
        family_name=f"Dashboard-{name}",
        status="refugee",
        role=ROLE,
        state=state,
        left_reason="Moved away" if state == "left" else "",
        barriers=barriers,
    )
    return volunteer_service.register(vault, details, TODAY, checks, allow_duplicates=True).id


def fill(vault: Vault) -> dict[str, int]:
    """Five people: a and b active, c onboarding, d an enquiry, e left.

    Q4 2026 by hand: active volunteers 3 (a, b on shifts; c at a session); service hours
    October 12 (a 4+4, b 4; b's November no-show counts nothing, a's September shift is
    outside), training November 2 (c); one milestone achieved in the quarter (a's, on
    20 October; the September one is outside); outcomes started in the quarter: one
    training (b; a's paid job began in September; e's leaving is no outcome that started);
    with an outcome: 2 (a, b; e left); barriers of
    current volunteers: English language 2 (a, b; e has left), Confidence 1, Travel 1."""
    a = _person(vault, "a", "active", ("english", "confidence"))
    b = _person(vault, "b", "active", ("english",))
    c = _person(vault, "c", "onboarding", ("travel",))
    d = _person(vault, "d", "enquiry", ())
    e = _person(vault, "e", "left", ("english",))
    ward = placements.add_placement(
        vault, PlacementDetails("Generated Desk", "welcome_volunteer", False)
    )
    for who, on, outcome in (
        (a, date(2026, 9, 28), "attended"),
        (a, date(2026, 10, 5), "attended"),
        (a, date(2026, 10, 12), "attended"),
        (b, date(2026, 10, 19), "attended"),
        (b, date(2026, 11, 2), "no_show"),
    ):
        (booked,) = shifts.book(vault, who, ward.id, ShiftTime(on, time(9), time(13)), TODAY)
        shifts.record_outcome(vault, booked.id, outcome)
    workshop = activities.add_activity(
        vault,
        ActivityDetails(
            "cv_workshop", "CV workshop", ShiftTime(date(2026, 11, 10), time(10), time(12))
        ),
        TODAY,
    )
    activities.set_register(vault, workshop.id, invited=[a, c], attended=[c], today=TODAY)
    plans.add_pathway(vault, a, "healthcare_support_worker")
    steps = plans.plan(vault, a, TODAY).milestones
    plans.update_milestone(
        vault, steps[0].id, MilestoneChange("achieved", None, date(2026, 9, 1)), TODAY
    )
    plans.update_milestone(
        vault, steps[1].id, MilestoneChange("achieved", None, date(2026, 10, 20)), TODAY
    )
    reviews.add_review(vault, a, date(2026, 6, 1), ReviewRatings(2, 2, 3, 1), "", TODAY)
    reviews.add_review(vault, a, date(2026, 10, 1), ReviewRatings(4, 3, 3, 2), "", TODAY)
    reviews.add_review(vault, b, date(2026, 7, 1), ReviewRatings(1, None, 2, 2), "", TODAY)
    reviews.add_review(vault, b, date(2026, 10, 9), ReviewRatings(2, 4, 4, 2), "", TODAY)
    reviews.add_review(
        vault, c, date(2026, 12, 1), ReviewRatings(5, 5, 5, 5), "", date(2026, 12, 1)
    )
    outcomes.add_outcome(
        vault,
        a,
        OutcomeDetails("paid_job", date(2026, 9, 1), employer="Generated NHS", role="HCA"),
        TODAY,
    )
    outcomes.add_outcome(
        vault, b, OutcomeDetails("training", date(2026, 10, 2), course="Care"), TODAY
    )
    # Leaving is recorded as an outcome, but it is not one that started: counted nowhere.
    outcomes.add_outcome(
        vault, e, OutcomeDetails("left", date(2026, 10, 20), reason="Moved away"), TODAY
    )
    return {"a": a, "b": b, "c": c, "d": d, "e": e}
