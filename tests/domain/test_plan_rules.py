"""Plan rules over career pathways: dependency order, result validity, overdue targets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from coordinator_app.domain.pathways import (
    Pathway,
    PlanStep,
    pathway,
    pathways,
    plan_warnings,
)

TODAY = date(2026, 11, 27)


def step(
    key: str,
    title: str,
    *,
    depends_on: tuple[str, ...] = (),
    valid_months: int | None = None,
    needs_valid: tuple[str, ...] = (),
    target: date | None = None,
    achieved: date | None = None,
) -> PlanStep:
    return PlanStep(key, title, depends_on, valid_months, needs_valid, target, achieved)


def english(achieved: date | None = None, target: date | None = None) -> PlanStep:
    return step("english_test", "English test", valid_months=24, target=target, achieved=achieved)


def registration(target: date | None) -> PlanStep:
    return step(
        "nmc_registration",
        "NMC registration",
        depends_on=("english_test",),
        needs_valid=("english_test",),
        target=target,
    )


def sentences(steps: list[PlanStep], today: date = TODAY) -> list[str]:
    return [w.sentence for w in plan_warnings(steps, today)]


def test_a_step_planned_before_a_step_it_needs() -> None:
    cbt = step("cbt", "CBT", depends_on=("english_test",), target=date(2027, 3, 1))
    [warning] = plan_warnings([english(target=date(2027, 5, 1)), cbt], TODAY)
    assert warning.key == "cbt" and warning.kind == "order"
    assert warning.sentence == (
        "CBT is planned for 01/03/2027, before the step it needs: English test, "
        "planned for 01/05/2027."
    )


def test_a_step_achieved_before_a_step_it_needs() -> None:
    cbt = step("cbt", "CBT", depends_on=("english_test",), achieved=date(2026, 9, 1))
    assert sentences([english(achieved=date(2026, 10, 1)), cbt]) == [
        "CBT was achieved on 01/09/2026, before the step it needs: English test, "
        "achieved on 01/10/2026."
    ]


def test_the_same_day_or_an_undated_dependency_is_not_out_of_order() -> None:
    same_day = step("cbt", "CBT", depends_on=("english_test",), target=date(2027, 5, 1))
    assert sentences([english(target=date(2027, 5, 1)), same_day]) == []
    assert sentences([english(), same_day]) == []
    assert sentences([same_day]) == []  # the dependency was dropped from the plan


def test_a_result_that_will_have_expired_before_the_step_needing_it() -> None:
    steps = [english(achieved=date(2025, 2, 1)), registration(date(2027, 6, 1))]
    [warning] = plan_warnings(steps, date(2026, 6, 1))  # expiry still months away
    assert warning.key == "nmc_registration" and warning.kind == "expiry"
    assert warning.sentence == (
        "The English test result from 01/02/2025 will have expired on 01/02/2027, "
        "before NMC registration, planned for 01/06/2027."
    )


def test_a_result_valid_on_the_target_date_is_fine() -> None:
    steps = [english(achieved=date(2025, 8, 1)), registration(date(2027, 7, 31))]
    assert sentences(steps) == []
    # On the expiry date itself the result is no longer counted as valid.
    steps = [english(achieved=date(2025, 8, 1)), registration(date(2027, 8, 1))]
    assert sentences(steps) == [
        "The English test result from 01/08/2025 will have expired on 01/08/2027, "
        "before NMC registration, planned for 01/08/2027."
    ]


def test_a_result_that_has_already_expired() -> None:
    steps = [english(achieved=date(2024, 11, 1)), registration(date(2027, 1, 15))]
    assert sentences(steps) == [
        "The English test result from 01/11/2024 expired on 01/11/2026: a new result is "
        "needed before NMC registration."
    ]
    steps[1] = registration(None)  # with no target date too
    assert len(sentences(steps)) == 1


def test_a_result_that_expires_soon() -> None:
    soon = [english(achieved=date(2025, 1, 10)), registration(date(2027, 3, 1))]
    assert sentences(soon) == [
        "The English test result from 10/01/2025 expires on 10/01/2027 (in 44 days), "
        "before NMC registration, planned for 01/03/2027."
    ]
    undated = [english(achieved=date(2025, 1, 10)), registration(None)]
    assert sentences(undated) == [
        "The English test result from 10/01/2025 expires on 10/01/2027 (in 44 days); "
        "NMC registration, which needs it, has no planned date yet."
    ]
    tomorrow = [english(achieved=date(2024, 11, 28)), registration(None)]
    assert "(in 1 day)" in sentences(tomorrow)[0]


def test_no_expiry_warning_when_the_step_comes_first_or_is_done() -> None:
    in_time = [english(achieved=date(2025, 1, 10)), registration(date(2026, 12, 20))]
    assert sentences(in_time) == []
    far_off = [english(achieved=date(2026, 6, 1)), registration(None)]
    assert sentences(far_off) == []
    done = registration(None)
    done = replace(done, achieved_on=date(2026, 10, 1))
    assert sentences([english(achieved=date(2024, 1, 1)), done]) == []


def test_validity_clamps_to_the_end_of_the_month() -> None:
    month = step("check", "Check", valid_months=1, achieved=date(2027, 1, 31))
    needs = step("next", "Next", depends_on=("check",), needs_valid=("check",))
    warned = sentences([month, needs], today=date(2027, 2, 1))
    assert warned == [
        "The Check result from 31/01/2027 expires on 28/02/2027 (in 27 days); "
        "Next, which needs it, has no planned date yet."
    ]
    leap = step("check", "Check", valid_months=1, achieved=date(2028, 1, 31))
    assert "expires on 29/02/2028" in sentences([leap, needs], today=date(2028, 2, 1))[0]


def test_an_overdue_step() -> None:
    late = step("cbt", "CBT", target=date(2026, 11, 1))
    [warning] = plan_warnings([late], TODAY)
    assert warning.kind == "overdue"
    assert warning.sentence == (
        "CBT has been overdue since 01/11/2026: it is not recorded as achieved."
    )
    assert sentences([step("cbt", "CBT", target=TODAY)]) == []
    assert sentences([step("cbt", "CBT", target=date(2026, 1, 1), achieved=date(2026, 1, 5))]) == []


def test_a_clean_plan_has_no_warnings() -> None:
    nurse = pathway("nurse_nmc")
    assert nurse is not None
    plan = steps_from(
        nurse,
        targets={
            "nmc_eligibility": date(2027, 1, 15),
            "osce": date(2027, 4, 1),
            "nmc_registration": date(2027, 6, 1),
            "band_5_post": date(2027, 9, 1),
        },
        achieved={"english_test": date(2026, 6, 1), "cbt": date(2026, 10, 1)},
    )
    assert [s.key for s in plan] == [m.key for m in nurse.milestones]
    assert plan_warnings(plan, TODAY) == []
    assert plan_warnings(steps_from(nurse), TODAY) == []  # nothing dated, nothing to say


def test_every_bundled_pathway_followed_in_order_has_no_warnings() -> None:
    for each in pathways():
        targets = {m.key: date(2027, 1 + n, 1) for n, m in enumerate(each.milestones)}
        assert plan_warnings(steps_from(each, targets=targets), TODAY) == [], each.key


def steps_from(
    pathway: Pathway,
    targets: Mapping[str, date | None] | None = None,
    achieved: Mapping[str, date | None] | None = None,
) -> list[PlanStep]:
    """A plan following ``pathway`` with the given target and achieved dates by key."""
    targets, achieved = targets or {}, achieved or {}
    return [
        PlanStep(
            key=m.key,
            title=m.title,
            depends_on=m.depends_on,
            valid_months=m.valid_months,
            needs_valid=m.needs_valid,
            target_on=targets.get(m.key),
            achieved_on=achieved.get(m.key),
        )
        for m in pathway.milestones
    ]
