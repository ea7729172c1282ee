"""Career pathway templates: the bundled file, the checks on an edited one and a trust's
override (the plan rules are in test_plan_rules)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coordinator_app.domain import resources
from coordinator_app.domain.pathways import (
    PathwaysInvalid,
    pathway,
    pathways,
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
