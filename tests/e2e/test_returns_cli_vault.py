"""verify/consolidate with the programme manager's --vault keep accepted returns in its
sealed record (replays caught across runs, an emptied record refused); a bare --state
folder still works for scripts but says on stderr that it is not protected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import delete

from coordinator_app.data.models import ReceivedReturnRow
from coordinator_app.services.vault import vaults
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.e2e.test_cli import run
from tests.e2e.test_returns_cli import exported

__all__ = ["exported"]  # the fixture, shared with test_returns_cli
ENV = {"COORDINATOR_PASSPHRASE": PASSPHRASE}


@pytest.fixture
def manager(tmp_path: Path) -> Path:
    folder = tmp_path / "pm"
    vault, _ = vaults.create_vault(
        folder, "", "Generated Manager", PASSPHRASE, kdf=FAST_KDF, kind="programme"
    )
    vault.close()
    return folder


def test_verify_with_the_vault_remembers_and_seals(
    exported: tuple[Path, Path, Path], manager: Path
) -> None:
    _vault, keys, out = exported
    bundles = sorted(str(p) for p in out.glob("*.zip"))
    first = run("verify", *bundles, "--keys", str(keys), "--vault", str(manager), "--json", env=ENV)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "not protected" not in first.stderr
    again = run(
        "verify", bundles[0], "--keys", str(keys), "--vault", str(manager), "--json", env=ENV
    )
    assert again.returncode == 1 and json.loads(again.stdout)[0]["code"] == "replay"

    vault = vaults.unlock(manager, PASSPHRASE)
    with vault.unit_of_work() as session:  # emptied behind Coordinator's back
        session.execute(delete(ReceivedReturnRow))
    vault.close()
    emptied = run("verify", bundles[0], "--keys", str(keys), "--vault", str(manager), env=ENV)
    assert emptied.returncode == 1
    assert "removed or added outside Coordinator" in emptied.stdout + emptied.stderr


def test_coordinator_vault_is_not_a_reader_state(exported: tuple[Path, Path, Path]) -> None:
    vault, keys, out = exported
    bundle = str(next(out.glob("*.zip")))
    result = run("verify", bundle, "--keys", str(keys), "--vault", str(vault), env=ENV)
    assert result.returncode == 1 and "not the programme manager's" in result.stdout + result.stderr


def test_bare_state_folder_says_it_is_not_protected(
    exported: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _vault, keys, out = exported
    bundle = str(next(out.glob("*.zip")))
    result = run("verify", bundle, "--keys", str(keys), "--state", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is not protected" in result.stderr


def test_consolidate_after_verify_combines_each_return_once(
    exported: tuple[Path, Path, Path], manager: Path, tmp_path: Path
) -> None:
    _vault, keys, out = exported
    bundles = sorted(str(p) for p in out.glob("*.zip"))
    first = run("verify", *bundles, "--keys", str(keys), "--vault", str(manager), env=ENV)
    assert first.returncode == 0, first.stdout + first.stderr
    combined = tmp_path / "combined.xlsx"
    args = ("consolidate", *bundles, "--keys", str(keys), "--vault", str(manager))
    result = run(*args, "--out", str(combined), env=ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("(accepted before)") == len(bundles)
    assert combined.is_file()
    # A copy that was never verified is still a replay when verifying.
    again = run("verify", bundles[0], "--keys", str(keys), "--vault", str(manager), env=ENV)
    assert again.returncode == 1


def test_a_missing_manager_vault_says_so(exported: tuple[Path, Path, Path], tmp_path: Path) -> None:
    _vault, keys, out = exported
    bundle = str(next(out.glob("*.zip")))
    missing = tmp_path / "nowhere"
    result = run("verify", bundle, "--keys", str(keys), "--vault", str(missing), env=ENV)
    assert result.returncode == 1
    assert f"There is no vault at {missing}" in result.stdout + result.stderr
