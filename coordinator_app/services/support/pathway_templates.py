"""The pathway templates as a coordinator edits them: read the current document (the
trust's own copy if there is one, else the bundled one) and save a checked copy to the
per-user rules folder, where it is used from then on."""

from __future__ import annotations

import json
from typing import Any

from coordinator_app.data.locations import rules_dir
from coordinator_app.domain import resources
from coordinator_app.domain.pathways import FILE, PathwaysInvalid, schema_problems
from coordinator_app.files import write_atomically


def current_document() -> dict[str, Any]:
    doc: dict[str, Any] = resources.read_json(FILE)
    return doc


def save_document(doc: dict[str, Any]) -> None:
    problems = schema_problems(doc)
    if problems:
        raise PathwaysInvalid(problems)
    folder = rules_dir()
    write_atomically(folder / FILE, (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode())
    resources.set_override_dir(folder)  # read again, from the trust's copy
