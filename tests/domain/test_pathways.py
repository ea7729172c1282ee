"""Career pathway templates: the bundled file, the checks on an edited one, a trust's
override, and the plan rules (dependency order, result validity, overdue targets)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coordinator_app.domain import resources
from coordinator_app.domain.pathways import (
    Pathway,
    PathwaysInvalid,
    PlanStep,
    pathway,
    pathways,
    plan_warnings,
    schema_problems,
)

TODAY = date(2026, 11, 27)
REQUIRED = {
    "healthcare_support_worker",
    "nurse_nmc",
    "midwife_nmc",
    "doctor_gmc",
    "allied_health_hcpc",
    "pharmacist_gphc",
    "dentist_gdc",
    "non_clinical_admin",
    "non_clinical_estates",
    "non_clinical_catering",
    "non_clinical_it",
    "further_study",
}


def bundled() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(
        (resources.resource_dir() / "pathways.json").read_text("utf-8")
    )
    return doc


@pytest.fixture
def rules_folder(tmp_path: Path) -> Iterator[Path]:
    resources.set_override_dir(tmp_path)
    try:
        yield tmp_path
    finally:
        resources.set_override_dir(None)


# --- The bundled templates -----------------------------------------------------------------


def test_the_bundled_templates_load_and_pass_every_check() -> None:
    assert schema_problems(bundled()) == []
    loaded = pathways()
    assert {p.key for p in loaded} >= REQUIRED
    for each in loaded:
        assert len(each.milestones) >= 4, each.key
        assert each.sources, each.key
        for source in each.sources:
            assert source.url.startswith("https://"), (each.key, source.url)
            assert isinstance(source.last_checked, date), (each.key, source.title)


def test_the_bundled_about_text_says_no_advice_is_given() -> None:
    about = bundled()["_about"]
    assert "never gives immigration or legal advice" in about
    assert "official sources" in about


def test_results_that_expire_are_modelled_where_regulators_set_limits() -> None:
    nurse = pathway("nurse_nmc")
    doctor = pathway("doctor_gmc")
    assert nurse is not None and doctor is not None
    english = nurse.milestone("english_test")
    registration = nurse.milestone("nmc_registration")
    assert english is not None and english.valid_months == 24
    assert registration is not None and registration.needs_valid == ("english_test",)
    plab_2 = doctor.milestone("plab_2")
    assert plab_2 is not None and plab_2.needs_valid == ("plab_1",)
    assert pathway("no_such_pathway") is None
    assert nurse.milestone("no_such_step") is None


# --- Checking an edited file ---------------------------------------------------------------


def small() -> dict[str, Any]:
    """A minimal valid document to break one way at a time."""
    return {
        "_about": "test",
        "pathways": [
            {
                "key": "route",
                "title": "Route",
                "category": "clinical",
                "summary": "A route.",
                "sources": [
                    {"title": "Body", "url": "https://example.org/", "last_checked": "2026-11-01"}
                ],
                "milestones": [
                    {
                        "key": "test",
                        "title": "Test",
                        "evidence": "Certificate.",
                        "depends_on": [],
                        "valid_months": 24,
                        "needs_valid": [],
                    },
                    {
                        "key": "course",
                        "title": "Course",
                        "evidence": "Certificate.",
                        "depends_on": [],
                        "valid_months": None,
                        "needs_valid": [],
                    },
                    {
                        "key": "register",
                        "title": "Register",
                        "evidence": "Letter.",
                        "depends_on": ["test", "course"],
                        "valid_months": None,
                        "needs_valid": ["test"],
                    },
                ],
            }
        ],
    }


DELETE = object()


def changed(path: tuple[Any, ...], **fields: Any) -> list[str]:
    """The problems of ``small()`` with the object at ``path`` changed (DELETE removes)."""
    doc = small()
    target: Any = doc
    for step in path:
        target = target[step]
    for name, value in fields.items():
        if value is DELETE:
            del target[name]
        else:
            target[name] = value
    return schema_problems(doc)


def only(problems: list[str], *words: str) -> None:
    """Exactly one problem, and it says all of ``words``."""
    assert len(problems) == 1, problems
    for word in words:
        assert word in problems[0], problems


P = ("pathways", 0)
M0 = (*P, "milestones", 0)
M2 = (*P, "milestones", 2)


def test_the_small_document_is_valid() -> None:
    assert schema_problems(small()) == []


def test_not_an_object_and_no_pathways_list() -> None:
    only(schema_problems([]), "JSON object")
    only(schema_problems({"_about": "x"}), 'no "pathways"')
    only(schema_problems({"pathways": {}}), '"pathways" must be a list')
    only(schema_problems({"pathways": []}), "no pathways")


def test_missing_and_unknown_fields_are_named_with_their_pathway() -> None:
    only(changed(P, summary=DELETE), 'Pathway "route" has no "summary"')
    only(changed(P, owner="me"), 'Pathway "route" has an unknown field "owner"')
    only(changed(M2, evidence=DELETE), 'milestone "register" has no "evidence"')
    assert changed(P, _note="kept for people") == []  # notes are allowed


def test_wrong_types() -> None:
    only(changed(P, title=3), '"title" must be text')
    only(changed(P, title="  "), '"title" must be text')
    only(changed(P, milestones="none"), '"milestones" must be a list')
    only(changed(M2, depends_on="test"), '"depends_on" must be a list')
    only(changed(M0, valid_months="24"), "whole number")
    only(changed(M0, valid_months=True), "whole number")
    only(schema_problems({"pathways": ["route"]}), "Pathway 1 must be a JSON object")


def test_bad_keys_and_category() -> None:
    only(changed(P, key="Nurse NMC"), "Pathway 1", "lower case")
    only(changed(P, category="medical"), "clinical, non_clinical, study")


def test_bad_dates_and_addresses_in_sources() -> None:
    source = (*P, "sources", 0)
    only(changed(source, last_checked="01/11/2026"), "source 1", "YYYY-MM-DD")
    only(changed(source, last_checked="2026-02-30"), "real date")
    only(changed(source, url="ftp://example.org/"), "https://")
    only(changed(source, url="www.example.org"), "https://")


def test_duplicate_keys() -> None:
    doc = small()
    doc["pathways"].append(copy.deepcopy(doc["pathways"][0]))
    only(schema_problems(doc), 'Pathway "route" appears more than once')
    doc = small()
    doc["pathways"][0]["milestones"][1]["key"] = "test"
    problems = schema_problems(doc)
    assert any('milestone "test" appears more than once' in p for p in problems), problems


def test_dependencies_must_be_earlier_milestones_of_the_same_pathway() -> None:
    only(changed(M0, depends_on=["register"]), '"register"', "later")
    only(changed(M0, depends_on=["test"]), "itself")
    only(changed(M2, depends_on=["cbt", "test", "course"]), '"cbt"', "not a milestone")


def test_needs_valid_must_be_a_dependency_with_a_validity() -> None:
    only(changed(M2, needs_valid=["test", "course"]), '"course"', 'no "valid_months"')
    only(changed(M2, depends_on=["course"]), '"test"', 'not in its "depends_on"')
    only(changed(M0, valid_months=0), "more than 0")
    only(changed(M0, valid_months=-6), "more than 0")


def test_a_pathway_needs_milestones() -> None:
    only(changed(P, milestones=[]), 'Pathway "route" has no milestones')


def test_every_problem_is_reported_not_just_the_first() -> None:
    doc = small()
    doc["pathways"][0]["category"] = "medical"
    doc["pathways"][0]["sources"][0]["url"] = "nowhere"
    doc["pathways"][0]["milestones"][2]["needs_valid"] = ["nothing"]
    assert len(schema_problems(doc)) == 3


# --- A trust's own templates ---------------------------------------------------------------


def test_an_override_file_replaces_the_bundled_templates(rules_folder: Path) -> None:
    assert pathway("nurse_nmc") is not None  # read (and cached) before the override exists
    (rules_folder / "pathways.json").write_text(json.dumps(small()), "utf-8")
    resources.set_override_dir(rules_folder)  # as at start-up: forget what was read before
    assert [p.key for p in pathways()] == ["route"]
    assert pathway("nurse_nmc") is None


def test_an_invalid_override_is_refused_with_its_problems(rules_folder: Path) -> None:
    doc = small()
    doc["pathways"][0]["milestones"][0]["depends_on"] = ["register"]
    (rules_folder / "pathways.json").write_text(json.dumps(doc), "utf-8")
    with pytest.raises(PathwaysInvalid) as raised:
        pathways()
    assert len(raised.value.problems) == 1
    assert 'milestone "test": "depends_on" names "register"' in raised.value.message
    assert "rules folder" in raised.value.sentence()


def test_an_override_that_is_not_json_is_refused(rules_folder: Path) -> None:
    (rules_folder / "pathways.json").write_text('{"pathways": [', "utf-8")
    with pytest.raises(PathwaysInvalid, match="not valid JSON"):
        pathways()


def test_many_problems_are_summarised_in_the_message(rules_folder: Path) -> None:
    doc = small()
    for milestone in doc["pathways"][0]["milestones"]:
        milestone["title"] = ""
        milestone["evidence"] = ""
    (rules_folder / "pathways.json").write_text(json.dumps(doc), "utf-8")
    with pytest.raises(PathwaysInvalid) as raised:
        pathways()
    assert len(raised.value.problems) == 6
    assert "(and 3 more problems)" in raised.value.message


# --- Plan rules ----------------------------------------------------------------------------


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
