"""Shared fixtures: every test gets its own per-user folders and cheap-but-real Argon2id."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from coordinator_app.data.keyfile import KdfParams
from coordinator_app.data.layout import LOCK_NAME
from coordinator_app.data.vault import Vault
from coordinator_app.domain.clock import Clock
from coordinator_app.services.vault import vaults

PASSPHRASE = "violet tractor mango harbour"
# Real Argon2id, just small, so a hundred vaults do not take minutes; the stored
# parameters travel with each slot exactly as calibrated ones do.
FAST_KDF = KdfParams(salt=b"\0" * 16, iterations=1, memory_kib=8 * 1024, lanes=1)


def _use_private_user_folders(patch: pytest.MonkeyPatch, home: Path) -> None:
    for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        patch.setenv(var, str(home / var.lower()))
    # Windows: platformdirs asks the shell for %LOCALAPPDATA% (environment variables do
    # not move it) unless these overrides are set; processes the tests start inherit them.
    for var in ("LOCAL_APPDATA", "APPDATA"):
        patch.setenv(f"WIN_PD_OVERRIDE_{var}", str(home / var.lower()))
    for var in (
        "COORDINATOR_VAULT",
        "COORDINATOR_PASSPHRASE",
        "COORDINATOR_NEW_PASSPHRASE",
        "COORDINATOR_RECOVERY_KEY",
    ):
        patch.delenv(var, raising=False)


@pytest.fixture(scope="session", autouse=True)
def _private_folders_for_the_session(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Path]:
    """Private folders from the session's start, for what runs before any test's own
    (module-wide fixtures that launch the app or the command line): nothing the tests start
    reads or writes this user's real Coordinator folders (unlock throttle, returns chain,
    the single-instance lock, which made a launch in one xdist worker exit at once while a
    launch in the other held it)."""
    home = tmp_path_factory.mktemp("session-home")
    with pytest.MonkeyPatch.context() as patch:
        _use_private_user_folders(patch, home)
        yield home


@pytest.fixture(autouse=True)
def _private_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_private_user_folders(monkeypatch, tmp_path_factory.mktemp("home"))


@pytest.fixture
def fast_kdf() -> KdfParams:
    return FAST_KDF


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


class TemplateCopy(NamedTuple):
    recovery_key: str
    filled: Any  # what the template's ``fill`` returned (ids of the records it added)


class VaultTemplates:
    """New vaults made once per session and copied per test: setting one up (migrations,
    two key slots, a signing key) costs about 0.5 s, a copy and unlock about 0.05 s.

    ``fill`` (a module-level function, named in the cache key) adds the records several
    tests read, made once too. Each test still gets its own SQLCipher file, but copies of
    one template share its identity (vault id, data key, signing key, pseudonym secret,
    recovery key): a test that needs two vaults to differ makes them with
    ``vaults.create_vault``."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._made: dict[tuple[str, ...], tuple[Path, TemplateCopy]] = {}

    def copy(
        self,
        folder: Path,
        trust: str = "RUH",
        coordinator: str = "Test Coordinator-Generated",
        kind: str = "coordinator",
        fill: Callable[[Vault], Any] | None = None,
    ) -> TemplateCopy:
        """A closed copy of the template in ``folder``: its recovery key, what fill gave."""
        filled = f"{fill.__module__}.{fill.__qualname__}" if fill else ""
        wanted = (trust, coordinator, kind, filled)
        if wanted not in self._made:
            template = self._root / f"template-{len(self._made)}"
            vault, created = vaults.create_vault(
                template, trust, coordinator, PASSPHRASE, kdf=FAST_KDF, kind=kind
            )
            try:
                filled = fill(vault) if fill else None
            finally:
                vault.close()
            self._made[wanted] = (template, TemplateCopy(created.recovery_key, filled))
        template, made = self._made[wanted]
        # The lock file is the template's own; a copied one would be a stranger's lock.
        shutil.copytree(template, folder, ignore=shutil.ignore_patterns(LOCK_NAME))
        return made

    def open(
        self,
        folder: Path,
        trust: str = "RUH",
        coordinator: str = "Test Coordinator-Generated",
        kind: str = "coordinator",
        fill: Callable[[Vault], Any] | None = None,
        clock: Clock | None = None,
    ) -> tuple[Vault, str]:
        """An unlocked copy in ``folder`` and its recovery key, as ``create_vault`` gives."""
        made = self.copy(folder, trust, coordinator, kind, fill)
        return Vault.open(folder, PASSPHRASE, clock=clock), made.recovery_key


@pytest.fixture(scope="session")
def vault_templates(tmp_path_factory: pytest.TempPathFactory) -> VaultTemplates:
    return VaultTemplates(tmp_path_factory.mktemp("vault-templates"))


@pytest.fixture
def new_vault(vault_dir: Path, vault_templates: VaultTemplates) -> Iterator[tuple[Vault, str]]:
    """An open vault for RUH with a generated coordinator, and its recovery key."""
    vault, key = vault_templates.open(vault_dir)
    yield vault, key
    vault.close()


def vault_file_hashes(folder: Path) -> dict[str, str]:
    import hashlib

    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != "vault.lock"
    }


# 1366×768, as on the trusts' laptops
LAPTOP_SCREEN = Path(__file__).parent / "ui" / "laptop_screen.json"


@pytest.fixture(scope="session")
def qapp_args(pytestconfig: pytest.Config) -> list[str]:
    """Offscreen, the one screen is a 1366×768 laptop's (Qt's default is 800×800), so
    dialogs open at the size they would have there. Here, for every test: the first
    application made in a run (a UI test's, or the self-test's chart) is the one all use."""
    args = [pytestconfig.getini("qt_qapp_name")]
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        args += ["-platform", f"offscreen:configfile={LAPTOP_SCREEN}"]
    return args
