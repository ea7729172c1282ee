"""Returns encrypted to the programme manager, in real processes: `programme init`,
`recipient add`, `export` writing `….zip.age`, and the reference `age` tool on both sides
(what the app writes opens with `age -d`, what `age -r` writes opens in the app), another
recipient's return and a tampered one refused, rotation keeping old returns readable."""

from __future__ import annotations

import base64
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

DEMO = {"COORDINATOR_PASSPHRASE": DEMO_PASSPHRASE}
PM = {"COORDINATOR_PASSPHRASE": "programme manager passphrase 1"}
needs_age = pytest.mark.skipif(
    shutil.which("age") is None or shutil.which("age-keygen") is None,
    reason="the reference age tool is not installed (apt-get install -y age)",
)


def _keygen(path: Path) -> str:
    """A separate age identity made by the reference tool; returns its recipient."""
    subprocess.run(["age-keygen", "-o", str(path)], check=True, capture_output=True)
    return next(
        line.split(": ")[1] for line in path.read_text().splitlines() if "public key" in line
    )


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("age")
    made = run(
        "programme", "init", "--out", str(root / "to-send"), "--name", "Generated Manager",
        "--vault", str(root / "pm"), "--json", env=PM, light_kdf=True,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["recipient"].startswith("age1")
    assert run("demo", "--vault", str(root / "trust"), light_kdf=True).returncode == 0
    keys = run("key", "show", "--json", "--vault", str(root / "trust"), env=DEMO)
    (root / "keys.json").write_text(keys.stdout)
    added = run(
        "recipient", "add", str(root / "to-send" / "programme-recipient.txt"),
        "--vault", str(root / "trust"), env=DEMO,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    return {"root": root, "pm": root / "pm", "trust": root / "trust", "keys": root / "keys.json"}


def _export(setup: dict[str, Path], period: str, *extra: str) -> dict[str, object]:
    out = setup["root"] / "out"
    built = run(
        "export", "--period", period, "--out", str(out), "--vault", str(setup["trust"]),
        "--json", *extra, env=DEMO,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    document: dict[str, object] = json.loads(built.stdout)
    document["stderr"] = built.stderr
    return document


def test_programme_init_writes_the_recipient_file_and_its_sheet(setup: dict[str, Path]) -> None:
    sent = setup["root"] / "to-send"
    recipient = (sent / "programme-recipient.txt").read_text().splitlines()[-1]
    shown = run("programme", "recipient", "--out", str(sent), "--vault", str(setup["pm"]),
                "--json", env=PM)  # fmt: skip
    assert json.loads(shown.stdout)["recipient"] == recipient
    fingerprint = json.loads(shown.stdout)["fingerprint"]
    from pypdf import PdfReader

    sheet = PdfReader(sent / "programme-recipient-sheet.pdf")
    text = " ".join(page.extract_text() for page in sheet.pages)
    assert recipient in text.replace("\n", "") and fingerprint in text
    assert "Generated Manager" in text
    # The secret is inside the encrypted vault only: no plain file of the vault holds it.
    for path in setup["pm"].rglob("*"):
        if path.is_file():
            assert b"AGE-SECRET-KEY-1" not in path.read_bytes(), path


@needs_age
def test_what_the_app_writes_opens_with_age_and_checks_with_openssl(
    setup: dict[str, Path], tmp_path: Path
) -> None:
    other_recipient = _keygen(tmp_path / "second.txt")
    run("recipient", "add", other_recipient, "--vault", str(setup["trust"]), env=DEMO)
    try:
        built = _export(setup, "2026-09")
    finally:
        run("recipient", "remove", other_recipient, "--vault", str(setup["trust"]), env=DEMO)
    path = Path(str(built["path"]))
    assert path.name.endswith(".zip.age")
    assert path.read_bytes().startswith(b"age-encryption.org/v1\n-> X25519 ")  # binary
    plain = tmp_path / path.name.removesuffix(".age")
    opened = subprocess.run(
        ["age", "-d", "-i", str(tmp_path / "second.txt"), "-o", str(plain), str(path)],
        capture_output=True, check=False,
    )  # fmt: skip
    assert opened.returncode == 0, opened.stderr
    with zipfile.ZipFile(plain) as bundle:
        manifest = bundle.read("manifest.json")
        signature = json.loads(bundle.read("manifest.sig.json"))
    import hashlib

    assert hashlib.sha256(manifest).hexdigest() == built["manifest_sha256"]
    assert json.loads(manifest)["recipients"] == built["recipients"]
    assert len(json.loads(manifest)["recipients"]) == 2
    assert other_recipient in json.loads(manifest)["recipients"]
    # The decrypted ZIP is the very signed bundle the vault kept.
    kept = run("export", "--again", str(built["sequence"]), "--out", str(tmp_path / "again"),
               "--vault", str(setup["trust"]), "--json", env=DEMO)  # fmt: skip
    again = Path(json.loads(kept.stdout)["path"])
    assert again.name.endswith(".zip.age") and again.read_bytes() != path.read_bytes()
    reopened = subprocess.run(
        ["age", "-d", "-i", str(tmp_path / "second.txt"), str(again)], capture_output=True,
        check=True,
    )  # fmt: skip
    assert reopened.stdout == plain.read_bytes()
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    record = json.loads(setup["keys"].read_text())["keys"][0]
    pem = Ed25519PublicKey.from_public_bytes(base64.b64decode(record["public_key"])).public_bytes(
        Encoding.PEM, PublicFormat.SubjectPublicKeyInfo
    )
    kind = b"application/vnd.helpforce.rvc-return+json"
    (tmp_path / "pub.pem").write_bytes(pem)
    (tmp_path / "pae.bin").write_bytes(
        b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(manifest), manifest)
    )
    (tmp_path / "sig.bin").write_bytes(base64.b64decode(signature["sig"]))
    checked = subprocess.run(
        ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(tmp_path / "pub.pem"),
         "-rawin", "-in", str(tmp_path / "pae.bin"), "-sigfile", str(tmp_path / "sig.bin")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0 and "Signature Verified Successfully" in checked.stdout


@needs_age
def test_the_app_reads_what_age_encrypts_with_the_vaults_own_identity(
    setup: dict[str, Path], tmp_path: Path
) -> None:
    built = _export(setup, "2026-08", "--unencrypted")
    plain = Path(str(built["path"]))
    assert plain.suffix == ".zip" and built["recipients"] == []
    assert "NOT encrypted because you chose" in str(built["stderr"])
    assert "personal data under UK GDPR" in str(built["stderr"])
    recipient = (setup["root"] / "to-send" / "programme-recipient.txt").read_text().split()[-1]
    sealed = tmp_path / (plain.name + ".age")
    subprocess.run(["age", "-r", recipient, "-o", str(sealed), str(plain)], check=True)
    checked = run("verify", str(sealed), "--keys", str(setup["keys"]), "--vault",
                  str(setup["pm"]), "--json", env=PM)  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)[0]["manifest_sha256"] == built["manifest_sha256"]


@needs_age
def test_another_recipients_return_and_a_tampered_one_are_refused(
    setup: dict[str, Path], tmp_path: Path
) -> None:
    exported = run("programme", "export-identity", "--out", str(tmp_path / "id.txt"),
                   "--vault", str(setup["pm"]), env=PM)  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "id.txt").stat().st_mode & 0o077 == 0
    built = _export(setup, "2026-07")
    sealed = Path(str(built["path"]))
    stranger = _keygen(tmp_path / "stranger.txt")
    plain = tmp_path / sealed.name.removesuffix(".age")
    subprocess.run(["age", "-d", "-i", str(tmp_path / "id.txt"), "-o", str(plain), str(sealed)],
                   check=True)  # fmt: skip
    elsewhere = tmp_path / "elsewhere" / sealed.name
    elsewhere.parent.mkdir()
    subprocess.run(["age", "-r", stranger, "-o", str(elsewhere), str(plain)], check=True)
    data = bytearray(sealed.read_bytes())
    data[-100] ^= 1  # inside the payload: the header still names this recipient
    tampered = tmp_path / "tampered" / sealed.name
    tampered.parent.mkdir()
    tampered.write_bytes(bytes(data))
    results = {}
    for path in (elsewhere, tampered, sealed):
        checked = run("verify", str(path), "--keys", str(setup["keys"]), "--identity",
                      str(tmp_path / "id.txt"), "--json")  # fmt: skip
        results[path] = (checked.returncode, json.loads(checked.stdout)[0])
    assert results[sealed][0] == 0
    code, refused = results[elsewhere]
    assert code == 1 and refused["code"] == "wrong-recipient"
    assert refused["reason"].startswith("This return was encrypted for someone else: ")
    code, refused = results[tampered]
    assert code == 1 and refused["code"] == "decrypt-failed"  # never reached the ZIP checks
    assert "nothing of it was unpacked" in refused["reason"]
    # Without any identity an encrypted return is a usage problem, said in a sentence.
    bare = run("verify", str(sealed), "--keys", str(setup["keys"]),
               "--vault", str(tmp_path / "no-vault"))  # fmt: skip
    assert bare.returncode == 1 and "--identity FILE" in bare.stderr


def test_rotation_keeps_old_returns_readable(setup: dict[str, Path], tmp_path: Path) -> None:
    old = _export(setup, "2026-06")
    rotated = run("programme", "rotate-identity", "--out", str(tmp_path), "--vault",
                  str(setup["pm"]), "--json", env=PM)  # fmt: skip
    assert rotated.returncode == 0, rotated.stderr
    new_recipient = json.loads(rotated.stdout)["recipient"]
    assert new_recipient not in str(old["recipients"])
    trust = ("--vault", str(setup["trust"]))
    assert run("recipient", "add", str(tmp_path / "programme-recipient.txt"), *trust,
               env=DEMO).returncode == 0  # fmt: skip
    (old_recipient,) = json.loads(json.dumps(old["recipients"]))
    assert run("recipient", "remove", old_recipient, *trust, env=DEMO).returncode == 0
    listed = run("recipient", "list", "--json", *trust, env=DEMO)
    assert [r["recipient"] for r in json.loads(listed.stdout)] == [new_recipient]
    new = _export(setup, "2026-05")
    assert new["recipients"] == [new_recipient]
    checked = run("verify", str(old["path"]), str(new["path"]), "--keys", str(setup["keys"]),
                  "--vault", str(setup["pm"]), "--json", env=PM)  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert len(json.loads(checked.stdout)) == 2
    combined = tmp_path / "combined.xlsx"
    merged = run("consolidate", str(old["path"]), str(new["path"]), "--keys", str(setup["keys"]),
                 "--out", str(combined), "--vault", str(setup["pm"]), env=PM)  # fmt: skip
    assert merged.returncode == 0, merged.stdout + merged.stderr
    from openpyxl import load_workbook

    rows = list(load_workbook(combined)["Returns"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[2] for r in rows) == ["2026-05", "2026-06"]


def test_a_bad_recipient_is_refused_with_a_sentence(setup: dict[str, Path]) -> None:
    bad = run("recipient", "add", "age1notarecipient", "--vault", str(setup["trust"]), env=DEMO)
    assert bad.returncode == 1
    assert "is not an age recipient" in bad.stderr and "Traceback" not in bad.stderr
    missing = run("recipient", "remove", "age1notarecipient", "--vault", str(setup["trust"]),
                  env=DEMO)  # fmt: skip
    assert missing.returncode == 1 and "not an age recipient" in missing.stderr
