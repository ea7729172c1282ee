"""Who can open the vault and with what: `passphrase change [--rekey]` / `passphrase recover`,
`coordinators list|add|remove`, `recovery-key new`, and `audit` (who did what).

A recovery key is shown once: `passphrase recover` replaces the one just used and prints its
replacement, as `recovery-key new` and `passphrase change --rekey` do."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from coordinator_app.cli.common import (
    clock_of,
    emit,
    new_passphrase_of,
    passphrase_of,
    secret,
    vault_dir,
)
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.wording import counted

Handler = Callable[[argparse.Namespace], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def _unlocked(args: argparse.Namespace) -> Vault:
    from coordinator_app.services.vault import vaults

    return vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))


def _recovery_lines(args: argparse.Namespace, vault: Vault, key: str) -> list[str]:
    """The new recovery key, shown this once (and on a sheet when asked for)."""
    if args.recovery_sheet:
        from coordinator_app.services.vault import sessions, vaults

        summary = vaults.summary(vault)
        sessions.save_recovery_sheet(
            Path(args.recovery_sheet),
            summary.trust,
            summary.coordinator_name,
            summary.vault_id,
            key,
            clock_of(args).now(),
        )
    return [
        "The old recovery key no longer works. The new one (shown only this once; print it",
        "or write it down, and give it to your Information Governance lead to lock away):",
        "",
        f"    {key}",
        "",
        *(
            [f"The recovery sheet to print is {args.recovery_sheet}."]
            if args.recovery_sheet
            else []
        ),
    ]


def cmd_passphrase(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import vaults

    if args.action == "change":
        current = passphrase_of(args)
        vault = vaults.unlock(vault_dir(args), current, clock_of(args))
        try:
            new = new_passphrase_of(args)
            if not args.rekey:
                vaults.change_passphrase(vault, current, new)
                print("The passphrase has been changed. Use the new one from now on.")
                return 0
            done = vaults.rekey(vault, current, new)
            lines = [
                "The database has a new key: old copies of vault.key, and old passphrases, "
                "no longer open it. Use your new passphrase from now on.",
                *(
                    [f"Add again, each typing their own passphrase: {', '.join(done.removed)}."]
                    if done.removed
                    else []
                ),
                *_recovery_lines(args, vault, done.recovery_key),
            ]
        finally:
            vault.close()
        emit(args, {"recovery_key": done.recovery_key, "to_add_again": list(done.removed)}, lines)
        return 0
    typed = secret(
        args,
        file_option="recovery_key_file",
        env_name="COORDINATOR_RECOVERY_KEY",
        prompt="Recovery key: ",
    )
    vault = vaults.unlock_with_recovery_key(vault_dir(args), typed, clock_of(args))
    try:
        key = vaults.set_new_passphrase_after_recovery(
            vault, new_passphrase_of(args), args.coordinator
        )
        lines = [
            f"The vault is open again with the new passphrase of {vault.actor}.",
            *_recovery_lines(args, vault, key),
        ]
    finally:
        vault.close()
    emit(args, {"coordinator": vault.actor, "recovery_key": key}, lines)
    return 0


def cmd_recovery_key(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import vaults

    vault = _unlocked(args)
    try:
        key = vaults.new_recovery_key(vault)
        lines = _recovery_lines(args, vault, key)
    finally:
        vault.close()
    emit(args, {"recovery_key": key, "recovery_sheet": args.recovery_sheet}, lines)
    return 0


def cmd_coordinators(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import vaults

    if args.action != "list" and not args.name:
        raise InvalidInput(
            f"`coordinators {args.action}` needs a name.",
            "Add --name NAME (add) or the name after remove.",
        )
    vault = _unlocked(args)
    try:
        if args.action == "add":
            added = vaults.add_coordinator(
                vault,
                args.name,
                secret(
                    args,
                    file_option="new_passphrase_file",
                    env_name="COORDINATOR_NEW_PASSPHRASE",
                    prompt=f"Passphrase for {' '.join(args.name.split())}: ",
                    confirm=True,
                ),
            )
            print(f"{added.name} can now open this vault with their own passphrase.")
            return 0
        if args.action == "remove":
            vaults.remove_coordinator(vault, args.name)
            print(
                f"{args.name} can no longer open this vault with their passphrase. If they "
                "may keep a copy of vault.key, re-key: coordinator passphrase change --rekey."
            )
            return 0
        people = vaults.coordinators(vault)
    finally:
        vault.close()
    emit(
        args,
        [{"name": c.name, "added": c.added, "you": c.you} for c in people],
        [f"{c.name}  (added {c.added}){'  - you' if c.you else ''}" for c in people]
        + [f"{counted(len(people), 'coordinator')}."],
    )
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import audit_view

    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError as exc:
            raise InvalidInput(
                f"{args.since} is not a date.", "Give it as YYYY-MM-DD, e.g. 2026-04-01."
            ) from exc
    vault = _unlocked(args)
    try:
        entries = audit_view.trail(vault, since)
    finally:
        vault.close()
    emit(
        args,
        [
            {"at": e.at, "coordinator": e.coordinator, "action": e.action, "subject": e.subject}
            for e in entries
        ],
        [
            f"{e.at[:19].replace('T', ' ')}  {e.coordinator}  {e.action.replace('_', ' ')}"
            + (f"  {e.subject}" if e.subject else "")
            for e in entries
        ]
        + [f"{counted(len(entries), 'entry')}."],
    )
    return 0


def register(command: Command) -> None:
    phrase = command(
        "passphrase", cmd_passphrase, "change the passphrase, or recover with the recovery key"
    )
    phrase.add_argument("action", choices=("change", "recover"))
    phrase.add_argument("--new-passphrase-file", metavar="FILE")
    phrase.add_argument("--recovery-key-file", metavar="FILE")
    phrase.add_argument(
        "--rekey",
        action="store_true",
        help="change: also give the database a new key (a laptop or passphrase may be lost)",
    )
    phrase.add_argument(
        "--coordinator", metavar="NAME", help="recover: whose passphrase (default: the first)"
    )
    phrase.add_argument("--recovery-sheet", metavar="FILE.pdf")
    people = command("coordinators", cmd_coordinators, "who can open this vault")
    people.add_argument("action", choices=("list", "add", "remove"))
    people.add_argument("name", nargs="?", metavar="NAME", help="remove: who")
    people.add_argument("--name", dest="added_name", metavar="NAME", help="add: who")
    people.add_argument("--new-passphrase-file", metavar="FILE")
    people.set_defaults(handler=_with_name)
    key = command("recovery-key", cmd_recovery_key, "replace the recovery key")
    key.add_argument("action", choices=("new",))
    key.add_argument("--recovery-sheet", metavar="FILE.pdf")
    trail = command("audit", cmd_audit, "the audit trail: when, who, what, about which code")
    trail.add_argument("--since", metavar="DATE", help="from this day (YYYY-MM-DD, UTC)")


def _with_name(args: argparse.Namespace) -> int:
    # `add --name NAME` and `remove NAME`: one name either way.
    args.name = args.added_name if args.action == "add" else args.name
    return cmd_coordinators(args)
