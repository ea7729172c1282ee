"""`coordinator`: the command line face of the app (see docs/contracts/cli.md).

Exit codes: 0 done; 1 refused or invalid input; 2 usage; 3 wrong passphrase or locked
vault; 4 vault busy. Messages go to stderr as sentences; tracebacks only with --debug.
Each command imports the services it uses, so starting the GUI loads no database code
before its first screen.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from coordinator_app import __version__
from coordinator_app.cli import keys as keys_commands
from coordinator_app.cli import merge as merge_commands
from coordinator_app.cli import programme as programme_commands
from coordinator_app.cli import records as records_commands
from coordinator_app.cli import returns as returns_commands
from coordinator_app.cli.common import clock_of, emit, passphrase_of, vault_dir
from coordinator_app.data.locations import demo_vault_dir, rules_dir
from coordinator_app.domain import resources
from coordinator_app.domain.clock import SystemClock
from coordinator_app.domain.errors import UserFacingError
from coordinator_app.domain.wording import counted
from coordinator_app.services.vault import diagnostics

Handler = Callable[[argparse.Namespace], int]


# --- commands ---------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import vaults

    folder = vault_dir(args)
    passphrase = passphrase_of(args, confirm=True)
    vault, created = vaults.create_vault(
        folder, args.trust, args.coordinator, passphrase, clock=clock_of(args)
    )
    vault.close()
    summary = created.summary
    if args.recovery_sheet:
        from coordinator_app.export.recovery_sheet import write_recovery_sheet

        write_recovery_sheet(
            Path(args.recovery_sheet),
            trust=summary.trust,
            coordinator_name=summary.coordinator_name,
            vault_id=summary.vault_id,
            recovery_key=created.recovery_key,
            created_at=clock_of(args).now(),
        )
    emit(
        args,
        {
            "vault": str(folder),
            "vault_id": summary.vault_id,
            "trust": summary.trust.code,
            "recovery_key": created.recovery_key,
            "recovery_sheet": args.recovery_sheet,
        },
        [
            f"Created a vault for {summary.trust.full_name} in {folder}.",
            "",
            "Recovery key (shown only this once; print it or write it down, and give it to",
            "your trust's Information Governance lead to keep locked away):",
            "",
            f"    {created.recovery_key}",
            "",
            *(
                [f"The recovery sheet to print is {args.recovery_sheet}."]
                if args.recovery_sheet
                else []
            ),
        ],
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from coordinator_app.services.demo import demo

    folder = Path(args.vault) if args.vault else demo_vault_dir()
    vault, made = demo.create_demo_vault(
        folder, clock_of(args), size=args.size, seed=args.seed, trust=args.trust
    )
    vault.close()
    emit(
        args,
        {
            "vault": str(folder),
            "passphrase": made.passphrase,
            "size": made.size,
            "seed": made.seed,
            "trust": made.trust,
        },
        [
            f"Created a {made.size} demo vault of generated people for {made.trust} in {folder}.",
            f"Its passphrase is: {made.passphrase}",
        ],
    )
    return 0


def cmd_unlock_check(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import vaults

    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))
    vault.close()
    emit(args, {"ok": True}, ["The vault opens with that passphrase."])
    return 0


def cmd_integrity(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import vaults

    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))
    try:
        report = vaults.check_integrity(vault)
    finally:
        vault.close()
    lines = [
        "Encryption pages: "
        + (
            "all authentic."
            if not report.cipher_errors
            else f"{len(report.cipher_errors)} damaged."
        )
    ]
    lines.append(
        "Database structure: "
        + ("ok." if not report.sqlite_errors else f"{len(report.sqlite_errors)} faults.")
    )
    trail = (
        []
        if report.audit_first_broken_id is None
        else [f"chain broken at entry {report.audit_first_broken_id}"]
    )
    trail += report.audit_faults
    lines.append(
        f"Audit trail: {counted(report.audit_entries, 'entry')}, "
        + ("; ".join(trail) if trail else "chain intact")
        + "."
    )
    if not report.ok:
        lines.append("Restore the vault from a backup and tell your IT service.")
    emit(
        args,
        {
            "ok": report.ok,
            "cipher_errors": list(report.cipher_errors),
            "sqlite_errors": list(report.sqlite_errors),
            "audit_entries": report.audit_entries,
            "audit_first_broken_id": report.audit_first_broken_id,
            "audit_faults": list(report.audit_faults),
        },
        lines,
    )
    return 0 if report.ok else 1


def cmd_stats(args: argparse.Namespace) -> int:
    from coordinator_app.services.reports import stats
    from coordinator_app.services.vault import vaults

    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))
    try:
        counts = stats.vault_stats(vault)
    finally:
        vault.close()
    emit(args, counts, [f"{key.replace('_', ' ')}: {value}" for key, value in counts.items()])
    return 0


def cmd_volunteers(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import vaults
    from coordinator_app.services.volunteers import volunteer_export, volunteers

    today = clock_of(args).today()
    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))
    try:
        if args.out:
            written = volunteer_export.export_volunteer_list(vault, Path(args.out), today)
            print(
                f"Wrote {counted(written, 'volunteer')} to {args.out}. "
                "It holds personal data: keep it safe."
            )
            return 0
        rows = volunteers.all_rows(vault, today)
    finally:
        vault.close()
    emit(
        args,
        [
            {
                "code": r.code,
                "name": r.name,
                "state": r.state,
                "ready": r.ready,
                "status": r.status,
                "profession": r.profession,
            }
            for r in rows
        ],
        [f"{r.code}  {r.name}  {r.state}  {'ready' if r.ready else 'not ready'}" for r in rows]
        + [f"{counted(len(rows), 'volunteer')}."],
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import vaults
    from coordinator_app.services.volunteers import volunteer_import

    source = Path(args.file)
    report = Path(args.report) if args.report else source.with_name(source.stem + "-problems.xlsx")
    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))
    try:
        today = clock_of(args).today()
        result = volunteer_import.import_volunteers(vault, source, today, report=report)
    except volunteer_import.ImportRefused as refused:
        for problem in refused.problems:
            print(f"Row {problem.row}, {problem.column}: {problem.reason}", file=sys.stderr)
        raise
    finally:
        vault.close()
    emit(
        args,
        {"added": result.added, "already_present": result.already_present},
        [
            f"Imported {counted(result.added, 'volunteer')}; "
            f"{result.already_present} {'was' if result.already_present == 1 else 'were'} "
            "already in Coordinator and not added again."
        ],
    )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from coordinator_app.services.reports import progress_report
    from coordinator_app.services.vault import vaults

    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))
    try:
        report = progress_report.write(vault, args.period, Path(args.out))
    finally:
        vault.close()
    emit(
        args,
        {"path": args.out, "period": report.period.label},
        [f"Wrote the progress report for {report.period.label} to {args.out}."],
    )
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    from coordinator_app.services.installation import self_test

    def charts(folder: Path) -> str:
        from coordinator_app.ui.reports.charts import self_check  # Qt and matplotlib

        return self_check(folder)

    report = self_test.run(clock_of(args), extra=[("draw a dashboard chart", charts)])
    emit(
        args,
        {
            "ok": report.ok,
            "version": report.version,
            "frozen": report.frozen,
            "seconds": round(report.seconds, 3),
            "cleaned_up": report.cleaned_up,
            "steps": [
                {"name": s.name, "ok": s.ok, "seconds": round(s.seconds, 3), "detail": s.detail}
                for s in report.steps
            ],
        },
        [
            *(
                f"{'ok  ' if s.ok else 'FAIL'}  {s.name} ({s.seconds:.2f} s): {s.detail}"
                for s in report.steps
            ),
            *([] if report.cleaned_up else ["FAIL  the temporary vault could not be removed."]),
            f"Self-test of Coordinator {report.version} "
            + (
                f"passed in {report.seconds:.1f} s."
                if report.ok
                else "failed: send this output to your IT service."
            ),
        ],
    )
    return 0 if report.ok else 1


def cmd_gui(args: argparse.Namespace) -> int:
    from coordinator_app.ui.app.app import run_gui

    folder = Path(args.vault) if args.vault else None
    return run_gui(vault_folder=folder, demo=args.demo, debug=args.debug)


# --- parsing ----------------------------------------------------------------------------
def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Sub-commands repeat the global options with SUPPRESS so they may stand before or
    # after the command's name without one position overwriting the other.
    default: Any = None if top else argparse.SUPPRESS
    flag_default: Any = False if top else argparse.SUPPRESS
    group = parser.add_argument_group("global options")
    group.add_argument(
        "--vault",
        metavar="PATH",
        default=default,
        help="vault folder (default: per-user data folder; env COORDINATOR_VAULT)",
    )
    group.add_argument(
        "--passphrase-file",
        metavar="FILE",
        default=default,
        help="read the passphrase from the first line of FILE",
    )
    group.add_argument(
        "--json",
        action="store_true",
        default=flag_default,
        help="print one JSON document on stdout",
    )
    group.add_argument(
        "--debug",
        action="store_true",
        default=flag_default,
        help="show tracebacks and log debug detail",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coordinator",
        description="Coordinator for the Helpforce Refugee Volunteer to Career programme. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"coordinator {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the app on the demo vault")
    _global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _global_options(sub, top=False)
        sub.set_defaults(handler=handler)
        return sub

    init = command("init", cmd_init, "create a new vault and print its recovery key once")
    init.add_argument("--trust", required=True, metavar="CODE", help="RUH, KRH, ABUHB, LWH or CWP")
    init.add_argument("--coordinator", required=True, metavar="NAME")
    init.add_argument("--recovery-sheet", metavar="FILE.pdf")

    demo_cmd = command("demo", cmd_demo, "create a vault filled with generated people")
    demo_cmd.add_argument("--size", choices=("small", "medium", "large"), default="small")
    demo_cmd.add_argument("--seed", type=int, default=1)
    demo_cmd.add_argument("--trust", default="RUH", help="the trust's code (default RUH)")

    command("unlock-check", cmd_unlock_check, "open the vault and exit 0 (for scripts)")

    keys_commands.register(command)
    command("integrity", cmd_integrity, "check encryption, database structure and audit trail")
    command("stats", cmd_stats, "counts of what the vault holds (no personal data)")

    people = command("volunteers", cmd_volunteers, "list volunteers (shows personal data)")
    people.add_argument("--out", metavar="FILE.xlsx", help="write the list to a spreadsheet")

    importing = command(
        "import", cmd_import, "import volunteers from .xlsx or .csv, all or nothing"
    )
    importing.add_argument("kind", choices=("volunteers",))
    importing.add_argument("file", metavar="FILE")
    importing.add_argument(
        "--report",
        metavar="FILE.xlsx",
        help="where to save the problems list (default: beside FILE)",
    )
    backing = command(
        "backup", records_commands.cmd_backup, "write a checked, encrypted backup of the vault"
    )
    backing.add_argument("--out", required=True, metavar="FILE", help="backup file or folder")
    restoring = command(
        "restore", records_commands.cmd_restore, "make a new vault folder from a backup"
    )
    restoring.add_argument("file", metavar="FILE")
    restoring.add_argument("--to", required=True, metavar="PATH", help="a new vault folder")
    sar = command(
        "sar", records_commands.cmd_sar, "subject access: everything held on one volunteer"
    )
    sar.add_argument("--volunteer", required=True, metavar="CODE")
    sar.add_argument("--out", required=True, metavar="DIR")
    erase = command("erase", records_commands.cmd_erase, "erase one volunteer's personal data")
    erase.add_argument("--volunteer", required=True, metavar="CODE")
    erase.add_argument("--reason", required=True, metavar="TEXT")
    keep = command(
        "retention", records_commands.cmd_retention, "who is due for a retention review; purge them"
    )
    keep.add_argument("--purge", nargs="+", metavar="CODE", help="erase these (due) people")
    report = command("report", cmd_report, "the trust's progress report (PDF) for a period")
    report.add_argument("--period", required=True, metavar="PERIOD", help="YYYY-MM or YYYY-Qn")
    report.add_argument("--out", required=True, metavar="FILE.pdf")
    command("self-test", cmd_self_test, "check this installation on a temporary vault")
    returns_commands.register(command)
    merge_commands.register(command)
    programme_commands.register(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    args.clock = SystemClock()  # the one clock every command reads
    handler: Handler = getattr(args, "handler", cmd_gui)
    if handler is not cmd_gui:  # the app sets up its log once its first screen is up
        diagnostics.setup_logging(debug=args.debug)
    resources.set_override_dir(rules_dir())
    try:
        return handler(args)
    except UserFacingError as exc:
        print(exc.sentence(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Stopped before finishing; nothing half-done was saved.", file=sys.stderr)
        return 1
    except Exception as exc:
        if args.debug:
            raise
        report = diagnostics.write_crash_report(exc, now=clock_of(args).now())
        print(
            "Something unexpected went wrong and the command stopped; your saved records are "
            f"safe. A diagnostic report without personal data is at {report}: send it to "
            "your IT service.",
            file=sys.stderr,
        )
        return 1
