"""What the command line's commands share: the vault folder, secrets (never taken as
arguments: a file, the terminal without echo, or the environment) and printing."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from coordinator_app.data.locations import default_vault_dir
from coordinator_app.domain.clock import Clock
from coordinator_app.domain.errors import InvalidInput


# --- secrets: never taken as arguments ------------------------------------------------
def first_line(path: str) -> str:
    try:
        with Path(path).open(encoding="utf-8") as handle:
            return handle.readline().rstrip("\r\n")
    except OSError as exc:
        raise InvalidInput(
            f"The file {path} cannot be read.", "Check the path and that you may read it."
        ) from exc


def secret(
    args: argparse.Namespace,
    *,
    file_option: str,
    env_name: str,
    prompt: str,
    confirm: bool = False,
) -> str:
    """An explicit file first, then the terminal (no echo), then the environment."""
    path = getattr(args, file_option, None)
    if path:
        return first_line(path)
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Type it again: ") != first:
            raise InvalidInput("The two entries were different.", "Run the command again.")
        return first
    from_env = os.environ.get(env_name)
    if from_env is not None:
        return from_env
    option = "--" + file_option.replace("_", "-")
    raise InvalidInput(
        f"No {prompt.rstrip(': ').lower()} was given and there is no terminal to ask on.",
        f"Use {option} FILE or set {env_name}.",
    )


def passphrase_of(args: argparse.Namespace, confirm: bool = False) -> str:
    return secret(
        args,
        file_option="passphrase_file",
        env_name="COORDINATOR_PASSPHRASE",
        prompt="Passphrase: ",
        confirm=confirm,
    )


def new_passphrase_of(args: argparse.Namespace) -> str:
    return secret(
        args,
        file_option="new_passphrase_file",
        env_name="COORDINATOR_NEW_PASSPHRASE",
        prompt="New passphrase: ",
        confirm=True,
    )


def clock_of(args: argparse.Namespace) -> Clock:
    """The one clock of this run (made in ``main``): commands read today and now from it."""
    clock: Clock = args.clock
    return clock


def vault_dir(args: argparse.Namespace) -> Path:
    return Path(args.vault) if args.vault else default_vault_dir()


def emit(args: argparse.Namespace, document: object, lines: Sequence[str]) -> None:
    if args.json:
        print(json.dumps(document, indent=2, sort_keys=True))
    else:
        print("\n".join(lines))
