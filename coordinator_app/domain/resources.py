"""Finding the data files in ``resources/`` (source tree, installed wheel or frozen build)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def resource_dir() -> Path:
    # A wheel and the frozen build carry resources inside the package; a source checkout
    # keeps them beside it.
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Coordinator's resources folder is missing from this installation")


def read_json(name: str) -> Any:
    return json.loads((resource_dir() / name).read_text("utf-8"))


def read_lines(name: str) -> list[str]:
    text = (resource_dir() / name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
