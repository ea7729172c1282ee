"""The reader refuses every way a return bundle can be wrong, each with its own code, and
accepts the bundles the writer makes: accepting, archive limits and names, the signature."""

from __future__ import annotations

import base64
import io
import json
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from coordinator_app.export.bundle_format import (
    canonical_json,
    key_id_of,
)
from coordinator_app.export.verify.bundle import (
    MAX_ARCHIVE,
    ChainState,
)
from tests.export.bundle_kit import (
    CREATED,
    KEY,
    MIB,
    NAME,
    NOW,
    OTHER_KEY,
    TOTALS,
    entries_of,
    make_bundle,
    manifest,
    patch_central,
    raw,
    read_totals,
    refusal,
    signed_bundle,
    trusted,
    verify,
    with_entry,
    zip_entries,
)

# Accepting


def test_a_written_bundle_is_accepted_with_what_it_says() -> None:
    accepted = verify(make_bundle(), totals=read_totals, state=ChainState())
    assert accepted.trust == "RUH" and accepted.sequence == 1
    assert accepted.period_label == "2026-10" and accepted.file_name == NAME
    assert accepted.created_at == CREATED and accepted.key_id == key_id_of(raw(KEY))
    assert accepted.totals == TOTALS and accepted.supersedes is None
    assert accepted.missing_before is None
    assert len(accepted.manifest_sha256) == 64


def test_a_format_1_bundle_is_still_accepted() -> None:
    doc = manifest()
    for field in ("recipients", "audit_head", "content_version"):
        del doc[field]
    doc["format_version"] = 1
    accepted = verify(signed_bundle(canonical_json(doc)), totals=read_totals)
    assert accepted.sequence == 1 and accepted.totals == TOTALS


@pytest.mark.parametrize(
    "change",
    [
        lambda doc: doc.pop("audit_head"),
        lambda doc: doc.update(recipients=["age1" + "z" * 58, "age1" + "q" * 58]),  # unsorted
        lambda doc: doc.update(recipients=["ssh-ed25519 AAAA"]),
        lambda doc: doc["audit_head"].update(sha256="not hex"),
        lambda doc: doc.update(content_version="1"),
    ],
)
def test_format_2_fields_are_checked(change: Callable[[dict[str, Any]], object]) -> None:
    doc = manifest()
    change(doc)
    assert refusal(signed_bundle(canonical_json(doc))).code == "manifest-malformed"


def test_verify_never_changes_the_state() -> None:
    state = ChainState()
    verify(make_bundle(), state=state)
    assert state.accepted == {}


def test_a_clock_up_to_five_minutes_behind_is_forgiven() -> None:
    verify(make_bundle(), now=CREATED - timedelta(minutes=5))


# 1. Archive limits and entry names


def test_archive_over_100_mib_is_not_opened() -> None:
    assert refusal(b"\0" * (MAX_ARCHIVE + 1)).code == "archive-too-large"


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x05\x06" + b"\0" * 10])
def test_not_a_zip(data: bytes) -> None:
    assert refusal(data).code == "not-a-zip"


def test_too_many_entries() -> None:
    extra = [(f"csv/extra{n}.csv", b"x") for n in range(60)]
    data = zip_entries([*entries_of(make_bundle()), *extra])
    assert refusal(data).code == "too-many-entries"


@pytest.mark.parametrize(
    "name",
    [
        "../return.xlsx",
        "csv/../../evil.csv",
        "/return.xlsx",
        "csv\\evil.csv",
        "C:evil.csv",
        "other/evil.csv",
        "csv/deeper/evil.csv",
        "return.xlsx.",
        "csv/",
    ],
)
def test_unsafe_entry_names(name: str) -> None:
    error = refusal(zip_entries([*entries_of(make_bundle()), (name, b"x")]))
    assert error.code == "entry-name-unsafe"


def test_directory_entry_is_refused_even_for_csv() -> None:
    buffer = io.BytesIO(make_bundle())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.mkdir("csv")
    error = refusal(buffer.getvalue())
    assert error.code == "entry-name-unsafe" and "folder" in error.sentence


def test_name_cut_short_by_a_nul_byte_is_refused() -> None:
    data = zip_entries([*entries_of(make_bundle()), ("evil.pdfX.exe", b"x")])
    data = data.replace(b"evil.pdfX", b"evil.pdf\0")
    assert refusal(data).code == "entry-name-unsafe"


@pytest.mark.parametrize("twin", ["summary.pdf", "SUMMARY.PDF"])
def test_duplicate_entries(twin: str) -> None:
    data = zip_entries([*entries_of(make_bundle()), (twin, b"%PDF-other")])
    assert refusal(data).code == "duplicate-entry"


def test_symlink_entry() -> None:
    link = zipfile.ZipInfo("summary.pdf")
    link.external_attr = 0o120777 << 16
    data = with_entry(make_bundle(), "summary.pdf", None)
    data = zip_entries([*entries_of(data), (link, b"/etc/passwd")])
    assert refusal(data).code == "symlink-entry"


def test_encrypted_entry() -> None:
    data = patch_central(make_bundle(), "return.xlsx", 8, "<H", 0x1)
    assert refusal(data).code == "encrypted-entry"


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_compression_methods_other_than_stored_and_deflate(method: int) -> None:
    data = zip_entries(entries_of(make_bundle()), method=method)
    assert refusal(data).code == "compression-method"


def test_entry_claiming_over_200_mib() -> None:
    data = patch_central(make_bundle(), "summary.pdf", 24, "<I", 200 * MIB + 1)
    assert refusal(data).code == "entry-too-large"


def test_entries_claiming_over_500_mib_in_all() -> None:
    data = make_bundle()
    for name in ("summary.pdf", "return.xlsx", "csv/volunteers.csv"):
        data = patch_central(data, name, 24, "<I", 199 * MIB)
    assert refusal(data).code == "total-too-large"


def test_zip_bomb_is_refused_without_unpacking_it() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries_of(make_bundle()):
            if name != "return.xlsx":
                archive.writestr(name, data)
        with archive.open("return.xlsx", "w") as bomb:
            zeros = bytes(MIB)
            for _ in range(50):
                bomb.write(zeros)
    tracemalloc.start()
    try:
        error = refusal(buffer.getvalue())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.code == "compression-ratio"
    assert peak < 2 * MIB  # the 50 MB were never unpacked


def test_damaged_deflate_data_is_refused() -> None:
    data = bytearray(make_bundle())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("return.xlsx")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x55
    assert refusal(bytes(data)).code == "entry-corrupt"


# 2. The signature


def test_unsigned_bundle() -> None:
    data = with_entry(make_bundle(), "manifest.sig.json", None)
    assert refusal(data).code == "signature-missing"


@pytest.mark.parametrize(
    "signature",
    [
        b"not json",
        b"[]",
        b'{"payload_type": "application/json", "key_id": "%s", "sig": "AAAA"}',
        b'{"payload_type": "application/vnd.helpforce.rvc-return+json", "key_id": "%s", '
        b'"sig": "c2hvcnQ="}',
        b'{"payload_type": "application/vnd.helpforce.rvc-return+json", "key_id": "%s", '
        b'"sig": "AAAA", "extra": 1}',
        b'{"payload_type": "a", "payload_type": "b", "key_id": "%s", "sig": "AAAA"}',
        bytes(range(256)) * 20,  # over 4 KiB
    ],
)
def test_malformed_signature_file(signature: bytes) -> None:
    if b"%s" in signature:
        signature = signature % key_id_of(raw(KEY)).encode()
    data = with_entry(make_bundle(), "manifest.sig.json", signature)
    assert refusal(data).code == "signature-malformed"


def test_deeply_nested_signature_file_within_the_size_limit() -> None:
    data = with_entry(make_bundle(), "manifest.sig.json", b"[" * 4000)
    assert refusal(data).code == "signature-malformed"


def test_missing_manifest() -> None:
    data = with_entry(make_bundle(), "manifest.json", None)
    assert refusal(data).code == "manifest-missing"


def test_unknown_key() -> None:
    error = refusal(make_bundle(), keys=[trusted(OTHER_KEY)])
    assert error.code == "unknown-key" and key_id_of(raw(KEY)) in error.sentence


def test_one_byte_changed_in_the_manifest() -> None:
    data = make_bundle()
    manifest_bytes = dict(entries_of(data))["manifest.json"]
    changed = manifest_bytes.replace(b'"hours":655', b'"hours":955')
    assert changed != manifest_bytes
    error = refusal(with_entry(data, "manifest.json", changed))
    assert error.code == "bad-signature"
    assert error.sentence.startswith("This return was changed after it was signed")


def test_one_byte_changed_in_the_signature() -> None:
    data = make_bundle()
    signature = json.loads(dict(entries_of(data))["manifest.sig.json"])
    sig = bytearray(base64.b64decode(signature["sig"]))
    sig[10] ^= 0x01
    signature["sig"] = base64.b64encode(bytes(sig)).decode()
    data = with_entry(data, "manifest.sig.json", canonical_json(signature))
    assert refusal(data).code == "bad-signature"


def test_signed_with_another_trusts_key() -> None:
    error = refusal(make_bundle(), keys=[trusted(trust="KRH")])
    assert error.code == "key-other-trust" and "KRH" in error.sentence


def test_key_revoked_before_the_return_was_signed() -> None:
    keys = [trusted(revoked_at=CREATED - timedelta(days=1))]
    assert refusal(make_bundle(), keys=keys).code == "key-revoked"


def test_key_revoked_by_now_refuses_a_return_dated_before_the_revocation() -> None:
    """created_at is the signer's own claim: a revoked key can date a return before."""
    keys = [trusted(revoked_at=CREATED + timedelta(seconds=1))]
    error = refusal(make_bundle(), keys=keys, state=ChainState())
    assert error.code == "key-revoked" and "revoked on 04 November 2026" in error.sentence


def test_key_to_be_revoked_later_still_signs() -> None:
    verify(make_bundle(), keys=[trusted(revoked_at=NOW + timedelta(days=1))])


def test_key_not_yet_valid() -> None:
    keys = [trusted(valid_from=CREATED + timedelta(days=1))]
    assert refusal(make_bundle(), keys=keys).code == "key-not-yet-valid"
