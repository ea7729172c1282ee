"""Where Coordinator keeps things on this computer.

platformdirs' per-user, non-roaming folders: on Windows ``%LOCALAPPDATA%``, never the
roaming profile or a OneDrive-redirected Documents folder, because a vault must not be
copied to other machines or the cloud by profile sync.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

_DIRS = PlatformDirs(appname="Coordinator", appauthor="Helpforce", roaming=False)


def data_dir() -> Path:
    return Path(_DIRS.user_data_dir)


def default_vault_dir() -> Path:
    from_env = os.environ.get("COORDINATOR_VAULT")
    return Path(from_env) if from_env else data_dir() / "vault"


def demo_vault_dir() -> Path:
    return data_dir() / "demo-vault"


def log_dir() -> Path:
    return Path(_DIRS.user_log_dir)


def state_dir() -> Path:
    return Path(_DIRS.user_state_dir)


def rules_dir() -> Path:
    """Where a trust's adjusted rule files (same names as in ``resources/``) are looked for."""
    return data_dir() / "rules"
