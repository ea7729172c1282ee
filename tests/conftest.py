"""Shared fixtures: every test gets its own per-user folders and cheap-but-real Argon2id."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from coordinator_app.data.keyfile import KdfParams
from coordinator_app.data.vault import Vault
from coordinator_app.services.vault import vaults

PASSPHRASE = "violet tractor mango harbour"
# Real Argon2id, just small, so a hundred vaults do not take minutes; the stored
# parameters travel with each slot exactly as calibrated ones do.
FAST_KDF = KdfParams(salt=b"\0" * 16, iterations=1, memory_kib=8 * 1024, lanes=1)


@pytest.fixture(autouse=True)
def _private_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    for var in (
        "COORDINATOR_VAULT",
        "COORDINATOR_PASSPHRASE",
        "COORDINATOR_NEW_PASSPHRASE",
        "COORDINATOR_RECOVERY_KEY",
    ):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def fast_kdf() -> KdfParams:
    return FAST_KDF


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def new_vault(vault_dir: Path) -> Iterator[tuple[Vault, str]]:
    """An open vault for RUH with a generated coordinator, and its recovery key."""
    vault, created = vaults.create_vault(
        vault_dir, "RUH", "Test Coordinator-Generated", PASSPHRASE, kdf=FAST_KDF
    )
    yield vault, created.recovery_key
    vault.close()


def vault_file_hashes(folder: Path) -> dict[str, str]:
    import hashlib

    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != "vault.lock"
    }
