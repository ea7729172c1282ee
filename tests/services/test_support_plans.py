"""Support plans, reviews and outcomes on a real vault: pathways copied into a plan,
milestone rules, the validity warning, the volunteer's PDF, distance travelled, the
asylum-seeker outcome rule, follow-ups, what Today lists, and what a return counts."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from coordinator_app.data.vault import Vault
from coordinator_app.domain import pathways
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.outcomes import OutcomeDetails
from coordinator_app.domain.reviews import ReviewRatings
from coordinator_app.domain.volunteers import Consent
from coordinator_app.services.reports import stats
from coordinator_app.services.returns import returns
from coordinator_app.services.support import outcomes, plans, reviews
from coordinator_app.services.support.plans import MilestoneChange
from coordinator_app.services.support.support_due import support_due
from tests.services.test_returns import _person
from tests.services.test_shifts import _volunteer

TODAY = date(2026, 11, 27)


def _step(view: plans.PlanView, step: str) -> plans.MilestoneView:
    return next(m for m in view.milestones if m.step == step)


def test_a_plan_takes_a_pathway_and_warns_when_a_result_will_expire(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    person = _volunteer(vault, ready=True)
    plans.save_assessment(vault, person, "Interview practice", "Ten years on a surgical ward")
    plans.add_pathway(vault, person, "nurse_nmc")
    with pytest.raises(InvalidInput, match="already in this plan"):
        plans.add_pathway(vault, person, "nurse_nmc")
    with pytest.raises(InvalidInput, match="not in the list"):
        plans.add_pathway(vault, person, "astronaut")
    view = plans.plan(vault, person, TODAY)
    assert view.pathways == ("nurse_nmc",) and len(view.milestones) >= 4
    english = next(m for m in view.milestones if "english" in m.step.lower())
    template = pathways.pathway("nurse_nmc")
    assert template is not None
    registration = next(
        m
        for m in view.milestones
        if english.step in template.milestone(m.step).needs_valid  # type: ignore[union-attr]
    )
    achieved = TODAY - timedelta(days=700)  # a two-year result with a month to run
    plans.update_milestone(vault, english.id, MilestoneChange("achieved", None, achieved), TODAY)
    plans.update_milestone(
        vault,
        registration.id,
        MilestoneChange(
            "in_progress", TODAY + timedelta(days=200), None, "", "Book it", "volunteer"
        ),
        TODAY,
    )
    warned = _step(plans.plan(vault, person, TODAY), registration.step).warnings
    assert warned and "expire" in warned[0]
    with pytest.raises(InvalidInput, match="status Achieved"):
        plans.update_milestone(
            vault, english.id, MilestoneChange("in_progress", None, TODAY), TODAY
        )
    with pytest.raises(InvalidInput, match="future"):
        plans.update_milestone(
            vault, english.id, MilestoneChange("achieved", None, TODAY + timedelta(days=1)), TODAY
        )
    due = support_due(vault, TODAY)
    assert any("expire" in line.what for line in due.evidence)

    sheet = tmp_path / "plan.pdf"
    plans.write_plan_sheet(vault, person, sheet, TODAY)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(sheet).pages)
    assert "My support plan" in text and "Interview practice" in text
    assert "not immigration or legal advice" in text and english.title in text


def test_reviews_give_distance_travelled_over_missing_ratings(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    person = _volunteer(vault, ready=True)
    reviews.add_review(vault, person, date(2026, 3, 1), ReviewRatings(2, None, 3, 1), "", TODAY)
    reviews.add_review(vault, person, date(2026, 9, 1), ReviewRatings(4, 3, None, 2), "", TODAY)
    reviews.add_review(vault, person, date(2026, 6, 1), ReviewRatings(None, 2, 4, None), "", TODAY)
    with pytest.raises(InvalidInput):
        reviews.add_review(vault, person, TODAY + timedelta(days=2), ReviewRatings(3), "", TODAY)
    history = reviews.history(vault, person)
    assert [r.held_on.month for r in history.reviews] == [3, 6, 9]
    moved = {k: (c.first, c.latest) if c else None for k, c in history.distance.items()}
    assert moved == {
        "confidence": (2, 4),
        "english": (2, 3),
        "belonging": (3, 4),
        "career_clarity": (1, 2),
    }


def test_paid_work_is_refused_for_an_asylum_seeker_and_follow_ups_fall_due(
    new_vault: tuple[Vault, str],
) -> None:
    vault, _ = new_vault
    seeker = _volunteer(vault, ready=True, status="asylum_seeker")
    job = OutcomeDetails("paid_job", date(2026, 8, 1), "Generated NHS Trust", True, "Porter", "2")
    with pytest.raises(InvalidInput, match="unless their permission to work is recorded"):
        outcomes.add_outcome(vault, seeker, job, TODAY)
    course = OutcomeDetails("training", date(2026, 8, 1), course="Generated care course")
    outcomes.add_outcome(vault, seeker, course, TODAY)
    refugee = _volunteer(vault, ready=True)
    made = outcomes.add_outcome(vault, refugee, job, TODAY)
    outcomes.record_follow_up(vault, made, 3, date(2026, 11, 2), True, "", TODAY)
    record = outcomes.outcomes(vault, refugee)[0]
    assert [(f.months, f.done_on is not None) for f in record.follow_ups] == [
        (3, True),
        (6, False),
        (12, False),
    ]
    due = support_due(vault, date(2027, 1, 25))
    listed = {(line.volunteer_id, line.what.split("-")[0]) for line in due.follow_ups}
    assert listed == {(seeker, "3"), (seeker, "6"), (refugee, "6")}  # the refugee's 3 is done
    counted = stats.vault_stats(vault)
    assert counted["outcomes"]["total"] == 2 and counted["outcomes"]["paid_job"] == 1


def test_a_return_counts_and_lists_milestones_reviews_and_outcomes(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    person = _person(vault, "Shares-Generated", Consent(date(2026, 1, 5)))
    hidden = _person(vault, "Private-Generated", Consent())
    for who in (person, hidden):
        plans.add_pathway(vault, who, "healthcare_support_worker")
        first = plans.plan(vault, who, TODAY).milestones[0]
        done = MilestoneChange("achieved", None, date(2026, 10, 14))
        plans.update_milestone(vault, first.id, done, TODAY)
        reviews.add_review(
            vault, who, date(2026, 10, 20), ReviewRatings(3, 4, 2, 5), "private", TODAY
        )
        course = OutcomeDetails("training", date(2026, 10, 2), course="Care course")
        outcomes.add_outcome(vault, who, course, TODAY)
    built = returns.build_return(vault, "2026-10", tmp_path, today=TODAY)
    totals = built.record.totals
    assert (totals["milestones_achieved"], totals["reviews_held"], totals["outcomes_recorded"]) == (
        1,
        1,
        1,
    )  # the person without consent to sharing is not counted
    with zipfile.ZipFile(built.path) as bundle:
        book = load_workbook(io.BytesIO(bundle.read("return.xlsx")))
    assert book["Milestones"].max_row == book["Reviews"].max_row == book["Outcomes"].max_row == 2
    assert [c.value for c in book["Reviews"][2]][2:] == [3, 4, 2, 5]
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert "private" not in cells  # review notes stay with the trust


@pytest.mark.parametrize("step", sorted(pathways.PAID_WORK_STEPS))
def test_a_job_offer_or_start_in_post_is_refused_for_an_asylum_seeker(
    new_vault: tuple[Vault, str], step: str
) -> None:
    """Like a paid outcome, "Conditional job offer" and "Started in post" record paid work:
    never for someone seeking asylum unless permission to work is recorded."""
    vault, _ = new_vault
    achieved = MilestoneChange("achieved", None, date(2026, 9, 1))
    for status, allowed in (
        ("asylum_seeker", False),
        ("asylum_seeker_ptw", True),
        ("refugee", True),
    ):
        person = _volunteer(vault, ready=True, status=status)
        plans.add_pathway(vault, person, "healthcare_support_worker")
        milestone = _step(plans.plan(vault, person, TODAY), step)
        if allowed:
            plans.update_milestone(vault, milestone.id, achieved, TODAY)
            assert _step(plans.plan(vault, person, TODAY), step).status == "achieved"
        else:
            with pytest.raises(InvalidInput, match="unless their permission to work"):
                plans.update_milestone(vault, milestone.id, achieved, TODAY)
            assert _step(plans.plan(vault, person, TODAY), step).status == "not_started"
            # Working towards it is not paid work yet.
            plans.update_milestone(
                vault, milestone.id, MilestoneChange("in_progress", None, None), TODAY
            )
