"""Keys: the programme manager's trusted keys, and the signature, by a key trusted for the
manifest's trust at the time it was made (step 2)."""

from __future__ import annotations

import base64
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from coordinator_app.export.bundle_format import (
    PAYLOAD_TYPE,
    SIGNATURE,
    TRUST_CODE,
    key_id_of,
    pae,
    parse_utc,
)
from coordinator_app.export.verify.archive import read_entry
from coordinator_app.export.verify.errors import (
    BundleRefused,
    ReaderFileInvalid,
    malformed_manifest,
    when,
)
from coordinator_app.export.verify.fields import (
    KEY_ID,
    b64,
    json_document,
    matching,
    optional,
    required,
)

MAX_SIGNATURE_FILE = 4096  # three short strings; anything bigger is not a signature file


@dataclass(frozen=True)
class TrustedKey:
    trust: str
    key_id: str
    public_key: str
    valid_from: datetime
    revoked_at: datetime | None
    note: str


@dataclass(frozen=True)
class Signature:
    key_id: str
    sig: bytes


def load_trusted_keys(path: Path) -> list[TrustedKey]:
    """Reads ``trusted-keys.json``; a malformed file names the key and what is wrong."""
    try:
        entries = required(json_document(path.read_bytes()), "keys", list)
    except (OSError, ValueError) as exc:
        raise ReaderFileInvalid(
            f"{path} cannot be used as the list of trusted keys ({exc}).",
            'It must hold {"keys": [...]} as the return bundle format describes.',
        ) from exc
    keys = [_trusted_key(entry, number, path) for number, entry in enumerate(entries, 1)]
    if len({(k.trust, k.key_id) for k in keys}) != len(keys):
        raise ReaderFileInvalid(
            f"{path} lists the same key twice for one trust.", "Remove the repeated entry."
        )
    return keys


def _trusted_key(entry: object, number: int, path: Path) -> TrustedKey:
    try:
        key = TrustedKey(
            trust=matching(required(entry, "trust", str), TRUST_CODE, "a trust code"),
            key_id=matching(required(entry, "key_id", str), KEY_ID, "32 lowercase hex digits"),
            public_key=required(entry, "public_key", str),
            valid_from=parse_utc(required(entry, "valid_from", str)),
            revoked_at=optional(entry, "revoked_at", str, parse_utc),
            note=optional(entry, "note", str, str) or "",
        )
        if key_id_of(b64(key.public_key, 32, "public_key")) != key.key_id:
            raise ValueError("its key_id is not the one its public_key gives")
    except ValueError as exc:
        raise ReaderFileInvalid(
            f"Key {number} in {path} cannot be used: {exc}.",
            "Copy it again from the trust's key registration sheet.",
        ) from exc
    return key


# 2. The signature, by a key trusted for the manifest's trust at the time it was made.


def read_signature(archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> Signature:
    info = entries.get(SIGNATURE)
    if info is None:
        raise BundleRefused(
            "signature-missing", "This return is not signed: it has no manifest.sig.json."
        )
    if info.file_size > MAX_SIGNATURE_FILE:
        raise _malformed_signature("it is far too large")
    try:
        doc = json_document(read_entry(archive, info))
        if not isinstance(doc, dict) or set(doc) != {"payload_type", "key_id", "sig"}:
            raise ValueError("it does not hold exactly payload_type, key_id and sig")
        if doc["payload_type"] != PAYLOAD_TYPE:
            raise ValueError("its payload_type is not a return's")
        key_id = matching(required(doc, "key_id", str), KEY_ID, "32 lowercase hex digits")
        return Signature(key_id, b64(required(doc, "sig", str), 64, "sig"))
    except ValueError as exc:
        raise _malformed_signature(str(exc)) from exc


def _malformed_signature(detail: str) -> BundleRefused:
    return BundleRefused(
        "signature-malformed", f"This return's signature file cannot be read: {detail}."
    )


def check_signature(
    manifest_bytes: bytes, signature: Signature, keys: Sequence[TrustedKey]
) -> None:
    """Verified before the manifest's contents are believed: a key is looked up by its id,
    and only a manifest that key signed is asked which trust and time it claims."""
    known = [k for k in keys if k.key_id == signature.key_id]
    if not known:
        raise BundleRefused(
            "unknown-key",
            f"This return was signed with key {signature.key_id}, which is not in your trusted "
            "keys. If the trust has a new laptop or coordinator, register its key first.",
        )
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(known[0].public_key))
    try:
        public.verify(signature.sig, pae(PAYLOAD_TYPE, manifest_bytes))
    except InvalidSignature as exc:
        raise BundleRefused(
            "bad-signature",
            "This return was changed after it was signed: manifest.json does not match "
            "its signature.",
        ) from exc


def check_key(key_id: str, doc: dict[str, object], keys: Sequence[TrustedKey]) -> None:
    try:
        trust = required(required(doc, "trust", dict), "code", str)
        created = parse_utc(required(doc, "created_at", str))
    except ValueError as exc:
        raise malformed_manifest(str(exc)) from exc
    mine = [k for k in keys if k.key_id == key_id and k.trust == trust]
    if not mine:
        others = ", ".join(sorted({k.trust for k in keys if k.key_id == key_id}))
        raise BundleRefused(
            "key-other-trust",
            f"This return says it is from {trust}, but it was signed with a key "
            f"registered for {others}.",
        )
    key = mine[0]
    if key.revoked_at is not None and created >= key.revoked_at:
        raise BundleRefused(
            "key-revoked",
            f"This return was signed on {when(created)} with key {key_id}, which was "
            f"revoked on {when(key.revoked_at)}.",
        )
    if created < key.valid_from:
        raise BundleRefused(
            "key-not-yet-valid",
            f"This return was signed on {when(created)}, before key {key_id} became valid "
            f"on {when(key.valid_from)}.",
        )
