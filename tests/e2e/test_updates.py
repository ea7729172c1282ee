"""Offline updates (issue #12, point 4) through the command line, as IT's scripts meet them.

A new version is installed over the old one; the vault lives in the per-user data folder,
outside the installation, so it is kept. On first unlock the new version backs the vault
up, then migrates it (the Foundation's own test of this is
tests/data/test_migrations.py::test_opening_an_older_vault_backs_up_then_migrates); a
vault written by a newer version than the one installed is refused untouched, exit 1.
"""

from __future__ import annotations

import os
from pathlib import Path, PureWindowsPath

import pytest
from alembic import command
from alembic.config import Config

from coordinator_app.data import locations, migrate
from coordinator_app.data.layout import BACKUP_DIR
from tests.conftest import PASSPHRASE, VaultTemplates, vault_file_hashes
from tests.e2e.test_cli import run

ENV = {"COORDINATOR_PASSPHRASE": PASSPHRASE}


def test_an_older_vault_is_backed_up_then_migrated_on_first_unlock(
    tmp_path: Path, vault_templates: VaultTemplates
) -> None:
    folder = tmp_path / "vault"
    vault, _ = vault_templates.open(folder, "RUH", "Generated Person")
    config = Config()
    config.set_main_option("script_location", str(migrate.SCRIPT_LOCATION))
    with vault.engine.begin() as conn:  # as the previous release left it
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
    vault.close()

    opened = run("unlock-check", "--vault", str(folder), env=ENV)
    assert opened.returncode == 0, opened.stderr
    head = migrate.head_revision()
    (backup,) = (folder / BACKUP_DIR).glob(f"pre-migration_0004-to-{head}_*.db")
    assert not backup.read_bytes().startswith(b"SQLite format 3")  # still encrypted
    stats = run("stats", "--vault", str(folder), "--json", env=ENV)
    assert stats.returncode == 0, stats.stderr
    again = run("unlock-check", "--vault", str(folder), env=ENV)
    assert again.returncode == 0
    assert len(list((folder / BACKUP_DIR).iterdir())) == 1  # once only


def test_a_vault_from_a_newer_version_is_refused_with_exit_1_and_left_untouched(
    tmp_path: Path, vault_templates: VaultTemplates
) -> None:
    folder = tmp_path / "vault"
    vault, _ = vault_templates.open(folder, "RUH", "Generated Person")
    with vault.engine.begin() as conn:  # what a later release's migration would stamp
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0042_future'")
    vault.close()
    before = vault_file_hashes(folder)

    for args in (("unlock-check",), ("stats", "--json"), ("export", "--period", "2026-10")):
        refused = run(*args, "--vault", str(folder), env=ENV)
        assert refused.returncode == 1, args
        assert "saved by a newer version of Coordinator" in refused.stderr
        assert "install the latest version" in refused.stderr
        assert "Traceback" not in refused.stderr and refused.stdout == ""
    assert vault_file_hashes(folder) == before
    assert not (folder / BACKUP_DIR).exists()


def test_the_default_vault_outlives_a_reinstall() -> None:
    """The default vault is found from the per-user data folder, never from where the
    program is: a vault made before an upgrade is the one opened after it."""
    made = run("init", "--trust", "RUH", "--coordinator", "Generated Person", env=ENV)
    assert made.returncode == 0, made.stderr
    assert locations.default_vault_dir().is_dir()
    opened = run("unlock-check", env=ENV)
    assert opened.returncode == 0, opened.stderr


def test_each_test_has_its_own_per_user_folders_on_every_platform() -> None:
    """tests/conftest.py moves %LOCALAPPDATA% too (XDG_* on Linux), so tests on the Windows
    runner neither share a vault nor touch the runner's own profile."""
    home = Path(os.environ["XDG_DATA_HOME"]).parent
    for here in (locations.data_dir(), locations.state_dir(), locations.log_dir()):
        assert here.is_relative_to(home)


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("user_data_dir", r"C:\Users\gen\AppData\Local\Helpforce\Coordinator"),
        ("user_state_dir", r"C:\Users\gen\AppData\Local\Helpforce\Coordinator"),
        ("user_log_dir", r"C:\Users\gen\AppData\Local\Helpforce\Coordinator\Logs"),
    ],
)
def test_on_windows_data_is_in_local_appdata_not_roaming(
    monkeypatch: pytest.MonkeyPatch, folder: str, expected: str
) -> None:
    """What docs/it-deployment.md tells IT: %LOCALAPPDATA%, which roaming profiles and
    OneDrive's folder redirection leave on the laptop."""
    from platformdirs import windows

    known = {
        "CSIDL_LOCAL_APPDATA": r"C:\Users\gen\AppData\Local",
        "CSIDL_APPDATA": r"C:\Users\gen\AppData\Roaming",
    }
    monkeypatch.setattr(windows, "get_win_folder", known.__getitem__)
    same = locations._DIRS
    dirs = windows.Windows(appname=same.appname, appauthor=same.appauthor, roaming=same.roaming)
    # Joined with this machine's separator; compared as the Windows path it names.
    found = str(getattr(dirs, folder)).replace("/", "\\")
    assert PureWindowsPath(found) == PureWindowsPath(expected)
