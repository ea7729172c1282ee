"""Encryption in transit on the command line: the programme manager's vault and its age
identity (`programme`), and the recipients a coordinator's returns are encrypted to
(`recipient`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from coordinator_app.cli.common import clock_of, emit, passphrase_of, vault_dir
from coordinator_app.domain.errors import InvalidInput

Handler = Callable[[argparse.Namespace], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def cmd_programme(args: argparse.Namespace) -> int:
    if args.action == "init":
        return _init(args)
    from coordinator_app.services.vault import age_identity, vaults
    from coordinator_app.services.vault.startup import vault_kind

    if vault_kind(vault_dir(args)) != "programme":
        raise InvalidInput(
            "That vault is a trust coordinator's, not the programme manager's.",
            "Use --vault with the programme manager's vault.",
        )
    out = _out(args)
    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))
    try:
        if args.action == "export-identity":
            path = age_identity.export_identity(vault, out)
            print(
                f"Wrote every identity of this vault to {path}. It is secret: anyone with it "
                "can read the returns; keep it on this computer and delete it when done."
            )
            return 0
        found = (
            age_identity.rotate(vault)
            if args.action == "rotate-identity"
            else age_identity.recipient(vault)
        )
        text, sheet = age_identity.write_recipient_files(vault, out)
    finally:
        vault.close()
    lines = _recipient_lines(found.current.recipient, found.current.fingerprint, text, sheet)
    if args.action == "rotate-identity":
        lines.append(
            "Returns already encrypted to the earlier recipient still open here. Send the new "
            "file to every coordinator; each registers it and removes the old one."
        )
    emit(args, _document(found.current.recipient, found.current.fingerprint, text, sheet), lines)
    return 0


def _init(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import age_identity, vaults

    folder, out = vault_dir(args), _out(args)
    vault, created = vaults.create_vault(
        folder,
        "",
        args.name,
        passphrase_of(args, confirm=True),
        kind="programme",
        clock=clock_of(args),
    )
    try:
        found = age_identity.recipient(vault)
        text, sheet = age_identity.write_recipient_files(vault, out)
        if args.recovery_sheet:
            from coordinator_app.export.recovery_sheet import write_recovery_sheet

            summary = created.summary
            write_recovery_sheet(
                Path(args.recovery_sheet),
                trust=summary.trust,
                coordinator_name=summary.coordinator_name,
                vault_id=summary.vault_id,
                recovery_key=created.recovery_key,
                created_at=clock_of(args).now(),
            )
    finally:
        vault.close()
    current = found.current
    emit(
        args,
        {
            "vault": str(folder),
            "vault_id": created.summary.vault_id,
            "recovery_key": created.recovery_key,
            **_document(current.recipient, current.fingerprint, text, sheet),
        },
        [
            f"Created the programme manager's vault in {folder}.",
            "",
            "Recovery key (shown only this once; print it or write it down and keep it",
            "locked away, never with the laptop):",
            "",
            f"    {created.recovery_key}",
            "",
            *_recipient_lines(current.recipient, current.fingerprint, text, sheet),
        ],
    )
    return 0


def cmd_recipient(args: argparse.Namespace) -> int:
    from coordinator_app.services.returns import recipients
    from coordinator_app.services.vault import vaults

    if args.action in ("add", "remove") and not args.value:
        raise InvalidInput(
            f"Say which recipient to {args.action}.",
            "Give the recipient file (programme-recipient.txt) or the age1… text.",
        )
    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))
    try:
        if args.action == "add":
            new = recipients.add(vault, args.value)
            lines = [f"Registered {r.recipient} (fingerprint {r.fingerprint})." for r in new]
            print("\n".join(lines or ["That recipient was already registered."]))
            print("Check the fingerprint with the programme manager over the phone.")
            return 0
        if args.action == "remove":
            recipients.remove(vault, args.value)
            print("Removed: returns are no longer encrypted to that recipient.")
            return 0
        found = recipients.registered(vault)
    finally:
        vault.close()
    emit(
        args,
        [
            {"recipient": r.recipient, "fingerprint": r.fingerprint, "added_at": r.added_at}
            for r in found
        ],
        [f"{r.recipient}  {r.fingerprint}  added {r.added_at}" for r in found]
        or ["No recipient is registered: returns are written unencrypted."],
    )
    return 0


def register(command: Command) -> None:
    programme = command(
        "programme", cmd_programme, "the programme manager's vault and its age identity"
    )
    programme.add_argument(
        "action", choices=("init", "rotate-identity", "recipient", "export-identity")
    )
    programme.add_argument(
        "--out",
        metavar="DIR",
        help="folder for programme-recipient.txt and its sheet (export-identity: the FILE)",
    )
    programme.add_argument("--name", default="Programme manager", metavar="NAME")
    programme.add_argument("--recovery-sheet", metavar="FILE.pdf")

    recipient = command(
        "recipient", cmd_recipient, "the programme manager's recipients returns are encrypted to"
    )
    recipient.add_argument("action", choices=("add", "list", "remove"))
    recipient.add_argument("value", nargs="?", metavar="FILE|age1…")


def _out(args: argparse.Namespace) -> Path:
    if not args.out:
        raise InvalidInput("Say where to write the files.", "Add --out DIR.")
    return Path(args.out)


def _document(recipient: str, fingerprint: str, text: Path, sheet: Path) -> dict[str, str]:
    return {
        "recipient": recipient,
        "fingerprint": fingerprint,
        "recipient_file": str(text),
        "recipient_sheet": str(sheet),
    }


def _recipient_lines(recipient: str, fingerprint: str, text: Path, sheet: Path) -> list[str]:
    return [
        f"Recipient (coordinators encrypt returns to it): {recipient}",
        f"Fingerprint to read over the phone: {fingerprint}",
        f"Wrote {text} and the sheet {sheet}: send both to the coordinators.",
    ]
