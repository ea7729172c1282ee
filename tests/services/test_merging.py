"""Merging two records of one person on a real vault: everything the second held moves to
the kept record, so every return's figures stay the same; overlapping shifts are reported and
resolved as chosen; the merge is audited by code; the old code finds the kept record."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time

import pytest
from sqlalchemy import select

from coordinator_app.data.models import AuditEntryRow, ShiftMonthTotalRow
from coordinator_app.data.vault import Vault
from coordinator_app.data.volunteers import ListFilter
from coordinator_app.domain import onboarding
from coordinator_app.domain.activities import ActivityDetails
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.expenses import ExpenseClaim
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.outcomes import OutcomeDetails
from coordinator_app.domain.return_figures import FIGURES
from coordinator_app.domain.reviews import ReviewRatings
from coordinator_app.domain.shifts import ShiftTime
from coordinator_app.domain.volunteers import Consent, VolunteerDetails
from coordinator_app.services.returns import returns
from coordinator_app.services.shifts import (
    activities,
    expenses,
    months,
    placements,
    register,
    shifts,
)
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.support import barriers, case_notes, outcomes, plans, reviews
from coordinator_app.services.support.case_notes import CaseNote
from coordinator_app.services.volunteers import erasure, merging, volunteers

TODAY = date(2026, 11, 27)
ROLE = "non_patient_facing"
PATHWAY = "healthcare_support_worker"
PERIODS = ("2026-08", "2026-09", "2026-10", "2026-11", "2026-Q3", "2026-Q4")
PEOPLE = {f.key for f in FIGURES if f.unit == "people"}


def _person(vault: Vault, n: int) -> int:
    role = onboarding.role(ROLE)
    assert role is not None
    return volunteers.register(
        vault,
        VolunteerDetails(
            given_names=f"Generated{n}",
            family_name="Merge-Test",
            date_of_birth=date(1990, 2, 3),
            role=ROLE,
            joined_on=date(2026, 8, 1),
            consent_records=Consent(date(2026, 8, 1)),
            consent_sharing=Consent(date(2026, 8, 1)),
        ),
        date(2026, 8, 1),
        [CheckRecord(k, date(2026, 8, 1)) for k in role.items],
        allow_duplicates=True,
    ).id


def _shift(vault: Vault, who: int, place: int, on: date, outcome: str, start: int = 9) -> int:
    (booked,) = shifts.book(
        vault, who, place, ShiftTime(on, time(start), time(start + 4)), TODAY, confirm_warnings=True
    )
    if outcome != "planned":
        by = "volunteer" if outcome == "cancelled" else ""
        shifts.record_outcome(vault, booked.id, outcome, cancelled_by=by)
    return booked.id


def _milestones(vault: Vault, who: int) -> dict[str, int]:
    return {m.step: m.id for m in plans.plan(vault, who, TODAY).milestones}


def _history(vault: Vault, keep: int, other: int, ward: int, desk: int) -> int:
    """Both records with shifts, attendance, a plan with milestones, reviews, outcomes and
    expenses; returns the other record's shift that overlaps one of the kept record's."""
    for who, days in ((keep, (3, 10)), (other, (4, 11))):
        for day in days:
            _shift(vault, who, ward, date(2026, 9, day), "attended")
            _shift(vault, who, desk, date(2026, 10, day), "late")
    _shift(vault, other, ward, date(2026, 10, 20), "no_show")
    _shift(vault, other, desk, date(2026, 11, 2), "cancelled")
    _shift(vault, keep, ward, date(2026, 8, 25), "attended")
    _shift(vault, keep, ward, date(2026, 10, 14), "attended")
    clash = _shift(vault, other, desk, date(2026, 10, 14), "attended", start=11)
    for n, (who, on) in enumerate(((keep, date(2026, 9, 8)), (other, date(2026, 10, 6)))):
        session = activities.add_activity(
            vault,
            ActivityDetails(
                "cv_workshop", f"Generated workshop {n}", ShiftTime(on, time(10), time(12))
            ),
            TODAY,
        )
        activities.set_register(vault, session.id, [keep, other], [who], TODAY)
    for who in (keep, other):
        plans.add_pathway(vault, who, PATHWAY)
        plans.save_assessment(vault, who, f"Generated needs {who}", "")
    kept_steps, other_steps = _milestones(vault, keep), _milestones(vault, other)
    first, second = list(kept_steps)[:2]
    plans.update_milestone(
        vault, kept_steps[first], plans.MilestoneChange("in_progress", None, None), TODAY
    )
    for step, on in ((first, date(2026, 10, 9)), (second, date(2026, 9, 15))):
        plans.update_milestone(
            vault, other_steps[step], plans.MilestoneChange("achieved", None, on), TODAY
        )
    reviews.add_review(vault, keep, date(2026, 9, 20), ReviewRatings(3), "", TODAY)
    reviews.add_review(vault, other, date(2026, 10, 21), ReviewRatings(4), "", TODAY)
    outcomes.add_outcome(
        vault, other, OutcomeDetails("training", date(2026, 11, 3), course="Care"), TODAY
    )
    outcomes.add_outcome(
        vault, keep, OutcomeDetails("training", date(2026, 8, 28), course="IT"), TODAY
    )
    expenses.add_expense(vault, keep, ExpenseClaim(date(2026, 9, 3), "travel", 420, True), TODAY)
    expenses.add_expense(vault, other, ExpenseClaim(date(2026, 10, 4), "travel", 380, True), TODAY)
    barriers.add_barrier(vault, other, "travel", date(2026, 9, 2), TODAY)
    case_notes.add_note(vault, other, CaseNote(date(2026, 9, 2), "Generated contact note"), TODAY)
    return clash


def _figures(vault: Vault) -> dict[str, dict[str, int]]:
    return {
        label: {f.key: f.value for f in returns.preview(vault, label, TODAY).figures}
        for label in PERIODS
    }


@pytest.fixture
def pair(new_vault: tuple[Vault, str]) -> tuple[Vault, int, int, int]:
    vault, _ = new_vault
    ward = placements.add_placement(vault, PlacementDetails("Generated Ward", ROLE, False)).id
    desk = placements.add_placement(vault, PlacementDetails("Generated Desk", ROLE, False)).id
    keep, other = _person(vault, 1), _person(vault, 2)
    clash = _history(vault, keep, other, ward, desk)
    return vault, keep, other, clash


def test_merge_moves_everything_and_every_return_counts_the_same(
    pair: tuple[Vault, int, int, int],
) -> None:
    vault, keep, other, clash = pair
    before = _figures(vault)
    assert before["2026-Q4"]["service_minutes"] > 0 and before["2026-Q3"]["reviews_held"] == 1
    kept = volunteers.get(vault, keep, TODAY)
    other_code = volunteers.get(vault, other, TODAY).code

    found = merging.clashes(vault, keep, other)
    assert [(c.other_shift, c.on) for c in found] == [(clash, date(2026, 10, 14))]
    assert found[0].kept_slots == ("09:00–13:00 Generated Ward (attended)",)
    done = merging.merge(vault, keep, other, kept.details, TODAY, {clash: "both"})

    after = _figures(vault)
    for label in PERIODS:
        same = {k: v for k, v in before[label].items() if k not in PEOPLE}
        assert {k: v for k, v in after[label].items() if k not in PEOPLE} == same, label
    # The people figures counted one person twice; now once.
    assert before["2026-Q4"]["volunteers_included"] == 2
    assert after["2026-Q4"]["volunteers_included"] == 1
    assert after["2026-Q4"]["volunteers_active"] == 1
    assert done.moved == {
        "checks": len(kept.checks),
        "shifts": 7,
        "expenses": 1,
        "reviews": 1,
        "outcomes": 1,
        "attendance": 2,
        "milestones": 2,  # the two the other had reached; the rest were behind or level
        "plan": 1,
        "barriers": 1,
        "notes": 1,
    }
    # The other's open barrier stays open on the kept record, with its day.
    (moved,) = barriers.barriers(vault, keep)
    assert (moved.key, moved.identified_on, moved.resolved_on) == ("travel", date(2026, 9, 2), None)
    assert volunteers.get(vault, keep, TODAY).details.barriers == ("travel",)
    assert [n.details.note for n in case_notes.notes(vault, keep)] == ["Generated contact note"]
    steps = {m.step: m for m in plans.plan(vault, keep, TODAY).milestones}
    first = next(iter(steps))
    assert steps[first].status == "achieved" and steps[first].achieved_on == date(2026, 10, 9)
    assert len(steps) == len(_milestones(vault, keep))  # no step twice
    needs = plans.plan(vault, keep, TODAY).needs
    assert f"Generated needs {keep}" in needs and f"Generated needs {other}" in needs
    with vault.unit_of_work() as session:
        totals = session.execute(
            select(ShiftMonthTotalRow.volunteer_id, ShiftMonthTotalRow.service_minutes).where(
                ShiftMonthTotalRow.service_minutes != 0
            )
        ).all()
        entry = session.scalars(
            select(AuditEntryRow.detail_json).where(AuditEntryRow.action == "volunteers_merged")
        ).one()
    assert {v for v, _ in totals} == {keep}
    logged = json.loads(entry)
    assert logged["kept"] == kept.code and logged["merged"] == other_code
    assert logged["moved"]["shifts"] == 7 and logged["clashes"]["both"] == 1
    assert "Generated" not in entry  # codes and counts, never names

    # The old code finds the kept record, wherever a code is looked up.
    assert volunteers.by_code(vault, other_code, TODAY).id == keep
    assert erasure.find_code(vault, other_code.lower()) == keep
    hits = volunteers.page(vault, ListFilter(search=other_code), TODAY, offset=0, limit=9)
    assert [h.id for h in hits] == [keep]


def test_clashes_are_refused_until_chosen_then_resolved_as_chosen(
    pair: tuple[Vault, int, int, int],
) -> None:
    vault, keep, other, clash = pair
    details = volunteers.get(vault, keep, TODAY).details
    (kept_shift,) = merging.clashes(vault, keep, other)[0].kept_shifts
    with pytest.raises(merging.UnresolvedClashes) as refused:
        merging.merge(vault, keep, other, details, TODAY)
    assert [c.other_shift for c in refused.value.clashes] == [clash]
    assert volunteers.get(vault, other, TODAY).merged_into is None  # nothing changed

    before = _figures(vault)["2026-10"]
    done = merging.merge(vault, keep, other, details, TODAY, {clash: "other"})
    assert done.shifts_removed == 1
    week = register.week_register(vault, date(2026, 10, 12))
    (cell,) = [c for row in week for day in row.days for c in day if c.start == "11:00"]
    assert cell.shift_id == clash and not [
        c for row in week for day in row.days for c in day if c.shift_id == kept_shift
    ]
    after = _figures(vault)["2026-10"]
    assert after["shifts_attended"] == before["shifts_attended"] - 1  # the double entry
    assert after["service_minutes"] == before["service_minutes"] - 240


def test_merge_refusals(pair: tuple[Vault, int, int, int]) -> None:
    vault, keep, other, clash = pair
    details = volunteers.get(vault, keep, TODAY).details
    with pytest.raises(InvalidInput):
        merging.merge(vault, keep, keep, details, TODAY)
    months.approve_month(vault, "2026-10", TODAY)
    with pytest.raises(InvalidInput, match="locked"):  # removing a shift of an approved month
        merging.merge(vault, keep, other, details, TODAY, {clash: "keep"})
    merging.merge(
        vault, keep, other, replace(details, goals="Generated goal"), TODAY, {clash: "both"}
    )
    with pytest.raises(InvalidInput, match="already merged"):
        merging.merge(vault, keep, other, details, TODAY, {})
