"""`coordinator merge --keep CODE --from CODE`: two records of one person become one. The
kept record keeps its details, filling empty fields from the other; everything the other held
moves to it. Overlapping shifts keep the kept record's unless `--take-from SHIFT` or
`--keep-both SHIFT` says otherwise for that clash; the command says what it kept."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from coordinator_app.cli.common import clock_of, emit, passphrase_of, vault_dir
from coordinator_app.domain.errors import InvalidInput

Handler = Callable[[argparse.Namespace], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def cmd_merge(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import vaults
    from coordinator_app.services.volunteers import erasure, merging, volunteers

    clock = clock_of(args)
    today = clock.today()
    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock=clock)
    try:
        keep_id = erasure.find_code(vault, args.keep)
        other_id = erasure.find_code(vault, args.source)
        if keep_id == other_id:
            raise InvalidInput(
                f"{args.keep} and {args.source} are already one record.",
                "Check the two codes.",
            )
        found = {c.other_shift for c in merging.clashes(vault, keep_id, other_id)}
        asked: dict[int, merging.Choice] = {s: "other" for s in args.take_from}
        asked.update({s: "both" for s in args.keep_both})
        unknown = sorted(set(asked) - found)
        if unknown:
            raise InvalidInput(
                f"Shift {unknown[0]} is not one of the overlapping shifts of {args.source}.",
                "Run merge without --take-from/--keep-both to see the overlapping shifts.",
            )
        choices = {shift: asked.get(shift, "keep") for shift in found}
        keep = volunteers.get(vault, keep_id, today)
        other = volunteers.get(vault, other_id, today)
        done = merging.merge(
            vault, keep_id, other_id, merging.fill_gaps(keep.details, other.details), today, choices
        )
    finally:
        vault.close()
    kept, merged = done.record.code, done.merged_code
    lines = [
        f"Merged {merged} into {kept}: "
        + ", ".join(f"{n} {kind}" for kind, n in done.moved.items() if n)
        + " moved."
        if any(done.moved.values())
        else f"Merged {merged} into {kept}; {merged} held nothing else to move.",
        f"{merged} is archived; its code now finds {kept}.",
    ]
    for clash, choice in done.choices:
        day = f"{clash.on:%d/%m/%Y}"
        if choice == "keep":
            lines.append(
                f"Overlap on {day}: kept {kept}'s shift, removed {merged}'s "
                f"(shift {clash.other_shift}; use --take-from {clash.other_shift} or "
                f"--keep-both {clash.other_shift} to choose otherwise before merging)."
            )
        elif choice == "other":
            lines.append(f"Overlap on {day}: kept {merged}'s shift {clash.other_shift}, as asked.")
        else:
            lines.append(f"Overlap on {day}: kept both shifts, as asked.")
    emit(
        args,
        {
            "kept": kept,
            "merged": merged,
            "moved": done.moved,
            "shifts_removed": done.shifts_removed,
            "clashes": [
                {
                    "date": c.on.isoformat(),
                    "shift": c.other_shift,
                    "kept_shifts": list(c.kept_shifts),
                    "kept": choice,
                }
                for c, choice in done.choices
            ],
        },
        lines,
    )
    return 0


def register(command: Command) -> None:
    merge = command(
        "merge", cmd_merge, "merge two records of one person (everything moves to --keep)"
    )
    merge.add_argument("--keep", required=True, metavar="CODE", help="the record that stays")
    merge.add_argument(
        "--from", dest="source", required=True, metavar="CODE", help="the record merged into it"
    )
    merge.add_argument(
        "--take-from",
        type=int,
        action="append",
        default=[],
        metavar="SHIFT",
        help="for this overlapping shift of --from, keep it instead of --keep's",
    )
    merge.add_argument(
        "--keep-both",
        type=int,
        action="append",
        default=[],
        metavar="SHIFT",
        help="for this overlapping shift of --from, keep both shifts",
    )
