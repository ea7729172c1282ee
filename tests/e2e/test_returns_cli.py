"""Returns through the command line: key record, export, verify with remembered state, a
changed bundle refused, and the signature checked by OpenSSL alone."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select

from coordinator_app.data import audit
from coordinator_app.data.keyfile import KeyFile
from coordinator_app.data.models import AuditEntryRow
from coordinator_app.data.vault import Vault
from coordinator_app.export.return_workbook import CONTENT_VERSION
from coordinator_app.services.demo.demo import DEMO_PASSPHRASE
from coordinator_app.services.vault import vaults
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.e2e.test_cli import run

ENV = {"COORDINATOR_PASSPHRASE": PASSPHRASE}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("returns")
    vault = root / "vault"
    made = run("demo", "--vault", str(vault), "--json", light_kdf=True)
    assert made.returncode == 0, made.stderr
    env = {"COORDINATOR_PASSPHRASE": json.loads(made.stdout)["passphrase"]}
    assert env["COORDINATOR_PASSPHRASE"] == DEMO_PASSPHRASE
    keys = run("key", "show", "--json", "--vault", str(vault), env=env)
    assert keys.returncode == 0, keys.stderr
    (root / "trusted-keys.json").write_text(keys.stdout)
    out = root / "out"
    for period in ("2026-09", "2026-10"):
        built = run("export", "--period", period, "--out", str(out), "--vault", str(vault), env=env)
        assert built.returncode == 0, built.stderr
    return vault, root / "trusted-keys.json", out


def test_export_then_verify_with_state_catches_replays(
    exported: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _vault, keys, out = exported
    bundles = sorted(str(p) for p in out.glob("*.zip"))
    assert [Path(b).name for b in bundles] == [
        "rvc-return_RUH_2026-09_0001.zip",
        "rvc-return_RUH_2026-10_0002.zip",
    ]
    first = run("verify", *bundles, "--keys", str(keys), "--state", str(tmp_path), "--json")
    assert first.returncode == 0, first.stdout + first.stderr
    assert [r["sequence"] for r in json.loads(first.stdout)] == [1, 2]
    again = run("verify", bundles[0], "--keys", str(keys), "--state", str(tmp_path), "--json")
    assert again.returncode == 1
    assert json.loads(again.stdout)[0]["code"] == "replay"


def test_a_changed_workbook_is_refused_with_a_sentence_and_a_code(
    exported: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _vault, keys, out = exported
    original = out / "rvc-return_RUH_2026-09_0001.zip"
    changed = tmp_path / original.name
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(changed, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "return.xlsx":
                data = data[:-40] + bytes([data[-40] ^ 1]) + data[-39:]
            target.writestr(info, data)
    result = run("verify", str(changed), "--keys", str(keys))
    assert result.returncode == 1
    assert "changed after it was signed" in result.stdout and "[file-hash]" in result.stdout


def test_openssl_alone_verifies_the_signature(
    exported: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    _vault, keys, out = exported
    with zipfile.ZipFile(out / "rvc-return_RUH_2026-10_0002.zip") as bundle:
        manifest = bundle.read("manifest.json")
        signature = json.loads(bundle.read("manifest.sig.json"))
        listed = json.loads(manifest)["files"]
        for entry in listed:  # what sha256sum would say of each unpacked file
            assert hashlib.sha256(bundle.read(entry["path"])).hexdigest() == entry["sha256"]
    doc = json.loads(manifest)  # format 2's fields are inside what OpenSSL checks below
    fields = (doc["format_version"], doc["recipients"], doc["content_version"])
    assert fields == (2, [], CONTENT_VERSION)
    assert doc["audit_head"]["entries"] > 0 and len(doc["audit_head"]["sha256"]) == 64
    record = json.loads(keys.read_text())["keys"][0]
    raw = base64.b64decode(record["public_key"])
    pem = Ed25519PublicKey.from_public_bytes(raw).public_bytes(
        Encoding.PEM, PublicFormat.SubjectPublicKeyInfo
    )
    kind = b"application/vnd.helpforce.rvc-return+json"
    pae = b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(manifest), manifest)
    (tmp_path / "pub.pem").write_bytes(pem)
    (tmp_path / "pae.bin").write_bytes(pae)
    (tmp_path / "sig.bin").write_bytes(base64.b64decode(signature["sig"]))
    command = [
        "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(tmp_path / "pub.pem"),
        "-rawin", "-in", str(tmp_path / "pae.bin"), "-sigfile", str(tmp_path / "sig.bin"),
    ]  # fmt: skip
    checked = subprocess.run(command, capture_output=True, text=True, check=False)
    assert checked.returncode == 0 and "Signature Verified Successfully" in checked.stdout
    (tmp_path / "pae.bin").write_bytes(pae.replace(b'"sequence":2', b'"sequence":3'))
    forged = subprocess.run(command, capture_output=True, text=True, check=False)
    assert forged.returncode != 0


def test_history_and_save_again_give_the_same_bytes(
    exported: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    vault, _keys, out = exported
    env = {"COORDINATOR_PASSPHRASE": DEMO_PASSPHRASE}
    listed = run("export", "--history", "--json", "--vault", str(vault), env=env)
    assert [r["sequence"] for r in json.loads(listed.stdout)] == [2, 1]
    again = run("export", "--again", "1", "--out", str(tmp_path), "--vault", str(vault), env=env)
    assert again.returncode == 0, again.stderr
    name = "rvc-return_RUH_2026-09_0001.zip"
    assert (tmp_path / name).read_bytes() == (out / name).read_bytes()
    with Vault.open(vault, DEMO_PASSPHRASE) as opened, opened.unit_of_work() as session:
        saved_again = session.scalars(
            select(AuditEntryRow.detail_json).where(AuditEntryRow.action == "return_saved_again")
        ).all()
    assert [json.loads(d) for d in saved_again] == [{"sequence": 1}]


def test_consolidate_combines_trusts_and_lists_refusals(
    exported: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    _vault, ruh_keys, out = exported
    krh = tmp_path / "krh"
    env = {"COORDINATOR_PASSPHRASE": "violet tractor mango harbour"}
    made = run(
        "init", "--trust", "KRH", "--coordinator", "Generated Person", "--vault", str(krh), env=env
    )
    assert made.returncode == 0, made.stderr
    krh_keys = json.loads(run("key", "show", "--json", "--vault", str(krh), env=env).stdout)
    built = run(
        "export", "--period", "2026-10", "--out", str(tmp_path), "--vault", str(krh), env=env
    )
    assert built.returncode == 0, built.stderr
    keys = tmp_path / "trusted-keys.json"
    keys.write_text(
        json.dumps({"keys": json.loads(ruh_keys.read_text())["keys"] + krh_keys["keys"]})
    )
    junk = tmp_path / "rvc-return_LWH_2026-10_0001.zip"
    junk.write_bytes(b"not a zip at all")
    combined = tmp_path / "combined.xlsx"
    bundles = [*map(str, out.glob("*.zip")), str(tmp_path / "rvc-return_KRH_2026-10_0001.zip")]
    result = run("consolidate", *bundles, str(junk), "--keys", str(keys), "--out", str(combined))
    assert result.returncode == 1  # one bundle was refused; the rest are combined
    book = load_workbook(combined)
    status = {row[0]: row for row in book["Status"].iter_rows(min_row=2, values_only=True)}
    assert set(status) == {"ABUHB", "CWP", "KRH", "LWH", "RUH"}
    assert status["RUH"][1:3] == ("2026-10", 2) and status["CWP"][1] == "none received"
    header = [c.value for c in book["Totals"][1]]
    assert header == ["Figure", "Unit", "KRH", "RUH", "All trusts"]
    shifts = next(
        r
        for r in book["Totals"].iter_rows(min_row=2, values_only=True)
        if r[0] == "Shifts attended (on time or late)"
    )
    assert shifts[4] == shifts[2] + shifts[3] and shifts[3] > 0
    refused = list(book["Refused"].iter_rows(min_row=2, values_only=True))
    assert refused == [(junk.name, "not-a-zip", refused[0][2])]
    assert {"RUH", "KRH"} <= set(book.sheetnames)


def _new_vault(folder: Path) -> None:
    vault, _ = vaults.create_vault(folder, "LWH", "Generated Person", PASSPHRASE, kdf=FAST_KDF)
    vault.close()


def _export(folder: Path, period: str, out: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return run(
        "export", "--period", period, "--out", str(out), "--vault", str(folder), *more, env=ENV
    )


def test_an_edited_chain_record_makes_export_ask_for_the_number(tmp_path: Path) -> None:
    folder, out = tmp_path / "v", tmp_path / "out"
    _new_vault(folder)
    assert _export(folder, "2026-09", out).returncode == 0
    keyfile = KeyFile.load(folder / "vault.key")
    record = {**keyfile.records["returns_chain"], "sequence": 41}
    KeyFile(keyfile.vault_id, keyfile.slots, {**keyfile.records, "returns_chain": record}).save(
        folder / "vault.key"
    )
    refused = _export(folder, "2026-10", out)
    assert refused.returncode == 1
    assert "changed or damaged" in refused.stderr and "--accept-sequence 2" in refused.stderr
    assert sorted(p.name for p in out.iterdir()) == ["rvc-return_LWH_2026-09_0001.zip"]
    accepted = _export(folder, "2026-10", out, "--accept-sequence", "2")
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.strip().endswith("rvc-return_LWH_2026-10_0002.zip")


def test_after_restoring_an_older_backup_export_asks_then_continues(tmp_path: Path) -> None:
    folder, out = tmp_path / "v", tmp_path / "out"
    _new_vault(folder)
    assert _export(folder, "2026-09", out).returncode == 0
    backup = tmp_path / "after-1.cvbackup"
    made = run("backup", "--out", str(backup), "--vault", str(folder), env=ENV)
    assert made.returncode == 0, made.stderr
    assert _export(folder, "2026-10", out).returncode == 0
    restored = tmp_path / "restored"
    back = run("restore", str(backup), "--to", str(restored), env=ENV)
    assert back.returncode == 0, back.stderr
    refused = _export(restored, "2026-11", out)
    assert refused.returncode == 1 and "--accept-sequence 3" in refused.stderr
    assert _export(restored, "2026-11", out, "--accept-sequence", "3").returncode == 0
    names = sorted(p.name for p in out.iterdir())
    assert [n[-8:-4] for n in names] == ["0001", "0002", "0003"]  # no second return 2
    keys = tmp_path / "keys.json"
    keys.write_text(run("key", "show", "--json", "--vault", str(restored), env=ENV).stdout)
    state = tmp_path / "state"
    checked = run("verify", *[str(out / n) for n in names], "--keys", str(keys), "--state",
                  str(state), "--json")  # fmt: skip
    assert checked.returncode == 0, checked.stdout
    assert [r["sequence"] for r in json.loads(checked.stdout)] == [1, 2, 3]


def test_integrity_says_the_audit_trail_was_cut(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    _new_vault(folder)
    with Vault.open(folder, PASSPHRASE) as vault:
        for n in range(6):
            with vault.unit_of_work() as session:
                audit.record(session, vault.actor, "settings_changed", {"n": n})
        with vault.engine.begin() as conn:
            (count,) = conn.exec_driver_sql("SELECT count(*) FROM audit_log").one()
            conn.exec_driver_sql(
                "DELETE FROM audit_log WHERE id IN "
                "(SELECT id FROM audit_log ORDER BY id DESC LIMIT 4)"
            )
    result = run("integrity", "--vault", str(folder), env=ENV)
    assert result.returncode == 1
    assert f"the audit trail was cut after entry {count - 4} " in result.stdout
