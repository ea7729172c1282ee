"""No circle of imports in the ui (merge_dialog and volunteers_page once imported each
other): pyproject's acyclic_siblings contract, run with the tests."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_no_ui_module_imports_one_that_imports_it_back() -> None:
    exit_code = lint_imports(
        config_filename=str(ROOT / "pyproject.toml"),
        limit_to_contracts=("ui-acyclic",),
        no_cache=True,
        no_logo=True,
    )
    assert exit_code == 0, "a circle of imports in coordinator_app.ui: see the report above"
