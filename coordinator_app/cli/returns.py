"""The command line's returns commands: the signing key (`key`), building and re-saving
bundles (`export`), and checking them on the programme manager's side (`verify`)."""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coordinator_app.cli.common import clock_of, emit, passphrase_of, vault_dir
from coordinator_app.domain.errors import InvalidInput

if TYPE_CHECKING:
    from coordinator_app.data.vault import Vault
    from coordinator_app.export.consolidate import Refused
    from coordinator_app.export.verify.bundle import AcceptedReturn, ChainState, TrustedKey
    from coordinator_app.services.returns.returns import BuiltReturn

Handler = Callable[[argparse.Namespace], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]
_SEQUENCE = re.compile(r"_(\d{4,})\.zip(\.age)?$")


def cmd_key(args: argparse.Namespace) -> int:
    from coordinator_app.services.vault import signing, vaults

    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))
    try:
        if args.action == "sheet":
            if not args.out:
                raise InvalidInput("Say where to save the sheet.", "Add --out FILE.pdf.")
            found = signing.write_key_sheet(vault, Path(args.out))
            print(f"Wrote the key registration sheet to {args.out}.")
            print(f"Key id {found.current.key_id}, fingerprint {found.current.fingerprint}.")
            return 0
        found = signing.rotate(vault) if args.action == "rotate" else signing.records(vault)
    finally:
        vault.close()
    entries = signing.trusted_key_entries(found)
    lines = [
        f"Trust {found.trust_code}; signing key {found.current.key_id}",
        f"Fingerprint: {found.current.fingerprint}",
        "Record for trusted-keys.json:",
        *[f"  {line}" for line in _json_lines(entries)],
    ]
    if found.retired:
        lines.append(f"{len(found.retired)} older key(s) above carry revoked_at: revoke them.")
    emit(args, entries, lines)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from coordinator_app.services.returns import returns
    from coordinator_app.services.vault import vaults

    out = Path(args.out) if args.out else Path.cwd()
    vault = vaults.unlock(vault_dir(args), passphrase_of(args), clock_of(args))
    try:
        if args.history:
            records = returns.history(vault)
            emit(
                args,
                [r.__dict__ for r in records],
                [
                    f"{r.sequence:4d}  {r.period_label:8}  {r.created_at}  {r.saved_as}"
                    + (f"  (corrects {r.supersedes})" if r.supersedes else "")
                    for r in records
                ]
                or ["No returns have been sent from this vault yet."],
            )
            return 0
        if args.full_history:
            path = returns.export_full_history(vault, out, today=clock_of(args).today())
            emit(args, {"path": str(path)}, [str(path)])
            return 0
        if args.again is not None:
            path = returns.save_again(vault, args.again, out)
            emit(args, {"path": str(path)}, [str(path)])
            return 0
        if not args.period:
            raise InvalidInput(
                "Say which period the return is for.", "Add --period YYYY-MM or --period YYYY-Qn."
            )
        built = _build(args, vault, out)
    finally:
        vault.close()
    for warning in built.warnings:
        print(f"Note: {warning}", file=sys.stderr)
    emit(
        args,
        {
            "path": str(built.path),
            "sequence": built.record.sequence,
            "period": built.record.period_label,
            "manifest_sha256": built.record.manifest_sha256,
            "supersedes": built.record.supersedes,
            "warnings": list(built.warnings),
            "recipients": list(built.encrypted_to),
        },
        [str(built.path)],
    )
    return 0


def _build(args: argparse.Namespace, vault: Vault, out: Path) -> BuiltReturn:
    from coordinator_app.services.returns import returns, returns_chain

    try:
        return returns.build_return(
            vault,
            args.period,
            out,
            today=clock_of(args).today(),
            unencrypted=args.unencrypted,
            accept_sequence=args.accept_sequence,
        )
    except returns_chain.SequenceNotConfirmed as asked:
        raise InvalidInput(
            asked.message,
            f"Check that no return numbered {asked.sequence} or above was sent from another "
            f"copy of this vault, then run the export again with --accept-sequence "
            f"{asked.sequence}.",
        ) from asked


@dataclass
class Checked:
    """What checking a batch of bundles found, for printing and for consolidating."""

    accepted: list[AcceptedReturn] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    results: list[dict[str, object]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    # Combining: each accepted return's workbook by its manifest's hash, for the analysis.
    workbooks: dict[str, bytes] = field(default_factory=dict)
    combining: bool = False

    def keep(self, accepted: AcceptedReturn, data: bytes) -> None:
        if self.combining:
            from coordinator_app.export.programme_sheets import workbook_in

            self.workbooks[accepted.manifest_sha256] = workbook_in(data)


def check_bundles(args: argparse.Namespace, combining: bool = False) -> Checked:
    """With the programme manager's ``--vault``, against (and into) its sealed record of
    accepted returns; with a bare ``--state DIR``, an unprotected file; else no chain."""
    from coordinator_app.export.verify.bundle import ChainState, load_trusted_keys

    keys = load_trusted_keys(Path(args.keys))
    if args.vault:
        if args.state:
            raise InvalidInput(
                "Both --vault and --state were given.",
                "Use --vault for the programme manager's vault, or --state DIR, not both.",
            )
        return _check_with_vault(args, keys, combining)
    state_dir = Path(args.state) if args.state else None
    state = ChainState.load(state_dir) if state_dir else None
    if state_dir is not None:
        print(
            f"Note: the record of accepted returns in {state_dir} is not protected: anyone "
            "who can edit it can make a replayed or forked return pass. Use --vault with "
            "the programme manager's vault to protect it.",
            file=sys.stderr,
        )
    paths = _in_chain_order(args)
    identities = identities_for(args, paths)
    checked = Checked(combining=combining)
    for path in paths:
        found = _check_one(path, keys, state, checked, clock_of(args).now(), identities)
        if found is not None and state is not None and state_dir is not None:
            state.accept(found[0])
            state.save(state_dir)
    return checked


def _check_with_vault(args: argparse.Namespace, keys: list[TrustedKey], combining: bool) -> Checked:
    from coordinator_app.services.returns import programme
    from coordinator_app.services.vault import age_identity, startup, vaults

    folder = vault_dir(args)
    if not startup.vault_exists(folder):
        raise InvalidInput(
            f"There is no vault at {folder}.",
            "Give --vault the programme manager's vault; to open encrypted returns without "
            "it, use --identity FILE and --state DIR instead.",
        )
    if startup.vault_kind(folder) != "programme":
        raise InvalidInput(
            f"The vault at {folder} is a coordinator's vault, not the programme manager's.",
            "Give --vault the programme manager's vault (made with `programme init`).",
        )
    vault = vaults.unlock(folder, passphrase_of(args), clock_of(args))
    try:
        state = programme.reader_state(vault)
        paths = _in_chain_order(args)
        identities = (
            _identity_file(args.identity) if args.identity else age_identity.identities(vault)
        )
        # Combining, a return this vault accepted before is combined, not refused as a
        # replay: verifying a batch and then combining it counts each return once.
        before = {r.manifest_sha256: r for r in programme.received(vault)} if combining else {}
        checked = Checked(combining=combining)
        for path in paths:
            now = clock_of(args).now()
            found = _check_one(path, keys, state, checked, now, identities, before)
            if found is not None:
                programme.keep_accepted(vault, state, found[0], found[1], now)
    finally:
        vault.close()
    return checked


def _in_chain_order(args: argparse.Namespace) -> list[Path]:
    return sorted((Path(b) for b in args.bundles), key=_sequence_of)


def _check_one(
    path: Path,
    keys: list[TrustedKey],
    state: ChainState | None,
    checked: Checked,
    now: datetime,
    identities: list[str],
    before: dict[str, AcceptedReturn] | None = None,
) -> tuple[AcceptedReturn, bytes] | None:
    from coordinator_app.export.consolidate import Refused
    from coordinator_app.export.encryption import plain_name
    from coordinator_app.export.return_workbook import read_totals
    from coordinator_app.export.verify.bundle import BundleRefused, verify_bundle
    from coordinator_app.services.returns.programme import read_bundle

    data = b""
    try:
        data = read_bundle(path, identities)
        accepted = verify_bundle(data, plain_name(path.name), keys, state, now, read_totals)
    except (BundleRefused, OSError) as exc:
        kept = (before or {}).get(_manifest_sha256(data)) if _is_replay(exc) else None
        if kept is not None:
            checked.accepted.append(kept)
            checked.keep(kept, data)
            checked.results.append(_accepted_result(path, kept) | {"accepted_before": True})
            checked.lines.append(
                f"OK       {path.name}: {kept.trust} return {kept.sequence} for "
                f"{kept.period_label} (accepted before)"
            )
            return None
        code, reason = (
            (exc.code, exc.sentence)
            if isinstance(exc, BundleRefused)
            else ("unreadable", f"{path.name} cannot be read.")
        )
        checked.refused.append(Refused(path.name, code, reason))
        checked.results.append({"file": str(path), "ok": False, "code": code, "reason": reason})
        checked.lines.append(f"REFUSED  {path.name}: {reason} [{code}]")
        return None
    gap = accepted.missing_before
    checked.accepted.append(accepted)
    checked.keep(accepted, data)
    checked.results.append(_accepted_result(path, accepted))
    checked.lines.append(
        f"OK       {path.name}: {accepted.trust} return {accepted.sequence} for "
        f"{accepted.period_label}" + (f"; missing returns {gap[0]}..{gap[1]}" if gap else "")
    )
    return accepted, data


def cmd_verify(args: argparse.Namespace) -> int:
    checked = check_bundles(args)
    emit(args, checked.results, checked.lines)
    return 0 if not checked.refused else 1


def cmd_consolidate(args: argparse.Namespace) -> int:
    from coordinator_app.domain.trusts import all_trusts
    from coordinator_app.export.consolidate import in_force, write_consolidated
    from coordinator_app.export.programme_report import write_programme_report
    from coordinator_app.export.programme_sheets import analyse_returns

    checked = check_bundles(args, combining=True)
    trusts = {t.code: t.name for t in all_trusts()}
    clock = clock_of(args)
    now = clock.now()
    analysis = analyse_returns(
        in_force(checked.accepted), lambda r: checked.workbooks[r.manifest_sha256], trusts
    )
    write_consolidated(
        Path(args.out),
        checked.accepted,
        checked.refused,
        list(trusts),
        clock.today(),
        now,
        analysis,
    )
    lines = [*checked.lines, f"Wrote the combined workbook to {args.out}."]
    if args.report:
        write_programme_report(Path(args.report), analysis, now)
        lines.append(f"Wrote the programme report to {args.report}.")
    emit(args, {"out": args.out, "report": args.report, "bundles": checked.results}, lines)
    return 0 if not checked.refused else 1


def register(command: Command) -> None:
    key = command("key", cmd_key, "show, print or rotate the key that signs returns")
    key.add_argument("action", choices=("show", "sheet", "rotate"))
    key.add_argument("--out", metavar="FILE.pdf", help="where to save the registration sheet")

    export = command("export", cmd_export, "build and sign the return bundle for a period")
    export.add_argument("--period", metavar="PERIOD", help="YYYY-MM or YYYY-Qn")
    export.add_argument("--out", metavar="DIR", help="folder to save it in (default: here)")
    export.add_argument("--history", action="store_true", help="list the returns sent so far")
    export.add_argument("--again", type=int, metavar="SEQ", help="save return SEQ again")
    export.add_argument(
        "--unencrypted",
        action="store_true",
        help="write the plain signed .zip even though a recipient is registered",
    )
    export.add_argument(
        "--accept-sequence",
        type=int,
        metavar="N",
        help="confirm the return's number when the vault asks (after a restore)",
    )
    export.add_argument(
        "--full-history",
        action="store_true",
        help="every period in one pseudonymised workbook (not a signed return)",
    )

    verify = command("verify", cmd_verify, "check return bundles before trusting them")
    verify.add_argument("bundles", nargs="+", metavar="BUNDLE")
    verify.add_argument("--keys", required=True, metavar="FILE", help="trusted-keys.json")
    verify.add_argument(
        "--state",
        metavar="DIR",
        help="remember accepted returns here, unprotected (with --vault: in the vault, sealed)",
    )
    verify.add_argument("--identity", metavar="FILE", help="age identity file for .zip.age")

    combine = command(
        "consolidate", cmd_consolidate, "verify returns, then combine them in one workbook"
    )
    combine.add_argument("bundles", nargs="+", metavar="BUNDLE")
    combine.add_argument("--keys", required=True, metavar="FILE", help="trusted-keys.json")
    combine.add_argument("--out", required=True, metavar="FILE.xlsx")
    combine.add_argument(
        "--report", metavar="FILE.pdf", help="also write the programme progress report (PDF)"
    )
    combine.add_argument(
        "--state", metavar="DIR", help="remember accepted returns here, unprotected"
    )
    combine.add_argument("--identity", metavar="FILE", help="age identity file for .zip.age")


def identities_for(args: argparse.Namespace, paths: list[Path]) -> list[str]:
    """The age identities that open `….zip.age`: from ``--identity FILE`` or, when the vault
    (``--vault`` or the default) is a programme manager's, its own (after unlocking it)."""
    from coordinator_app.export.encryption import is_encrypted

    if args.identity:
        return _identity_file(args.identity)
    if not any(is_encrypted(p.name) for p in paths):
        return []
    from coordinator_app.services.vault import age_identity, vaults
    from coordinator_app.services.vault.startup import vault_exists, vault_kind

    folder = vault_dir(args)
    if not (vault_exists(folder) and vault_kind(folder) == "programme"):
        raise InvalidInput(
            "Some returns are encrypted (.zip.age) and no identity was given to open them.",
            "Add --identity FILE, or --vault with the programme manager's vault.",
        )
    vault = vaults.unlock(folder, passphrase_of(args), clock_of(args))
    try:
        return age_identity.identities(vault)
    finally:
        vault.close()


def _identity_file(path: str) -> list[str]:
    from coordinator_app.export.encryption import identities_in_file

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(f"The identity file {path} cannot be read.", "Check the path.") from exc
    return identities_in_file(data)


def _sequence_of(path: Path) -> tuple[int, str]:
    """Older returns first, so a batch of a trust's returns is checked in chain order."""
    found = _SEQUENCE.search(path.name)
    return (int(found.group(1)) if found else 0, path.name)


def _json_lines(document: object) -> list[str]:
    import json

    return json.dumps(document, indent=2, sort_keys=True).splitlines()


def _accepted_result(path: Path, accepted: AcceptedReturn) -> dict[str, object]:
    gap = accepted.missing_before
    return {
        "file": str(path),
        "ok": True,
        "trust": accepted.trust,
        "sequence": accepted.sequence,
        "period": accepted.period_label,
        "manifest_sha256": accepted.manifest_sha256,
        "missing": list(gap) if gap else None,
    }


def _is_replay(exc: BaseException) -> bool:
    from coordinator_app.export.verify.bundle import BundleRefused

    return isinstance(exc, BundleRefused) and exc.code == "replay"


def _manifest_sha256(data: bytes) -> str:
    """The manifest's hash in a bundle that passed every check up to the replay check."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return hashlib.sha256(archive.read("manifest.json")).hexdigest()
