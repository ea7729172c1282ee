"""The `coordinator` program's entry point. Opening the desktop app (no command: only
``--vault``, ``--demo`` or ``--debug``) goes straight to it, without building the command
line's parser or importing its commands: every millisecond before the first screen counts.
Anything else is the command line (``coordinator_app.cli.main``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    gui = _desktop_launch(args)
    if gui is None:
        from coordinator_app.cli.main import main as command_line

        return command_line(args)
    from coordinator_app.data.locations import rules_dir
    from coordinator_app.domain import resources
    from coordinator_app.ui.app.app import run_gui

    resources.set_override_dir(rules_dir())
    vault, demo, debug = gui
    return run_gui(vault_folder=vault, demo=demo, debug=debug)


def _desktop_launch(args: list[str]) -> tuple[Path | None, bool, bool] | None:
    """(vault, demo, debug) when ``args`` only open the app; None for anything else (a
    command, --help, a mistake: the command line deals with those, with its messages)."""
    vault: str | None = None  # none given: the default folder (or COORDINATOR_VAULT)
    demo = debug = False
    items = iter(args)
    for item in items:
        if item == "--demo":
            demo = True
        elif item == "--debug":
            debug = True
        elif item == "--vault":
            vault = next(items, None)
            if not vault:
                return None
        elif item.startswith("--vault="):
            vault = item.partition("=")[2] or None
        else:
            return None
    return (Path(vault) if vault else None), demo, debug
