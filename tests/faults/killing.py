"""Kill a vault writer at a random moment and check what survives (tests and stress script)."""

from __future__ import annotations

import json
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from coordinator_app.data.models import AuditEntryRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import WrongPassphrase
from tests import forked

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class KillResult:
    committed_seen: int  # rows the writer reported committed before it died
    integrity_ok: bool
    lost: int  # reported committed but missing after the crash
    opened_with: str  # which passphrase opened the vault afterwards ("" if none)


def _run_and_kill(
    mode: str, folder: Path, throttle: Path, rng: random.Random, *passphrases: str
) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    arguments = [mode, str(folder), passphrases[0], str(throttle), *passphrases[1:]]
    writer = forked.start("tests.faults.worker", *arguments, env=env, cwd=ROOT)
    lines: list[str] = []
    # Mostly kill while writing; sometimes while the vault is still opening. Half the
    # writing kills wait for the first completed write too, so kills land both before and
    # after it however slow a busy machine makes the worker.
    chance = rng.random()
    if chance < 0.15:
        time.sleep(rng.uniform(0.0, 0.6))
    else:
        for _ in range(1 if chance < 0.575 else 2):
            lines.append(writer.stdout.readline().strip())
        time.sleep(rng.uniform(0.0, 0.4))
    writer.kill()
    rest = writer.rest(timeout=30)
    # A line cut short by the kill is not a completed report.
    complete = rest.split("\n")[:-1] if not rest.endswith("\n") else rest.split("\n")
    lines.extend(line.strip() for line in complete if line.strip())
    return lines


def kill_writer_once(
    folder: Path, passphrase: str, throttle: Path, rng: random.Random
) -> KillResult:
    lines = _run_and_kill("write", folder, throttle, rng, passphrase)
    seen = {int(x) for x in lines if x.isdigit()}
    vault = Vault.open(folder, passphrase, throttle_file=throttle)
    try:
        report = vault.integrity()
        with vault.unit_of_work() as session:
            present = {
                int(json.loads(d)["n"])
                for d in session.scalars(
                    select(AuditEntryRow.detail_json).where(AuditEntryRow.action == "row")
                )
            }
    finally:
        vault.close()
    # Each run restarts numbering at 1; rows from earlier runs only add to ``present``.
    return KillResult(len(seen), report.ok, len(seen - present), passphrase)


def kill_passphrase_change_once(
    folder: Path, current: str, other: str, throttle: Path, rng: random.Random
) -> KillResult:
    """Returns which passphrase opens the vault afterwards; the caller continues with it."""
    _run_and_kill("passphrase", folder, throttle, rng, current, other)
    for candidate in (current, other):
        try:
            vault = Vault.open(folder, candidate, throttle_file=throttle)
        except WrongPassphrase:
            continue
        report = vault.integrity()
        vault.close()
        return KillResult(0, report.ok, 0, candidate)
    return KillResult(0, False, 0, "")


@dataclass(frozen=True)
class ExportKill:
    reported: int  # bundles the exporter said were in place before it died
    files: int  # bundle files found afterwards (all must verify)
    integrity_ok: bool


def kill_exporter_once(
    folder: Path, passphrase: str, throttle: Path, out: Path, rng: random.Random
) -> ExportKill:
    """Kill an exporter at a random moment; then every bundle file present must verify
    (no half-written one under a bundle's name) and the vault must open intact."""
    from datetime import UTC, datetime

    from coordinator_app.export.verify.bundle import verify_bundle
    from coordinator_app.services.vault import signing

    lines = _run_and_kill("export", folder, throttle, rng, passphrase, str(out))
    reported = sum(1 for x in lines if x.isdigit())
    vault = Vault.open(folder, passphrase, throttle_file=throttle)
    try:
        report = vault.integrity()
        found = signing.records(vault)
    finally:
        vault.close()
    keys = signing.as_trusted(found)
    bundles = sorted(out.glob("*.zip"))
    for bundle in bundles:  # raises BundleRefused for a damaged one
        verify_bundle(bundle.read_bytes(), bundle.name, keys, None, datetime.now(UTC))
    return ExportKill(reported, len(bundles), report.ok)


def kill_backup_once(
    folder: Path, passphrase: str, throttle: Path, out: Path, rng: random.Random
) -> tuple[int, int, bool]:
    """Kill a backup writer at a random moment: (backups it reported, backup files found,
    vault intact). Every file under a backup's name must verify."""
    from coordinator_app.services.vault import backups

    lines = _run_and_kill("backup", folder, throttle, rng, passphrase, str(out))
    reported = sum(1 for x in lines if x.endswith(backups.SUFFIX))
    vault = Vault.open(folder, passphrase, throttle_file=throttle)
    try:
        intact = vault.integrity().ok
    finally:
        vault.close()
    files = sorted(out.glob(f"*{backups.SUFFIX}"))
    for made in files:  # raises VaultDamaged for a damaged or half-written one
        backups.verify_backup(made)
    return reported, len(files), intact
