"""Shared helpers for the bundle reader tests: signed bundles made by hand, in format 1 and
2, and ways to bend their bytes."""

from __future__ import annotations

import functools
import io
import struct
import tempfile
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
    AcceptedReturn,
    BundleRefused,
    ChainState,
    TrustedKey,
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


def write_bundle(
    path: Path, manifest_bytes: bytes, sig_bytes: bytes, files: Sequence[PayloadFile]
) -> bytes:
    """Writes a bundle as the app does: its bytes, then an atomic write."""
    data = bundle_bytes(manifest_bytes, sig_bytes, files)
    write_atomically(path, data)
    return data
