"""The writer's side of the return bundle: exact bytes where the contract fixes them, and a
signature anyone can check with OpenSSL and sha256sum alone."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from coordinator_app.export.bundle_format import (
    PAYLOAD_TYPE,
    PayloadFile,
    bundle_bytes,
    bundle_file_name,
    canonical_json,
    key_id_of,
    pae,
    public_key_b64,
    sign_manifest,
)
from coordinator_app.export.verify.bundle import verify_bundle
from coordinator_app.files import write_atomically
from tests.export.bundle_kit import (
    CREATED,
    KEY,
    NAME,
    entries_of,
    manifest,
    payload,
    raw,
    trusted,
)


def written(tmp_path: Path, **fields: Any) -> tuple[Path, bytes]:
    manifest_bytes = canonical_json(manifest(**fields))
    path = tmp_path / NAME
    files = fields.get("files", payload())
    return path, write_bundle(path, manifest_bytes, sign_manifest(manifest_bytes, KEY), files)


def test_canonical_json_sorts_keys_and_drops_whitespace() -> None:
    doc = {"b": 1, "a": [True, None, "é"], "A": {"z": "x", "y": -0}}
    assert canonical_json(doc) == '{"A":{"y":0,"z":"x"},"a":[true,null,"é"],"b":1}'.encode()


def test_pae_is_dsse_v1() -> None:
    assert pae("x", b"hi") == b"DSSEv1 1 x 2 hi"
    assert pae(PAYLOAD_TYPE, b"{}") == (b"DSSEv1 41 application/vnd.helpforce.rvc-return+json 2 {}")
    assert pae("t", "é".encode()) == b"DSSEv1 1 t 2 \xc3\xa9"  # length in bytes


def test_key_id_is_the_first_16_bytes_of_sha256() -> None:
    zeros = bytes(32)
    assert key_id_of(zeros) == "66687aadf862bd776c8fc18b8e9f8e20"
    assert public_key_b64(zeros) == "A" * 43 + "="


def test_bundle_file_name() -> None:
    assert bundle_file_name("RUH", "2026-10", 7) == "rvc-return_RUH_2026-10_0007.zip"
    assert bundle_file_name("KRH", "2026-Q3", 12345) == "rvc-return_KRH_2026-Q3_12345.zip"


def test_manifest_holds_the_contracts_fields() -> None:
    doc = manifest(sequence=7, previous_manifest_sha256="ab" * 32, supersedes=6)
    assert doc["format"] == "rvc-return" and doc["format_version"] == 2
    assert doc["trust"]["code"] == "RUH"
    assert doc["period"] == {"label": "2026-10", "start": "2026-10-01", "end": "2026-10-31"}
    assert doc["created_at"] == "2026-11-04T16:00:00Z"
    assert doc["expires_at"] == "2027-05-03T16:00:00Z"  # 180 days on
    assert doc["signer"] == {"key_id": key_id_of(raw(KEY)), "public_key": public_key_b64(raw(KEY))}
    assert [f["path"] for f in doc["files"]] == [
        "csv/volunteers.csv",
        "return.xlsx",
        "summary.pdf",
    ]
    pdf = doc["files"][2]
    assert pdf["size"] == len(payload()[0].data) and pdf["media_type"] == "application/pdf"
    assert (doc["sequence"], doc["supersedes"]) == (7, 6)


def test_manifest_holds_format_2s_fields() -> None:
    recipients = ["age1" + "z" * 58, "age1" + "q" * 58]
    doc = manifest(recipients=recipients)
    assert doc["recipients"] == sorted(recipients)
    assert doc["audit_head"] == {"entries": 12, "sha256": "c4" * 32}
    assert doc["content_version"] == 1
    assert manifest()["recipients"] == []  # sent unencrypted
    with pytest.raises(ValueError, match="at most 180 days"):
        manifest(expires_at=CREATED + timedelta(days=181))
    with pytest.raises(ValueError, match="audit_head"):
        manifest(audit_head={"entries": -1, "sha256": "c4" * 32})
    with pytest.raises(ValueError, match="age recipient"):
        manifest(recipients=["age1short"])


def test_created_at_is_kept_to_the_second_in_utc() -> None:
    paris = datetime(2026, 11, 4, 17, 0, 0, 999_999, tzinfo=UTC).astimezone(
        ZoneInfo("Europe/Paris")
    )
    assert manifest(created_at=paris)["created_at"] == "2026-11-04T17:00:00Z"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"sequence": 0}, "starts at 1"),
        ({"sequence": 2}, "null exactly when"),
        ({"previous_manifest_sha256": "ab" * 32}, "null exactly when"),
        ({"sequence": 2, "previous_manifest_sha256": "AB" * 32}, "lowercase hex"),
        ({"sequence": 2, "previous_manifest_sha256": "ab" * 32, "supersedes": 2}, "earlier"),
        ({"trust_code": "ruh"}, "trust code"),
        ({"period_label": "2026-13"}, "period label"),
        ({"period_start": date(2026, 11, 1)}, "start on or before"),
        ({"created_at": datetime(2026, 11, 4)}, "timezone-aware"),
        ({"expires_at": CREATED}, "after created_at"),
        ({"signer_public_raw": b"short"}, "32 bytes"),
        ({"totals": {"hours": 1.5}}, "whole number"),
        ({"generator": {"name": "coordinator"}}, "generator"),
        ({"files": payload()[1:]}, "needs summary.pdf"),
        ({"files": [*payload(), PayloadFile("../x.csv", b"", "text/csv")]}, "'../x.csv'"),
        ({"files": [*payload(), PayloadFile("/x.csv", b"", "text/csv")]}, "'/x.csv'"),
        ({"files": [*payload(), PayloadFile("csv\\x.csv", b"", "text/csv")]}, "cannot be"),
        ({"files": [*payload(), PayloadFile("csv/a/x.csv", b"", "text/csv")]}, "cannot be"),
        ({"files": [*payload(), PayloadFile("manifest.json", b"", "x")]}, "cannot be"),
        ({"files": [*payload(), PayloadFile("Summary.PDF", b"", "x")]}, "same name"),
    ],
)
def test_manifest_that_no_reader_would_accept_is_not_built(
    fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        manifest(**fields)


def test_signature_file_is_canonical_and_verifies() -> None:
    manifest_bytes = canonical_json(manifest())
    sig_bytes = sign_manifest(manifest_bytes, KEY)
    doc = json.loads(sig_bytes)
    assert canonical_json(doc) == sig_bytes
    assert doc["payload_type"] == PAYLOAD_TYPE and doc["key_id"] == key_id_of(raw(KEY))
    KEY.public_key().verify(base64.b64decode(doc["sig"]), pae(PAYLOAD_TYPE, manifest_bytes))


def test_bundle_entries_order_names_and_times(tmp_path: Path) -> None:
    path, data = written(tmp_path)
    assert path.read_bytes() == data
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == [
        "manifest.json",
        "manifest.sig.json",
        "csv/volunteers.csv",
        "return.xlsx",
        "summary.pdf",
    ]
    assert all(i.date_time == (2026, 11, 4, 16, 0, 0) for i in infos)
    assert not any(i.is_dir() for i in infos)
    # The workbook is a ZIP of deflated parts already: deflated again it only costs time.
    assert [i.compress_type == zipfile.ZIP_STORED for i in infos] == [0, 0, 0, 1, 0]
    assert [p.name for p in tmp_path.iterdir()] == [NAME]  # no temporary file left


def test_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    _, first = written(tmp_path / "a")
    _, second = written(tmp_path / "b")
    assert first == second


def test_failed_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Path, target: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        written(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_payload_other_than_the_manifest_lists_is_not_written(tmp_path: Path) -> None:
    manifest_bytes = canonical_json(manifest())
    files = [PayloadFile(f.path, f.data + b"!", f.media_type) for f in payload()]
    with pytest.raises(ValueError, match="not the ones the manifest lists"):
        write_bundle(tmp_path / NAME, manifest_bytes, sign_manifest(manifest_bytes, KEY), files)
    assert list(tmp_path.iterdir()) == []


def test_very_repetitive_file_is_stored_so_it_is_not_taken_for_a_bomb(tmp_path: Path) -> None:
    files = [*payload(), PayloadFile("csv/zeros.csv", b"0,0,0\r\n" * 100_000, "text/csv")]
    _, data = written(tmp_path, files=files)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("csv/zeros.csv").compress_type == zipfile.ZIP_STORED
    now = CREATED + timedelta(hours=1)
    assert verify_bundle(data, NAME, [trusted()], None, now).sequence == 1


def test_every_entry_hashes_to_what_the_manifest_lists(tmp_path: Path) -> None:
    _, data = written(tmp_path)
    entries = dict(entries_of(data))
    listed = json.loads(entries["manifest.json"])["files"]
    assert {f["path"] for f in listed} == set(entries) - {"manifest.json", "manifest.sig.json"}
    for file in listed:
        content = entries[file["path"]]
        assert hashlib.sha256(content).hexdigest() == file["sha256"]
        assert len(content) == file["size"]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_openssl_alone_verifies_the_signature(tmp_path: Path) -> None:
    _, data = written(tmp_path / "bundle")
    entries = dict(entries_of(data))
    signature = base64.b64decode(json.loads(entries["manifest.sig.json"])["sig"])
    pem = KEY.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    (tmp_path / "pub.pem").write_bytes(pem)
    (tmp_path / "pae.bin").write_bytes(pae(PAYLOAD_TYPE, entries["manifest.json"]))
    (tmp_path / "sig.bin").write_bytes(signature)
    command = [
        "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem",
        "-rawin", "-in", "pae.bin", "-sigfile", "sig.bin",
    ]  # fmt: skip
    good = subprocess.run(command, cwd=tmp_path, capture_output=True, check=False)
    assert good.returncode == 0, good.stdout + good.stderr
    changed = bytearray(signature)
    changed[0] ^= 0x01
    (tmp_path / "sig.bin").write_bytes(bytes(changed))
    bad = subprocess.run(command, cwd=tmp_path, capture_output=True, check=False)
    assert bad.returncode != 0


def write_bundle(
    path: Path, manifest_bytes: bytes, sig_bytes: bytes, files: Sequence[PayloadFile]
) -> bytes:
    """Writes a bundle as the app does: its bytes, then an atomic write."""
    data = bundle_bytes(manifest_bytes, sig_bytes, files)
    write_atomically(path, data)
    return data
