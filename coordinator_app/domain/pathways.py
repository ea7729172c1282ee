"""Career pathway templates (``resources/pathways.json``) and the rules that check one
volunteer's plan against them.

Regulators change their routes, scores and time limits, so the templates are data a trust
can override; because a coordinator may edit that file by hand, it is checked in full when
it loads and every problem is named, rather than failing later on a missing field. The
plan rules only compare dates and prompt checks: they never advise.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal
from urllib.parse import urlsplit

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.onboarding import add_months
from coordinator_app.domain.resources import cached_rules, read_json

FILE = "pathways.json"
CATEGORIES = ("clinical", "non_clinical", "study")
EXPIRY_WARNING_DAYS = 90


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    last_checked: date


@dataclass(frozen=True)
class MilestoneTemplate:
    key: str
    title: str
    evidence: str
    depends_on: tuple[str, ...]
    valid_months: int | None
    needs_valid: tuple[str, ...]


@dataclass(frozen=True)
class Pathway:
    key: str
    title: str
    category: str
    summary: str
    sources: tuple[Source, ...]
    milestones: tuple[MilestoneTemplate, ...]

    def milestone(self, key: str) -> MilestoneTemplate | None:
        return next((m for m in self.milestones if m.key == key), None)


# Steps that record paid work (a job offer, starting in post), whatever the pathway: like paid
# outcomes, they need a status that allows work (domain.outcomes.check_may_work).
PAID_WORK_STEPS = frozenset({"offer", "start"})


class PathwaysInvalid(InvalidInput):
    """The pathway templates cannot be used; ``problems`` lists every reason found."""

    SHOWN = 3  # enough to act on; the rest are in ``problems``

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        more = len(self.problems) - self.SHOWN
        listed = " ".join(self.problems[: self.SHOWN])
        if more > 0:
            listed += f" (and {more} more problem{'' if more == 1 else 's'})"
        super().__init__(
            f"The career pathway templates in {FILE} cannot be used. {listed}",
            f"Correct {FILE} in the rules folder, or remove it there to use the bundled templates.",
        )


# --- Checking a pathways document -------------------------------------------------------

_KEY = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
Rule = tuple[Callable[[object], bool], str]  # the test a value must pass, what it must be


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _is_key(value: object) -> bool:
    return isinstance(value, str) and _KEY.fullmatch(value) is not None


def _is_list(value: object) -> bool:
    return isinstance(value, list)


def _is_keys(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_months(value: object) -> bool:
    # JSON true/false arrive as bool, which Python counts as int.
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:  # 2026-02-30 has the right shape but is no date
        return False
    return True


def _is_url(value: object) -> bool:
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


_TOP: dict[str, Rule] = {"pathways": (_is_list, "a list")}
_PATHWAY: dict[str, Rule] = {
    "key": (_is_key, "a key in lower case with underscores, like nurse_nmc"),
    "title": (_is_text, "text"),
    "category": (lambda v: v in CATEGORIES, "one of " + ", ".join(CATEGORIES)),
    "summary": (_is_text, "text"),
    "sources": (_is_list, "a list"),
    "milestones": (_is_list, "a list"),
}
_SOURCE: dict[str, Rule] = {
    "title": (_is_text, "text"),
    "url": (_is_url, "a web address starting https:// or http://"),
    "last_checked": (_is_date, "a real date written YYYY-MM-DD"),
}
_MILESTONE: dict[str, Rule] = {
    "key": (_is_key, "a key in lower case with underscores, like english_test"),
    "title": (_is_text, "text"),
    "evidence": (_is_text, "text"),
    "depends_on": (_is_keys, "a list of milestone keys"),
    "valid_months": (_is_months, "a whole number of months, or null"),
    "needs_valid": (_is_keys, "a list of milestone keys"),
}


def schema_problems(doc: object) -> list[str]:
    """Every problem in a pathways document, each a sentence naming where it is; [] if the
    document can be used. Fields starting with ``_`` are notes and are ignored."""
    problems: list[str] = []
    top = _fields(doc, _TOP, "The pathways file", problems)
    if top is None or "pathways" not in top:
        return problems
    if not top["pathways"]:
        problems.append("The pathways file lists no pathways.")
    seen: set[str] = set()
    for index, raw in enumerate(top["pathways"], start=1):
        key = _pathway_problems(index, raw, problems)
        if key in seen:
            problems.append(f'Pathway "{key}" appears more than once; pathway keys must differ.')
        if key is not None:
            seen.add(key)
    return problems


def _fields(
    raw: object, rules: Mapping[str, Rule], where: str, problems: list[str]
) -> dict[str, Any] | None:
    """The fields of ``raw`` that pass their rule (None if it is not an object at all),
    noting every missing, unknown or wrong field."""
    if not isinstance(raw, dict):
        problems.append(f"{where} must be a JSON object (in curly brackets).")
        return None
    problems += [f'{where} has no "{name}".' for name in rules if name not in raw]
    problems += [
        f'{where} has an unknown field "{name}".'
        for name in raw
        if name not in rules and not str(name).startswith("_")
    ]
    good: dict[str, Any] = {}
    for name, (passes, expected) in rules.items():
        if name in raw:
            if passes(raw[name]):
                good[name] = raw[name]
            else:
                problems.append(f'{where}: "{name}" must be {expected}.')
    return good


def _pathway_problems(index: int, raw: object, problems: list[str]) -> str | None:
    """Checks one pathway; returns its key when that key is usable."""
    key = raw.get("key") if isinstance(raw, dict) else None
    where = f'Pathway "{key}"' if _is_key(key) else f"Pathway {index}"
    fields = _fields(raw, _PATHWAY, where, problems)
    if fields is None:
        return None
    for number, source in enumerate(fields.get("sources", ()), start=1):
        _fields(source, _SOURCE, f"{where}, source {number}", problems)
    milestones = fields.get("milestones")
    if milestones == []:
        problems.append(f"{where} has no milestones.")
    all_keys = {m["key"] for m in milestones or () if isinstance(m, dict) and _is_key(m.get("key"))}
    earlier: dict[str, dict[str, Any]] = {}
    for number, milestone in enumerate(milestones or (), start=1):
        _milestone_problems(where, number, milestone, all_keys, earlier, problems)
    return fields.get("key")


def _milestone_problems(
    pathway: str,
    number: int,
    raw: object,
    all_keys: set[str],
    earlier: dict[str, dict[str, Any]],
    problems: list[str],
) -> None:
    key = raw.get("key") if isinstance(raw, dict) else None
    where = f'{pathway}, milestone "{key}"' if _is_key(key) else f"{pathway}, milestone {number}"
    fields = _fields(raw, _MILESTONE, where, problems)
    if fields is None:
        return
    months = fields.get("valid_months")
    if months is not None and months <= 0:
        problems.append(f'{where}: "valid_months" must be more than 0 (or null).')
    for needed in fields.get("depends_on", ()):
        if needed == key:
            problems.append(f'{where}: "depends_on" names the milestone itself.')
        elif needed in all_keys and needed not in earlier:
            problems.append(
                f'{where}: "depends_on" names "{needed}", which comes later in the list; '
                "a milestone may depend only on earlier ones."
            )
        elif needed not in all_keys:
            problems.append(
                f'{where}: "depends_on" names "{needed}", which is not a milestone of this pathway.'
            )
    for needed in fields.get("needs_valid", ()):
        if "depends_on" in fields and needed not in fields["depends_on"]:
            problems.append(
                f'{where}: "needs_valid" names "{needed}", which is not in its "depends_on".'
            )
        elif needed in earlier and earlier[needed].get("valid_months", 0) is None:
            problems.append(
                f'{where}: "needs_valid" names "{needed}", which has no "valid_months", '
                "so its result never expires."
            )
    if "key" in fields:
        if key in earlier:
            problems.append(
                f'{pathway}: milestone "{key}" appears more than once; milestone keys must '
                "differ within a pathway."
            )
        else:
            earlier[fields["key"]] = fields


# --- Loading ------------------------------------------------------------------------------


@cached_rules
def pathways() -> tuple[Pathway, ...]:
    try:
        doc = read_json(FILE)
    except json.JSONDecodeError as error:
        raise PathwaysInvalid(
            [f"It is not valid JSON ({error.msg}, line {error.lineno}, column {error.colno})."]
        ) from error
    except UnicodeDecodeError as error:
        raise PathwaysInvalid(["It is not saved as UTF-8 text."]) from error
    problems = schema_problems(doc)
    if problems:
        raise PathwaysInvalid(problems)
    return tuple(_pathway(raw) for raw in doc["pathways"])


def pathway(key: str) -> Pathway | None:
    return next((p for p in pathways() if p.key == key), None)


def title_of(key: str) -> str:
    """The pathway's title, or its key when the templates no longer have it (a plan keeps
    the milestones it was agreed with)."""
    found = pathway(key)
    return found.title if found else key


def _pathway(raw: Mapping[str, Any]) -> Pathway:
    return Pathway(
        key=raw["key"],
        title=raw["title"],
        category=raw["category"],
        summary=raw["summary"],
        sources=tuple(
            Source(s["title"], s["url"], date.fromisoformat(s["last_checked"]))
            for s in raw["sources"]
        ),
        milestones=tuple(
            MilestoneTemplate(
                key=m["key"],
                title=m["title"],
                evidence=m["evidence"],
                depends_on=tuple(m["depends_on"]),
                valid_months=m["valid_months"],
                needs_valid=tuple(m["needs_valid"]),
            )
            for m in raw["milestones"]
        ),
    )


# --- Plan rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanStep:
    """One milestone of one volunteer's plan, as the plan rules see it."""

    key: str
    title: str
    depends_on: tuple[str, ...]
    valid_months: int | None
    needs_valid: tuple[str, ...]
    target_on: date | None
    achieved_on: date | None


WarningKind = Literal["order", "expiry", "overdue"]


@dataclass(frozen=True)
class PlanWarning:
    """A sentence about step ``key``; ``kind`` lets callers pick, say, only expiries."""

    key: str
    sentence: str
    kind: WarningKind


def plan_warnings(steps: Sequence[PlanStep], today: date) -> list[PlanWarning]:
    """What looks wrong in a plan, step by step: overdue targets, steps dated before the
    steps they need, and results that will not be valid when they are needed.

    A result achieved on A and valid V months counts as expired from A + V months (the
    date shown), so a step planned for that very day is warned about. Dependencies that
    are not in ``steps`` (for example dropped from the plan) are ignored.
    """
    by_key = {step.key: step for step in steps}
    warnings: list[PlanWarning] = []
    for step in steps:
        warnings += _overdue(step, today)
        warnings += _out_of_order(step, by_key)
        warnings += _expiries(step, by_key, today)
    return warnings


def _overdue(step: PlanStep, today: date) -> list[PlanWarning]:
    if step.achieved_on is not None or step.target_on is None or step.target_on >= today:
        return []
    sentence = (
        f"{step.title} has been overdue since {_shown(step.target_on)}: "
        "it is not recorded as achieved."
    )
    return [PlanWarning(step.key, sentence, "overdue")]


def _out_of_order(step: PlanStep, by_key: Mapping[str, PlanStep]) -> list[PlanWarning]:
    when = _when(step)
    if when is None:
        return []
    found = []
    for key in step.depends_on:
        needed = by_key.get(key)
        needed_when = _when(needed) if needed else None
        if needed is None or needed_when is None or when >= needed_when:
            continue
        found.append(
            PlanWarning(
                step.key,
                f"{step.title} {'was' if step.achieved_on else 'is'} {_dated(step, when)}, "
                f"before the step it needs: {needed.title}, {_dated(needed, needed_when)}.",
                "order",
            )
        )
    return found


def _expiries(step: PlanStep, by_key: Mapping[str, PlanStep], today: date) -> list[PlanWarning]:
    if step.achieved_on is not None:
        return []
    target = step.target_on
    found = []
    for key in step.needs_valid:
        result = by_key.get(key)
        if result is None or result.achieved_on is None or result.valid_months is None:
            continue
        ends = add_months(result.achieved_on, result.valid_months)
        about = f"The {result.title} result from {_shown(result.achieved_on)}"
        if ends <= today:
            sentence = (
                f"{about} expired on {_shown(ends)}: a new result is needed before {step.title}."
            )
        elif ends <= today + timedelta(days=EXPIRY_WARNING_DAYS) and (
            target is None or ends <= target
        ):
            days = (ends - today).days
            soon = f"{about} expires on {_shown(ends)} (in {days} day{'' if days == 1 else 's'})"
            sentence = (
                f"{soon}, before {step.title}, planned for {_shown(target)}."
                if target
                else f"{soon}; {step.title}, which needs it, has no planned date yet."
            )
        elif target is not None and ends <= target:
            sentence = (
                f"{about} will have expired on {_shown(ends)}, before {step.title}, "
                f"planned for {_shown(target)}."
            )
        else:
            continue
        found.append(PlanWarning(step.key, sentence, "expiry"))
    return found


def _when(step: PlanStep) -> date | None:
    return step.achieved_on or step.target_on


def _dated(step: PlanStep, when: date) -> str:
    return f"{'achieved on' if step.achieved_on else 'planned for'} {_shown(when)}"


def _shown(day: date) -> str:
    return day.strftime("%d/%m/%Y")
