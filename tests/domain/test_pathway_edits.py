"""Pure edits of the pathway templates keep the document valid (or refuse)."""

from __future__ import annotations

from datetime import date

import pytest

from coordinator_app.domain import pathway_edits
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.pathways import schema_problems
from coordinator_app.domain.resources import read_json

TODAY = date(2026, 11, 27)


def test_edits_keep_the_templates_valid() -> None:
    doc = read_json("pathways.json")
    doc, key = pathway_edits.copy_pathway(doc, "nurse_nmc", "Nurse (NMC)", TODAY)
    doc, again = pathway_edits.copy_pathway(doc, "nurse_nmc", "Nurse (NMC)", TODAY)
    assert (key, again) == ("nurse_nmc_2", "nurse_nmc_3")  # never a taken key
    english = next(m for m in doc["pathways"][-1]["milestones"] if m["valid_months"])
    with pytest.raises(InvalidInput, match="evidence"):
        pathway_edits.change_milestone(doc, again, english["key"], "English test", " ", None)
    doc = pathway_edits.change_milestone(
        doc, again, english["key"], "English test", "A result", None
    )
    needing = [m for m in doc["pathways"][-1]["milestones"] if english["key"] in m["needs_valid"]]
    assert needing == []  # nothing can need a result that no longer expires
    doc, step = pathway_edits.add_milestone(doc, again, "Preceptorship", "Signed off")
    assert doc["pathways"][-1]["milestones"][-1]["key"] == step == "preceptorship"
    assert schema_problems(doc) == []
    with pytest.raises(InvalidInput):
        pathway_edits.change_milestone(doc, again, step, "  ", "Signed off", None)
    with pytest.raises(InvalidInput):
        pathway_edits.change_milestone(doc, again, step, "Fine", "Signed off", 0)
    with pytest.raises(InvalidInput):
        pathway_edits.copy_pathway(doc, "no_such_pathway", "X", TODAY)
