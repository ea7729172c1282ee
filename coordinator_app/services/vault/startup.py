"""What the app needs before its first screen, kept free of database and PDF code so the
unlock screen appears fast; ``preload`` brings the rest in while the coordinator types."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from coordinator_app.data.layout import KEY_NAME
from coordinator_app.data.locations import default_vault_dir, demo_vault_dir, state_dir

# Shown on the unlock screen of a demo vault: the demo holds no real person's data.
DEMO_PASSPHRASE = "practice vault with made-up people"  # noqa: S105 (public by design)
KIND_RECORD = "vault_kind"
_HEAVY_MODULES = (
    "coordinator_app.services.vault.sessions",
    "coordinator_app.services.vault.settings",
    "coordinator_app.services.shifts.shifts",
    "coordinator_app.services.support.support_due",
    "coordinator_app.services.volunteers.volunteers",
)


def default_folder() -> Path:
    return default_vault_dir()


def demo_folder() -> Path:
    return demo_vault_dir()


def state_folder() -> Path:
    """Per-user state (the single-instance lock lives here)."""
    return state_dir()


def vault_exists(folder: Path) -> bool:
    return (folder / KEY_NAME).exists()


def vault_kind(folder: Path) -> str:
    """ "programme" for the programme manager's vault, else "coordinator"; read from the key
    file's plain records without unlocking (nothing secret: which screens to show)."""
    try:
        records = json.loads((folder / KEY_NAME).read_text(encoding="utf-8")).get("records", {})
    except (OSError, ValueError, AttributeError):
        return "coordinator"
    return "programme" if records.get(KIND_RECORD) == "programme" else "coordinator"


def preload() -> None:
    for name in _HEAVY_MODULES:
        importlib.import_module(name)
