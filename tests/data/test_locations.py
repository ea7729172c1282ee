from __future__ import annotations

from pathlib import Path

import pytest

from coordinator_app.data import locations


def test_default_vault_is_in_the_per_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert locations.default_vault_dir() == tmp_path / "data" / "Coordinator" / "vault"
    monkeypatch.setenv("COORDINATOR_VAULT", str(tmp_path / "elsewhere"))
    assert locations.default_vault_dir() == tmp_path / "elsewhere"


def test_windows_folder_is_local_not_roaming() -> None:
    # platformdirs' roaming flag decides %APPDATA% (roaming) versus %LOCALAPPDATA%.
    assert locations._DIRS.roaming is False
