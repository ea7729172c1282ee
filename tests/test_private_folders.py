"""The tests never touch this user's real Coordinator folders, from the session's start:
a module-wide fixture (set up before any test's own folders are) sees private ones, as the
app and the command line it launches do."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator_app.data import locations


@pytest.fixture(scope="module")
def seen_by_a_module_fixture() -> list[Path]:
    return [locations.data_dir(), locations.state_dir(), locations.log_dir()]


def test_a_module_wide_fixture_sees_private_folders(
    seen_by_a_module_fixture: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    private = tmp_path_factory.getbasetemp()
    assert all(folder.is_relative_to(private) for folder in seen_by_a_module_fixture)
