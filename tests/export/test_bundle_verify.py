"""The reader refuses every way a return bundle can be wrong, each with its own code, and
accepts the bundles the writer makes. The helpers here are shared with test_bundle_fuzz."""

from __future__ import annotations

import base64
import functools
import io
import json
import struct
import tempfile
import tracemalloc
import warnings
import zipfile
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from openpyxl import Workbook, load_workbook

from coordinator_app.export.bundle_format import (
    PayloadFile,
    build_manifest,
    bundle_bytes,
    canonical_json,
    key_id_of,
    public_key_b64,
    sign_manifest,
)
from coordinator_app.export.verify.bundle import (
    MAX_ARCHIVE,
    AcceptedReturn,
    BundleRefused,
    ChainState,
    Link,
    ReaderFileInvalid,
    TrustedKey,
    load_trusted_keys,
    verify_bundle,
)
from coordinator_app.files import write_atomically

KEY = Ed25519PrivateKey.generate()
OTHER_KEY = Ed25519PrivateKey.generate()
CREATED = datetime(2026, 11, 4, 16, 0, 0, tzinfo=UTC)
NOW = CREATED + timedelta(hours=2)
NAME = "rvc-return_RUH_2026-10_0001.zip"
TOTALS = {
    "volunteers_active": 41,
    "volunteers_new": 6,
    "shifts_attended": 212,
    "hours": 655,
    "milestones_achieved": 9,
    "outcomes": 3,
}
MIB = 1024 * 1024


def raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


def trusted(
    key: Ed25519PrivateKey = KEY,
    trust: str = "RUH",
    valid_from: datetime = datetime(2026, 9, 1, tzinfo=UTC),
    revoked_at: datetime | None = None,
) -> TrustedKey:
    return TrustedKey(
        trust=trust,
        key_id=key_id_of(raw(key)),
        public_key=public_key_b64(raw(key)),
        valid_from=valid_from,
        revoked_at=revoked_at,
        note="coordinator laptop",
    )


@functools.cache
def workbook_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Totals"
    for name, value in TOTALS.items():
        sheet.append([name, value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_totals(data: bytes) -> dict[str, int]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return {str(name): int(value) for name, value in book["Totals"].iter_rows(values_only=True)}
    finally:
        book.close()


def payload() -> list[PayloadFile]:
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return [
        PayloadFile("summary.pdf", b"%PDF-1.7\n% a stand-in summary\n%%EOF\n", "application/pdf"),
        PayloadFile("return.xlsx", workbook_bytes(), xlsx),
        PayloadFile("csv/volunteers.csv", b"code,hours\r\nRUH-7K3Q9P,12\r\n", "text/csv"),
    ]


def manifest(**fields: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "trust_code": "RUH",
        "trust_name": "Royal United Hospitals Bath NHS Foundation Trust",
        "period_label": "2026-10",
        "period_start": date(2026, 10, 1),
        "period_end": date(2026, 10, 31),
        "sequence": 1,
        "previous_manifest_sha256": None,
        "created_at": CREATED,
        "generator": {"name": "coordinator", "version": "0.1.0", "schema_version": "7"},
        "signer_public_raw": raw(KEY),
        "files": payload(),
        "totals": TOTALS,
        "audit_head": {"entries": 12, "sha256": "c4" * 32},
        "content_version": 1,
    }
    args.update(fields)
    return build_manifest(**args)


# Format 2's additions, as the writer fills them (recipients empty: sent unencrypted).
V2_FIELDS: dict[str, Any] = {
    "recipients": [],
    "audit_head": {"entries": 12, "sha256": "ab" * 32},
    "content_version": 2,
}


def manifest_v2(v2: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A format 2 manifest: format 1's fields plus ``V2_FIELDS`` (overridden by ``v2``).
    setdefault, so a writer already producing format 2 keeps its own values."""
    doc = manifest(**fields)
    doc["format_version"] = 2
    for name, value in V2_FIELDS.items():
        doc.setdefault(name, value)
    doc.update(v2 or {})
    return doc


def manifest_v1(**fields: Any) -> dict[str, Any]:
    """A format 1 manifest, as older writers made it: the writer's, less format 2's fields."""
    doc = manifest(**fields)
    doc["format_version"] = 1
    for name in V2_FIELDS:
        doc.pop(name, None)
    return doc


def bundle_of(
    doc: dict[str, Any], files: Sequence[PayloadFile] | None = None, key: Ed25519PrivateKey = KEY
) -> bytes:
    """Any manifest (format 1 or 2), signed, in the writer's byte form, with ``files``."""
    manifest_bytes = canonical_json(doc)
    return bundle_bytes(manifest_bytes, sign_manifest(manifest_bytes, key), files or payload())


def make_bundle_v2(key: Ed25519PrivateKey = KEY, **fields: Any) -> bytes:
    return bundle_of(manifest_v2(**fields), key=key)


def make_bundle(key: Ed25519PrivateKey = KEY, **fields: Any) -> bytes:
    """A bundle exactly as the writer makes it."""
    manifest_bytes = canonical_json(manifest(**fields))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / NAME
        return write_bundle(path, manifest_bytes, sign_manifest(manifest_bytes, key), payload())


def signed_bundle(manifest_bytes: bytes, key: Ed25519PrivateKey = KEY) -> bytes:
    """Any manifest bytes, properly signed, with the usual payload: for manifests the writer
    would never produce."""
    files = [(f.path, f.data) for f in sorted(payload(), key=lambda f: f.path)]
    signature = sign_manifest(manifest_bytes, key)
    return zip_entries(
        [("manifest.json", manifest_bytes), ("manifest.sig.json", signature), *files]
    )


def entries_of(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def zip_entries(
    entries: Sequence[tuple[str | zipfile.ZipInfo, bytes]],
    method: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns when told to write a duplicate name
        with zipfile.ZipFile(buffer, "w", compression=method) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return buffer.getvalue()


def with_entry(data: bytes, name: str, content: bytes | None) -> bytes:
    """The bundle with one entry replaced (or removed, for None), everything else as it was."""
    entries: list[tuple[str, bytes]] = []
    for entry, old in entries_of(data):
        if entry != name:
            entries.append((entry, old))
        elif content is not None:
            entries.append((entry, content))
    return zip_entries(entries)


def patch_central(data: bytes, name: str, offset: int, fmt: str, value: int) -> bytes:
    """Overwrites one field of ``name``'s central directory record: the header lies."""
    out = bytearray(data)
    position = out.find(b"PK\x01\x02")
    while position >= 0:
        length = struct.unpack_from("<H", out, position + 28)[0]
        if out[position + 46 : position + 46 + length] == name.encode():
            struct.pack_into(fmt, out, position + offset, value)
            return bytes(out)
        position = out.find(b"PK\x01\x02", position + 46)
    raise AssertionError(f"{name} is not in the central directory")


def verify(
    data: bytes,
    name: str = NAME,
    keys: list[TrustedKey] | None = None,
    state: ChainState | None = None,
    now: datetime = NOW,
    totals: Callable[[bytes], dict[str, int]] | None = None,
) -> AcceptedReturn:
    return verify_bundle(data, name, [trusted()] if keys is None else keys, state, now, totals)


def refusal(data: bytes, **kwargs: Any) -> BundleRefused:
    with pytest.raises(BundleRefused) as caught:
        verify(data, **kwargs)
    assert caught.value.sentence and caught.value.sentence == str(caught.value)
    return caught.value


def chain(*sequences: int) -> tuple[ChainState, dict[int, bytes]]:
    """A state that accepted RUH returns 1..max(sequences), and those bundles by sequence."""
    state, bundles, previous = ChainState(), {}, None
    for sequence in range(1, max(sequences) + 1):
        manifest_bytes = canonical_json(
            manifest(sequence=sequence, previous_manifest_sha256=previous)
        )
        bundles[sequence] = signed_bundle(manifest_bytes)
        name = f"rvc-return_RUH_2026-10_{sequence:04d}.zip"
        accepted = verify(bundles[sequence], name=name, state=state)
        state.accept(accepted)
        previous = accepted.manifest_sha256
    return state, bundles


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


# 3. The manifest


def test_manifest_that_is_not_canonical() -> None:
    pretty = json.dumps(manifest(), indent=2, sort_keys=True).encode()
    assert refusal(signed_bundle(pretty)).code == "manifest-not-canonical"


@pytest.mark.parametrize(
    ("field", "value"), [("format", "rvc-other"), ("format_version", 3), ("format_version", 0)]
)
def test_unknown_format(field: str, value: object) -> None:
    doc = manifest()
    doc[field] = value
    assert refusal(signed_bundle(canonical_json(doc))).code == "unknown-format"


@pytest.mark.parametrize(
    "change",
    [
        lambda doc: doc.update(sequence="1"),
        lambda doc: doc.update(sequence=2),  # a null previous hash after sequence 1
        lambda doc: doc.update(surprise=True),
        lambda doc: doc.pop("totals"),
        lambda doc: doc["files"].reverse(),
        lambda doc: doc["files"].pop(),
        lambda doc: doc["files"][0].update(path="../summary.pdf"),
        lambda doc: doc["period"].update(start="20261001"),
        lambda doc: doc["totals"].update(hours=1.5),
        lambda doc: doc.update(supersedes=1),
    ],
)
def test_malformed_manifest(change: Callable[[dict[str, Any]], object]) -> None:
    doc = manifest()
    change(doc)
    assert refusal(signed_bundle(canonical_json(doc))).code == "manifest-malformed"


def test_manifest_that_is_not_json() -> None:
    assert refusal(signed_bundle(b"\xff not json")).code == "manifest-malformed"


def test_file_renamed_to_pass_for_another_return() -> None:
    error = refusal(make_bundle(), name="rvc-return_RUH_2026-10_0002.zip")
    assert error.code == "file-name-mismatch" and NAME in error.sentence


def test_manifest_naming_another_signer() -> None:
    data = make_bundle(signer_public_raw=raw(OTHER_KEY))
    assert refusal(data).code == "signer-mismatch"


# 4. The files


@pytest.mark.parametrize("name", ["return.xlsx", "summary.pdf", "csv/volunteers.csv"])
def test_one_byte_changed_in_a_payload_file(name: str) -> None:
    data = make_bundle()
    content = bytearray(dict(entries_of(data))[name])
    content[len(content) // 2] ^= 0x01
    error = refusal(with_entry(data, name, bytes(content)))
    assert error.code == "file-hash"
    assert error.sentence == f"This return was changed after it was signed: {name} does not match."


def test_file_of_another_size() -> None:
    data = make_bundle()
    content = dict(entries_of(data))["summary.pdf"] + b"\n"
    assert refusal(with_entry(data, "summary.pdf", content)).code == "file-size"


def test_header_claiming_another_size() -> None:
    data = patch_central(make_bundle(), "summary.pdf", 24, "<I", 10)
    assert refusal(data).code == "entry-header-mismatch"


def test_missing_file() -> None:
    assert refusal(with_entry(make_bundle(), "summary.pdf", None)).code == "file-missing"


def test_renamed_file() -> None:
    entries = [
        ("report.pdf" if name == "summary.pdf" else name, content)
        for name, content in entries_of(make_bundle())
    ]
    assert refusal(zip_entries(entries)).code == "file-missing"


def test_extra_entry() -> None:
    data = zip_entries([*entries_of(make_bundle()), ("notes.txt", b"hello")])
    error = refusal(data)
    assert error.code == "unlisted-entry" and "notes.txt" in error.sentence


# 5. Time


def test_made_in_the_future() -> None:
    assert refusal(make_bundle(), now=CREATED - timedelta(minutes=6)).code == "created-in-future"


def test_expired() -> None:
    assert refusal(make_bundle(), now=CREATED + timedelta(days=181)).code == "expired"


# 6. The chain


def test_exact_duplicate() -> None:
    state, bundles = chain(3)
    name = "rvc-return_RUH_2026-10_0003.zip"
    error = refusal(bundles[3], name=name, state=state)
    assert error.code == "replay" and "already been accepted" in error.sentence


def test_other_return_with_an_accepted_sequence_is_a_fork() -> None:
    state, _ = chain(3)
    doc = canonical_json(manifest(sequence=2, previous_manifest_sha256="0" * 64))
    name = "rvc-return_RUH_2026-10_0002.zip"
    error = refusal(signed_bundle(doc), name=name, state=state)
    assert error.code == "fork"
    assert "a different RUH return 2 has already been accepted" in error.sentence


def test_broken_chain() -> None:
    state, _ = chain(3)
    doc = canonical_json(manifest(sequence=4, previous_manifest_sha256="ab" * 32))
    name = "rvc-return_RUH_2026-10_0004.zip"
    assert refusal(signed_bundle(doc), name=name, state=state).code == "broken-chain"


def test_next_in_chain_is_accepted() -> None:
    state, _ = chain(3)
    previous = state.accepted["RUH"][3].manifest_sha256
    doc = canonical_json(manifest(sequence=4, previous_manifest_sha256=previous))
    name = "rvc-return_RUH_2026-10_0004.zip"
    assert verify(signed_bundle(doc), name=name, state=state).missing_before is None


def test_gap_is_reported_as_missing_returns() -> None:
    state, _ = chain(3)
    doc = canonical_json(manifest(sequence=7, previous_manifest_sha256="ab" * 32))
    accepted = verify(signed_bundle(doc), name="rvc-return_RUH_2026-10_0007.zip", state=state)
    assert accepted.missing_before == (4, 6)


def test_other_trusts_chains_are_separate() -> None:
    state, _ = chain(3)
    state.accepted["KRH"] = state.accepted.pop("RUH")
    assert verify(make_bundle(), state=state).missing_before is None


# 7. The workbook


def test_totals_differing_from_the_workbook() -> None:
    data = make_bundle(totals={**TOTALS, "hours": 700})
    error = refusal(data, totals=read_totals)
    assert error.code == "totals-mismatch" and "hours" in error.sentence


def test_workbook_that_cannot_be_read() -> None:
    def broken(_: bytes) -> dict[str, int]:
        raise KeyError("Totals")

    assert refusal(make_bundle(), totals=broken).code == "workbook-unreadable"


# The reader's own files


def test_chain_state_round_trip(tmp_path: Path) -> None:
    state, _ = chain(2)
    state.accepted["KRH"] = {5: Link("cd" * 32)}
    state.save(tmp_path)
    assert ChainState.load(tmp_path) == state
    assert [p.name for p in tmp_path.iterdir()] == ["accepted.json"]


def test_chain_state_starts_empty(tmp_path: Path) -> None:
    assert ChainState.load(tmp_path / "nothing-yet") == ChainState()


@pytest.mark.parametrize(
    "text",
    ["not json", "[]", '{"accepted": {"RUH": [{"sequence": 0, "manifest_sha256": "x"}]}}'],
)
def test_chain_state_that_cannot_be_used(tmp_path: Path, text: str) -> None:
    (tmp_path / "accepted.json").write_text(text)
    with pytest.raises(ReaderFileInvalid, match="accepted returns"):
        ChainState.load(tmp_path)


def test_trusted_keys_file(tmp_path: Path) -> None:
    path = tmp_path / "trusted-keys.json"
    entry = {
        "trust": "RUH",
        "key_id": key_id_of(raw(KEY)),
        "public_key": public_key_b64(raw(KEY)),
        "valid_from": "2026-09-01T00:00:00Z",
        "revoked_at": None,
        "note": "coordinator laptop",
    }
    path.write_text(json.dumps({"keys": [entry]}))
    assert load_trusted_keys(path) == [trusted()]


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e.update(key_id="0" * 32),
        lambda e: e.update(public_key="AAAA"),
        lambda e: e.update(valid_from="2026-09-01"),
        lambda e: e.pop("trust"),
    ],
)
def test_trusted_keys_file_that_cannot_be_used(
    tmp_path: Path, change: Callable[[dict[str, Any]], object]
) -> None:
    entry: dict[str, Any] = {
        "trust": "RUH",
        "key_id": key_id_of(raw(KEY)),
        "public_key": public_key_b64(raw(KEY)),
        "valid_from": "2026-09-01T00:00:00Z",
        "revoked_at": None,
        "note": "",
    }
    change(entry)
    path = tmp_path / "trusted-keys.json"
    path.write_text(json.dumps({"keys": [entry]}))
    with pytest.raises(ReaderFileInvalid, match="Key 1"):
        load_trusted_keys(path)


def write_bundle(
    path: Path, manifest_bytes: bytes, sig_bytes: bytes, files: Sequence[PayloadFile]
) -> bytes:
    """Writes a bundle as the app does: its bytes, then an atomic write."""
    data = bundle_bytes(manifest_bytes, sig_bytes, files)
    write_atomically(path, data)
    return data
