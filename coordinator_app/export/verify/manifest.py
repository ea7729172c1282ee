"""The manifest: signed JSON, in canonical form, a format this reader knows, with exactly
format 1's or format 2's fields, named as the file is (step 3); its times against the
clock (step 5) and its totals against the workbook (step 7)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from coordinator_app.export.bundle_format import (
    FORMAT,
    READABLE_VERSIONS,
    V2_FIELDS,
    Json,
    bundle_file_name,
    canonical_json,
    check_audit_head,
    check_identity,
    check_payload_paths,
    check_recipients,
    check_sequence,
    key_id_of,
    parse_utc,
)
from coordinator_app.export.verify.archive import Listed
from coordinator_app.export.verify.errors import BundleRefused, malformed_manifest, when
from coordinator_app.export.verify.fields import (
    b64,
    is_int,
    iso_date,
    json_document,
    optional,
    required,
    sha256_hex,
)
from coordinator_app.export.verify.keys import Signature

CLOCK_SKEW = timedelta(minutes=5)

MANIFEST_FIELDS = frozenset(
    {
        "format",
        "format_version",
        "trust",
        "period",
        "sequence",
        "previous_manifest_sha256",
        "created_at",
        "expires_at",
        "generator",
        "signer",
        "files",
        "totals",
        "supersedes",
    }
)


@dataclass(frozen=True)
class Manifest:
    trust: str
    period_label: str
    sequence: int
    previous: str | None
    created_at: datetime
    expires_at: datetime
    signer_key_id: str
    signer_public_key: str
    files: tuple[Listed, ...]
    totals: dict[str, int]
    supersedes: int | None


def signed_document(manifest_bytes: bytes) -> dict[str, object]:
    try:
        doc = json_document(manifest_bytes)
    except ValueError as exc:
        raise malformed_manifest(str(exc)) from exc
    if not isinstance(doc, dict):
        raise malformed_manifest("it is not a JSON object")
    return doc


# 3. The manifest itself: canonical, a format this reader knows, named as the file is.


def checked_manifest(
    manifest_bytes: bytes, doc: dict[str, object], file_name: str, signature: Signature
) -> Manifest:
    if _canonical_or_none(doc) != manifest_bytes:
        raise BundleRefused(
            "manifest-not-canonical",
            "This return's manifest is signed but not written in canonical form, "
            "so it was not made by Coordinator.",
        )
    version = doc.get("format_version")
    if doc.get("format") != FORMAT or not any(is_int(version, v) for v in READABLE_VERSIONS):
        raise BundleRefused(
            "unknown-format",
            f"This return is in a format this version of Coordinator does not know "
            f"({doc.get('format')!r} version {doc.get('format_version')!r}). "
            "Update Coordinator and check it again.",
        )
    try:
        manifest = _parse_manifest(doc)
    except ValueError as exc:
        raise malformed_manifest(str(exc)) from exc
    _check_file_name(file_name, manifest)
    _check_signer(manifest, signature)
    return manifest


def _canonical_or_none(doc: dict[str, object]) -> bytes | None:
    try:
        return canonical_json(cast(Json, doc))
    except ValueError:  # NaN, or an integer JSON cannot carry exactly: never canonical
        return None


def _parse_manifest(doc: dict[str, object]) -> Manifest:
    version = doc["format_version"]
    if set(doc) != (MANIFEST_FIELDS if version == 1 else MANIFEST_FIELDS | set(V2_FIELDS)):
        raise ValueError(f"its fields are not the ones format {version} has")
    if version != 1:
        check_audit_head(required(doc, "audit_head", dict))
        recipients = required(doc, "recipients", list)
        if list(check_recipients(recipients)) != recipients:
            raise ValueError("its recipients are not sorted")
        if not is_int(doc["content_version"]):
            raise ValueError("'content_version' is not a whole number")
    trust = required(doc, "trust", dict)
    period = required(doc, "period", dict)
    code, label = required(trust, "code", str), required(period, "label", str)
    check_identity(code, label, iso_date(period, "start"), iso_date(period, "end"))
    sequence = required(doc, "sequence", int)
    previous = optional(doc, "previous_manifest_sha256", str, str)
    supersedes = optional(doc, "supersedes", int, int)
    check_sequence(sequence, previous, supersedes)
    required(trust, "name", str)
    required(doc, "generator", dict)
    signer = required(doc, "signer", dict)
    return Manifest(
        trust=code,
        period_label=label,
        sequence=sequence,
        previous=previous,
        created_at=parse_utc(required(doc, "created_at", str)),
        expires_at=parse_utc(required(doc, "expires_at", str)),
        signer_key_id=required(signer, "key_id", str),
        signer_public_key=required(signer, "public_key", str),
        files=_parse_files(required(doc, "files", list)),
        totals=_parse_totals(required(doc, "totals", dict)),
        supersedes=supersedes,
    )


def _parse_files(rows: list[object]) -> tuple[Listed, ...]:
    files = tuple(_listed(row) for row in rows)
    paths = [f.path for f in files]
    check_payload_paths(paths)
    if paths != sorted(paths):
        raise ValueError("its files are not sorted by path")
    if any(f.size < 0 for f in files):
        raise ValueError("a file's size is negative")
    return files


def _listed(row: object) -> Listed:
    required(row, "media_type", str)
    return Listed(
        path=required(row, "path", str),
        sha256=sha256_hex(required(row, "sha256", str)),
        size=required(row, "size", int),
    )


def _parse_totals(totals: dict[str, object]) -> dict[str, int]:
    return {key: required(totals, key, int) for key in totals}


def _check_file_name(file_name: str, manifest: Manifest) -> None:
    expected = bundle_file_name(manifest.trust, manifest.period_label, manifest.sequence)
    if file_name != expected:
        raise BundleRefused(
            "file-name-mismatch",
            f"This file is named {file_name}, but what it holds is {expected}; "
            "it may have been renamed to pass for another return.",
        )


def _check_signer(manifest: Manifest, signature: Signature) -> None:
    if manifest.signer_key_id != signature.key_id or not _names_key(
        manifest.signer_public_key, manifest.signer_key_id
    ):
        raise BundleRefused(
            "signer-mismatch",
            "This return's manifest names a different signer from the key that signed it.",
        )


def _names_key(public_key: str, key_id: str) -> bool:
    try:
        return key_id_of(b64(public_key, 32, "public_key")) == key_id
    except ValueError:
        return False


# 5. Time.


def check_times(manifest: Manifest, now: datetime) -> None:
    if manifest.created_at > now + CLOCK_SKEW:
        raise BundleRefused(
            "created-in-future",
            f"This return says it was made on {when(manifest.created_at)}, later than now "
            f"({when(now)}). Check the clock on the trust's laptop and on this computer.",
        )
    if now > manifest.expires_at:
        raise BundleRefused(
            "expired",
            f"This return expired on {when(manifest.expires_at)}. "
            "Ask the trust to make and send it again.",
        )


# 7. The workbook, opened only now, against the signed totals.


def check_totals(
    workbook: bytes,
    totals: dict[str, int],
    read_totals: Callable[[bytes], Mapping[str, int]] | None,
) -> None:
    if read_totals is None:
        return
    try:
        found = dict(read_totals(workbook))
    except Exception as exc:  # a workbook reader fails in many ways; each one means the same
        raise BundleRefused(
            "workbook-unreadable",
            "return.xlsx is signed but cannot be read as a workbook of a return.",
        ) from exc
    differing = sorted(k for k in set(totals) | set(found) if totals.get(k) != found.get(k))
    if differing:
        raise BundleRefused(
            "totals-mismatch",
            f"The figures in return.xlsx differ from the signed totals: {', '.join(differing)}.",
        )
