"""The command line contract (docs/contracts/cli.md) through real processes (forks of a
prepared one: tests/forked.py)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from coordinator_app.data.vault import Vault
from tests import forked
from tests.conftest import VaultTemplates, vault_file_hashes

PASSPHRASE = "violet tractor mango harbour"


def run(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    light_kdf: bool = False,
) -> subprocess.CompletedProcess[str]:
    """``light_kdf`` for a vault made only to run other commands on (see forked.run)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("COORDINATOR_")}
    full_env.update(env or {})
    return forked.run("coordinator_app", *args, env=full_env, stdin=stdin, light_kdf=light_kdf)


@pytest.fixture(scope="module")
def cli_vault(
    tmp_path_factory: pytest.TempPathFactory, vault_templates: VaultTemplates
) -> tuple[Path, str]:
    """A vault with cheap Argon2id, so each command's unlock is quick; `init` itself (with
    calibrated parameters) has its own tests below."""
    folder = tmp_path_factory.mktemp("cli") / "vault"
    return folder, vault_templates.copy(folder, "KRH", "Generated Person").recovery_key


def test_init_without_a_terminal_prints_the_recovery_key_once(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    result = run(
        "init",
        "--trust",
        "ruh",
        "--coordinator",
        "Generated Person",
        "--vault",
        str(folder),
        env={"COORDINATOR_PASSPHRASE": PASSPHRASE},
    )
    assert result.returncode == 0, result.stderr
    assert "Royal United Hospitals Bath NHS Foundation Trust" in result.stdout
    key_lines = [line.strip() for line in result.stdout.splitlines() if line.count("-") == 5]
    assert len(key_lines) == 1 and len(key_lines[0]) == 35
    assert key_lines[0] not in (folder / "vault.key").read_text()
    again = run(
        "init",
        "--trust",
        "RUH",
        "--coordinator",
        "X",
        "--vault",
        str(folder),
        env={"COORDINATOR_PASSPHRASE": PASSPHRASE},
    )
    assert again.returncode == 1 and "will not overwrite" in again.stderr


def test_unlock_check_with_env_and_file_and_options_either_side(
    cli_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = cli_vault
    ok = run("--vault", str(folder), "unlock-check", env={"COORDINATOR_PASSPHRASE": PASSPHRASE})
    assert ok.returncode == 0, ok.stderr
    phrase_file = tmp_path / "p.txt"
    phrase_file.write_text(PASSPHRASE + "\nignored second line\n")
    ok2 = run(
        "unlock-check", "--vault", str(folder), "--passphrase-file", str(phrase_file), "--json"
    )
    assert ok2.returncode == 0 and json.loads(ok2.stdout) == {"ok": True}


def test_wrong_passphrase_exit_3_sentence_no_traceback_files_unchanged(
    cli_vault: tuple[Path, str],
) -> None:
    folder, _ = cli_vault
    before = vault_file_hashes(folder)
    bad = run(
        "unlock-check",
        "--vault",
        str(folder),
        env={"COORDINATOR_PASSPHRASE": "not this one at all"},
    )
    assert bad.returncode == 3
    assert "passphrase is not right" in bad.stderr
    assert "Traceback" not in bad.stderr and bad.stdout == ""
    assert vault_file_hashes(folder) == before


def test_no_passphrase_source_is_exit_1_with_what_to_do(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    result = run("unlock-check", "--vault", str(folder), stdin="")
    assert result.returncode == 1
    assert "--passphrase-file" in result.stderr and "COORDINATOR_PASSPHRASE" in result.stderr


def test_busy_vault_is_exit_4(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    vault = Vault.open(folder, PASSPHRASE)
    try:
        busy = run(
            "unlock-check", "--vault", str(folder), env={"COORDINATOR_PASSPHRASE": PASSPHRASE}
        )
    finally:
        vault.close()
    assert busy.returncode == 4 and "already open" in busy.stderr


def test_usage_error_is_exit_2() -> None:
    assert run("no-such-command").returncode == 2
    assert run("init", "--trust").returncode == 2


def test_unknown_trust_is_refused(tmp_path: Path) -> None:
    result = run(
        "init",
        "--trust",
        "XYZ",
        "--coordinator",
        "A",
        "--vault",
        str(tmp_path / "v"),
        env={"COORDINATOR_PASSPHRASE": PASSPHRASE},
    )
    assert result.returncode == 1 and "RUH, KRH" in result.stderr
    assert not (tmp_path / "v").exists()


def test_change_then_recover_passphrase(cli_vault: tuple[Path, str], tmp_path: Path) -> None:
    folder, key = cli_vault
    new = "copper meadow whistle lantern"
    changed = run(
        "passphrase",
        "change",
        "--vault",
        str(folder),
        env={"COORDINATOR_PASSPHRASE": PASSPHRASE, "COORDINATOR_NEW_PASSPHRASE": new},
    )
    assert changed.returncode == 0, changed.stderr
    assert (
        run(
            "unlock-check", "--vault", str(folder), env={"COORDINATOR_PASSPHRASE": PASSPHRASE}
        ).returncode
        == 3
    )
    assert (
        run("unlock-check", "--vault", str(folder), env={"COORDINATOR_PASSPHRASE": new}).returncode
        == 0
    )
    key_file = tmp_path / "key.txt"
    key_file.write_text(key.lower() + "\n")
    recovered = run(
        "passphrase",
        "recover",
        "--vault",
        str(folder),
        "--recovery-key-file",
        str(key_file),
        env={"COORDINATOR_NEW_PASSPHRASE": PASSPHRASE},
    )
    assert recovered.returncode == 0, recovered.stderr
    assert (
        run(
            "unlock-check", "--vault", str(folder), env={"COORDINATOR_PASSPHRASE": PASSPHRASE}
        ).returncode
        == 0
    )
    # The used recovery key was replaced at once; the new one is printed, the old one is dead.
    replacement = [line.strip() for line in recovered.stdout.splitlines() if line.count("-") == 5]
    assert len(replacement) == 1 and replacement[0] != key
    again = run(
        "passphrase",
        "recover",
        "--vault",
        str(folder),
        "--recovery-key-file",
        str(key_file),
        env={"COORDINATOR_NEW_PASSPHRASE": new},
    )
    assert again.returncode == 3 and "recovery key does not open" in again.stderr


def test_integrity_and_stats_json(cli_vault: tuple[Path, str]) -> None:
    folder, _ = cli_vault
    env = {"COORDINATOR_PASSPHRASE": PASSPHRASE}
    integrity = run("integrity", "--vault", str(folder), "--json", env=env)
    assert integrity.returncode == 0, integrity.stderr
    doc = json.loads(integrity.stdout)
    assert doc["ok"] is True and doc["audit_entries"] >= 2
    stats = run("--json", "stats", "--vault", str(folder), env=env)
    assert json.loads(stats.stdout)["coordinators"] == 1


def test_integrity_reports_a_broken_audit_chain_with_exit_1(
    tmp_path: Path, vault_templates: VaultTemplates
) -> None:
    folder = tmp_path / "v"
    vault, _ = vault_templates.open(folder, "LWH", "Generated Person")
    with vault.engine.begin() as conn:
        first = conn.exec_driver_sql("SELECT min(id) FROM audit_log").scalar()
        conn.exec_driver_sql("UPDATE audit_log SET actor = 'someone else' WHERE id = ?", (first,))
    vault.close()
    result = run("integrity", "--vault", str(folder), env={"COORDINATOR_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 1
    assert f"chain broken at entry {first}" in result.stdout


def test_demo_creates_a_vault_with_the_shown_passphrase(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    made = run("demo", "--vault", str(folder), "--json")
    assert made.returncode == 0, made.stderr
    passphrase = json.loads(made.stdout)["passphrase"]
    assert (
        run(
            "unlock-check", "--vault", str(folder), env={"COORDINATOR_PASSPHRASE": passphrase}
        ).returncode
        == 0
    )


def test_init_writes_the_recovery_sheet(tmp_path: Path) -> None:
    from pypdf import PdfReader

    sheet = tmp_path / "sheet.pdf"
    result = run(
        "init",
        "--trust",
        "CWP",
        "--coordinator",
        "Generated Person",
        "--vault",
        str(tmp_path / "v"),
        "--recovery-sheet",
        str(sheet),
        "--json",
        env={"COORDINATOR_PASSPHRASE": PASSPHRASE},
    )
    assert result.returncode == 0, result.stderr
    key = json.loads(result.stdout)["recovery_key"]
    text = " ".join(PdfReader(sheet).pages[0].extract_text().split())
    assert all(group in text for group in key.split("-"))


def test_backup_then_restore_into_a_new_folder(
    tmp_path: Path, vault_templates: VaultTemplates
) -> None:
    env = {"COORDINATOR_PASSPHRASE": PASSPHRASE}
    folder = tmp_path / "vault"
    vault_templates.copy(folder, "CWP", "Generated Person")
    backup = tmp_path / "usb" / "cwp.cvbackup"
    written = run("backup", "--out", str(backup), "--vault", str(folder), "--json", env=env)
    assert written.returncode == 0, written.stderr
    assert json.loads(written.stdout)["path"] == str(backup) and backup.exists()
    restored = tmp_path / "restored"
    result = run("restore", str(backup), "--to", str(restored), env=env)
    assert result.returncode == 0, result.stderr
    assert run("unlock-check", "--vault", str(restored), env=env).returncode == 0
    again = run("restore", str(backup), "--to", str(restored), env=env)
    assert again.returncode == 1 and "never replaces" in again.stderr
    backup.write_bytes(backup.read_bytes()[:1000])
    broken = run("restore", str(backup), "--to", str(tmp_path / "r2"), env=env)
    assert (
        broken.returncode == 1 and "damaged" in broken.stderr and "Traceback" not in broken.stderr
    )


def test_subject_access_and_erasure_by_code(
    tmp_path: Path, vault_templates: VaultTemplates
) -> None:
    env = {"COORDINATOR_PASSPHRASE": PASSPHRASE}
    folder = tmp_path / "vault"
    vault, _ = vault_templates.open(folder, "KRH", "Generated Person")
    from datetime import date

    from coordinator_app.domain.volunteers import VolunteerDetails
    from coordinator_app.services.volunteers import volunteers

    code = volunteers.register(
        vault, VolunteerDetails(given_names="Generated", family_name="Cli-Person"), date.today()
    ).code
    vault.close()
    sar = run(
        "sar",
        "--volunteer",
        code,
        "--out",
        str(tmp_path / "sar"),
        "--vault",
        str(folder),
        "--json",
        env=env,
    )
    assert sar.returncode == 0, sar.stderr
    assert Path(json.loads(sar.stdout)["workbook"]).exists()
    erased = run("erase", "--volunteer", code, "--reason", "Asked", "--vault", str(folder), env=env)
    assert erased.returncode == 0 and "erased" in erased.stdout
    unknown = run(
        "erase", "--volunteer", "KRH-000000", "--reason", "x", "--vault", str(folder), env=env
    )
    assert unknown.returncode == 1 and "No volunteer has the code" in unknown.stderr
