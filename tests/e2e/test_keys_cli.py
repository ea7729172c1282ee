"""Coordinators, the audit trail, re-keying and recovery keys through real processes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from coordinator_app.services.vault import vaults
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.e2e.test_cli import run

SECOND = "copper meadow kettle lighthouse"
THIRD = "saffron glacier violin paddock"


def _vault(tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    vault, _ = vaults.create_vault(folder, "RUH", "First Generated", PASSPHRASE, kdf=FAST_KDF)
    vault.close()
    return folder


def test_two_coordinators_each_named_in_the_audit_and_removal(tmp_path: Path) -> None:
    folder = _vault(tmp_path)
    first = {"COORDINATOR_PASSPHRASE": PASSPHRASE}
    second = {"COORDINATOR_PASSPHRASE": SECOND}
    added = run(
        "coordinators", "add", "--name", "Second Generated", "--vault", str(folder),
        env={**first, "COORDINATOR_NEW_PASSPHRASE": SECOND},
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = run("coordinators", "list", "--json", "--vault", str(folder), env=second)
    assert listed.returncode == 0, listed.stderr
    people = json.loads(listed.stdout)
    assert [(p["name"], p["you"]) for p in people] == [
        ("First Generated", False),
        ("Second Generated", True),
    ]
    trail = run("audit", "--json", "--vault", str(folder), env=first)
    assert trail.returncode == 0, trail.stderr
    entries = json.loads(trail.stdout)
    assert {"at", "coordinator", "action", "subject"} <= set(entries[0])
    unlocks = [e["coordinator"] for e in entries if e["action"] == "unlock"]
    assert unlocks[-2:] == ["Second Generated", "First Generated"]
    assert (
        json.loads(
            run(
                "audit", "--json", "--since", "2999-01-01", "--vault", str(folder), env=first
            ).stdout
        )
        == []
    )
    assert run("audit", "--since", "soon", "--vault", str(folder), env=first).returncode == 1

    removed = run("coordinators", "remove", "Second Generated", "--vault", str(folder), env=first)
    assert removed.returncode == 0, removed.stderr
    refused = run("unlock-check", "--vault", str(folder), env=second)
    assert refused.returncode == 3 and "not right" in refused.stderr
    last = run("coordinators", "remove", "First Generated", "--vault", str(folder), env=first)
    assert last.returncode == 1 and "only coordinator" in last.stderr
    assert run("unlock-check", "--vault", str(folder), env=first).returncode == 0


def test_rekey_and_a_new_recovery_key(tmp_path: Path) -> None:
    folder = _vault(tmp_path)
    lost = tmp_path / "lost-laptop-copy.key"
    shutil.copyfile(folder / "vault.key", lost)
    rekeyed = run(
        "passphrase", "change", "--rekey", "--json", "--vault", str(folder),
        env={"COORDINATOR_PASSPHRASE": PASSPHRASE, "COORDINATOR_NEW_PASSPHRASE": THIRD},
    )  # fmt: skip
    assert rekeyed.returncode == 0, rekeyed.stderr
    recovery = json.loads(rekeyed.stdout)["recovery_key"]
    fresh = run("unlock-check", "--vault", str(folder), env={"COORDINATOR_PASSPHRASE": THIRD})
    assert fresh.returncode == 0, fresh.stderr
    # The lost laptop's key file with the old passphrase no longer opens the database.
    shutil.copyfile(lost, folder / "vault.key")
    old = run("unlock-check", "--vault", str(folder), env={"COORDINATOR_PASSPHRASE": PASSPHRASE})
    assert old.returncode == 1 and "cannot be read with its key" in old.stderr

    other = _vault(tmp_path / "other")
    sheet = tmp_path / "sheet.pdf"
    made = run(
        "recovery-key", "new", "--recovery-sheet", str(sheet), "--vault", str(other),
        env={"COORDINATOR_PASSPHRASE": PASSPHRASE},
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    new_key = [line.strip() for line in made.stdout.splitlines() if line.count("-") == 5]
    assert len(new_key) == 1 and new_key[0] != recovery and sheet.read_bytes()[:5] == b"%PDF-"
    key_file = tmp_path / "key.txt"
    key_file.write_text(new_key[0] + "\n")
    recovered = run(
        "passphrase", "recover", "--vault", str(other), "--recovery-key-file", str(key_file),
        env={"COORDINATOR_NEW_PASSPHRASE": SECOND},
    )  # fmt: skip
    assert recovered.returncode == 0, recovered.stderr
