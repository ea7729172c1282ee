"""Changes a coordinator makes to the pathway templates in the app: a pathway copied as a
new one (their trust's own route), a milestone's wording, evidence or validity changed, a
milestone added. Pure edits of the templates document; saving checks it with
``pathways.schema_problems`` first, so a broken template never reaches a plan."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

from coordinator_app.domain.errors import InvalidInput

Doc = dict[str, Any]


def _pathway(doc: Doc, key: str) -> dict[str, Any]:
    found = next((p for p in doc["pathways"] if p["key"] == key), None)
    if found is None:
        raise InvalidInput("That pathway is not in the templates.", "Choose one from the list.")
    return found  # type: ignore[no-any-return]


def key_for(title: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:50] or "pathway"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def copy_pathway(doc: Doc, key: str, title: str, today: date) -> tuple[Doc, str]:
    """A new pathway like ``key`` under ``title``; returns the document and the new key."""
    title = " ".join(title.split())
    if not title:
        raise InvalidInput("Give the new pathway a name.", "")
    new = copy.deepcopy(doc)
    source = copy.deepcopy(_pathway(new, key))
    source["key"] = key_for(title, {p["key"] for p in new["pathways"]})
    source["title"] = title
    source["summary"] = f"{source['summary']} (A trust's own version, made {today:%d/%m/%Y}.)"
    new["pathways"].append(source)
    return new, source["key"]


def _check_text(title: str, evidence: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise InvalidInput("A milestone needs a title.", "")
    if not evidence.strip():
        raise InvalidInput(
            "Say what evidence the milestone needs.", "e.g. a certificate, a letter, a result."
        )
    return title


def change_milestone(
    doc: Doc, key: str, step: str, title: str, evidence: str, valid_months: int | None
) -> Doc:
    title = _check_text(title, evidence)
    if valid_months is not None and valid_months <= 0:
        raise InvalidInput("A result stays valid for at least one month.", "Or leave it empty.")
    new = copy.deepcopy(doc)
    milestone = next((m for m in _pathway(new, key)["milestones"] if m["key"] == step), None)
    if milestone is None:
        raise InvalidInput("That milestone is not in the pathway.", "")
    milestone.update(title=title, evidence=evidence.strip(), valid_months=valid_months)
    if valid_months is None:
        # Steps that needed this result to be valid no longer can: nothing expires.
        for other in _pathway(new, key)["milestones"]:
            other["needs_valid"] = [k for k in other["needs_valid"] if k != step]
    return new


def add_milestone(doc: Doc, key: str, title: str, evidence: str) -> tuple[Doc, str]:
    """A milestone at the end of the pathway, after (depending on) the last one."""
    title = _check_text(title, evidence)
    new = copy.deepcopy(doc)
    steps = _pathway(new, key)["milestones"]
    step = key_for(title, {m["key"] for m in steps})
    steps.append(
        {
            "key": step,
            "title": title,
            "evidence": evidence.strip(),
            "depends_on": [steps[-1]["key"]] if steps else [],
            "valid_months": None,
            "needs_valid": [],
        }
    )
    return new, step
