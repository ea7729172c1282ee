"""Commands that look after the records themselves: backup and restore, a person's subject
access copy, erasure and the retention review."""

from __future__ import annotations

import argparse
from pathlib import Path

from coordinator_app.cli.common import clock_of, emit, passphrase_of, vault_dir
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.wording import counted


def cmd_backup(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import backups, vaults

    out = Path(args.out)
    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))
    try:
        if out.is_dir():
            made = backups.backup(vault, [out])
        else:
            if out.exists():
                raise InvalidInput(f"{out} already exists.", "Choose a new file name.")
            made = backups.backup(vault, [out.parent], file_name=out.name)
    finally:
        vault.close()
    emit(
        args,
        {"path": str(made.paths[0]), "bytes": made.size, "taken_at": made.taken_at.isoformat()},
        [f"Backup written and checked: {made.paths[0]} ({made.size / 1e6:.1f} MB)."],
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import backups

    info = backups.restore(
        Path(args.file), Path(args.to), passphrase_of(args), clock=clock_of(args)
    )
    emit(
        args,
        {"vault": args.to, "vault_id": info.vault_id, "taken_at": info.taken_at.isoformat()},
        [
            f"Restored the backup of {info.taken_at:%d/%m/%Y %H:%M} UTC into {args.to}.",
            "Open it with --vault, or move it where the app looks for its vault.",
        ],
    )
    return 0


def cmd_sar(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import vaults
    from coordinator_app.services.volunteers import erasure, subject_access

    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))
    try:
        made = subject_access.export(
            vault,
            erasure.find_code(vault, args.volunteer),
            Path(args.out),
            clock_of(args).today(),
        )
    finally:
        vault.close()
    emit(
        args,
        {"workbook": str(made.workbook), "summary": str(made.summary)},
        [
            f"Wrote {made.workbook} and {made.summary}.",
            "They hold this person's personal data: give them to the person, keep no copy.",
        ],
    )
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import vaults
    from coordinator_app.services.volunteers import erasure

    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))
    try:
        done = erasure.erase(vault, erasure.find_code(vault, args.volunteer), args.reason)
    finally:
        vault.close()
    emit(
        args,
        {"code": done.code, "drafts_removed": done.drafts_removed},
        [
            f"The personal data of {done.code} is erased; counts already sent stay true.",
            "Backups taken before today still hold it until rotation removes them.",
        ],
    )
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import vaults
    from coordinator_app.services.volunteers import erasure, retention

    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))
    try:
        if args.purge:
            ids = [erasure.find_code(vault, code) for code in args.purge]
            erased = retention.purge(vault, ids, clock_of(args).today())
            print(f"Erased {erased} of the {len(ids)} named: only people due for review are.")
            return 0
        due = retention.review_list(vault, clock_of(args).today())
    finally:
        vault.close()
    emit(
        args,
        [{"code": d.code, "due_since": d.due_since.isoformat(), "reason": d.reason} for d in due],
        [f"{d.code}  due since {d.due_since:%d/%m/%Y}: {d.reason}" for d in due]
        + [f"{counted(len(due), 'person')} due for a retention review. Erase with --purge CODE..."],
    )
    return 0
