"""No module over 450 lines, tests included: a module that grows past it gets split by what
its parts are about (docs/architecture.md)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 450


def test_no_module_is_over_450_lines() -> None:
    sizes = {
        path.relative_to(ROOT).as_posix(): len(path.read_text("utf-8").splitlines())
        for folder in ("coordinator_app", "tests", "benchmarks", "scripts", "installer")
        for path in (ROOT / folder).rglob("*.py")
    }
    assert len(sizes) > 200  # the walk found the code
    assert {name: n for name, n in sizes.items() if n > LIMIT} == {}
