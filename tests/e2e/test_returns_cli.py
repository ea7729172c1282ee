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

from coordinator_app.services.demo.demo import DEMO_PASSPHRASE
from tests.e2e.test_cli import run


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("returns")
    vault = root / "vault"
    made = run("demo", "--vault", str(vault), "--json")
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
