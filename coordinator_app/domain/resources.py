"""Finding the data files in ``resources/`` (source tree, installed wheel or frozen build).

Rules that follow law or trust policy (statuses, evidence, checks, lists) are data. A trust
may adjust them without a new release: a file of the same name in the per-user rules folder
(``set_override_dir``) is used instead of the bundled one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

_PACKAGE = Path(__file__).resolve().parent.parent
_override: Path | None = None
_caches: list[Callable[..., Any]] = []
T = TypeVar("T")


@cache
def resource_dir() -> Path:
    # A wheel and the frozen build carry resources inside the package; a source checkout
    # keeps them beside it.
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Coordinator's resources folder is missing from this installation")


def set_override_dir(folder: Path | None) -> None:
    """Prefer files in ``folder`` to the bundled ones (and forget what was read before)."""
    global _override  # one process-wide setting, made once at start
    _override = folder
    for cached in _caches:
        cached.cache_clear()  # type: ignore[attr-defined]


def cached_rules(function: Callable[[], T]) -> Callable[[], T]:
    """``functools.cache`` for functions built from resource files, cleared on override."""
    wrapped = cache(function)
    _caches.append(wrapped)
    return wrapped


def path_of(name: str) -> Path:
    if _override is not None and (_override / name).is_file():
        return _override / name
    return resource_dir() / name


def read_json(name: str) -> Any:
    return json.loads(path_of(name).read_text("utf-8"))


def read_lines(name: str) -> list[str]:
    text = path_of(name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
