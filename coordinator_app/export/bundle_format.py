"""The return bundle, format 2 (docs: docs/contracts/return-bundle.md): the writer's primitives
and the rules a reader shares with it. Pure: no database, no Qt, bytes in and bytes out.
The writer writes format 2; readers accept 1 and 2 (``READABLE_VERSIONS``)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

Json = None | bool | int | float | str | list["Json"] | dict[str, "Json"]

PAYLOAD_TYPE = "application/vnd.helpforce.rvc-return+json"
FORMAT = "rvc-return"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
V2_FIELDS = ("recipients", "audit_head", "content_version")
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig.json"
REQUIRED_FILES = ("return.xlsx", "summary.pdf")
DEFAULT_LIFETIME = timedelta(days=180)
MAX_RATIO = 200  # a reader refuses an entry that unpacks to more than this times its size

TRUST_CODE = re.compile(r"[A-Z0-9]{2,16}")
PERIOD_LABEL = re.compile(r"\d{4}-(0[1-9]|1[0-2]|Q[1-4])")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
AGE_RECIPIENT = re.compile(r"age1[02-9ac-hj-np-z]{58}")  # bech32, X25519
_UTC_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# Characters that change a name's meaning on some platform (separators, drive letters and
# streams, control characters); a payload name is a plain file name with none of them.
_UNSAFE_CHARS = re.compile(r"[\\/:\x00-\x1f\x7f]")


@dataclass(frozen=True)
class PayloadFile:
    path: str
    data: bytes
    media_type: str


def canonical_json(obj: Json) -> bytes:
    """RFC 8785 bytes: the one serialisation that is signed, so writer and reader agree."""
    return rfc8785.dumps(obj)


def pae(payload_type: str, body: bytes) -> bytes:
    """DSSE v1 pre-authentication encoding: binds the payload type into what is signed."""
    kind = payload_type.encode("ascii")
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(body), body)


def key_id_of(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:32]


def public_key_b64(public_raw: bytes) -> str:
    return base64.b64encode(public_raw).decode("ascii")


def bundle_file_name(trust_code: str, period_label: str, sequence: int) -> str:
    return f"rvc-return_{trust_code}_{period_label}_{sequence:04d}.zip"


def format_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_UTC_FORMAT)


def parse_utc(text: str) -> datetime:
    """The contract's only time form, ``YYYY-MM-DDTHH:MM:SSZ``; ValueError for anything else."""
    if not _UTC_TEXT.fullmatch(text):
        raise ValueError(f"'{text}' is not a UTC time written as YYYY-MM-DDTHH:MM:SSZ")
    return datetime.strptime(text, _UTC_FORMAT).replace(tzinfo=UTC)


def is_safe_payload_path(path: str) -> bool:
    """A plain file name, or ``csv/<plain name>``: nothing that can climb out of a folder."""
    parts = path.split("/")
    if len(parts) == 2 and parts[0] != "csv":
        return False
    return len(parts) <= 2 and all(_is_plain_name(part) for part in parts)


def _is_plain_name(name: str) -> bool:
    # Windows drops trailing dots and spaces, so "return.xlsx." would land on "return.xlsx".
    return (
        name not in {"", ".", ".."}
        and not name.endswith((".", " "))
        and not _UNSAFE_CHARS.search(name)
    )


def build_manifest(
    *,
    trust_code: str,
    trust_name: str,
    period_label: str,
    period_start: date,
    period_end: date,
    sequence: int,
    previous_manifest_sha256: str | None,
    created_at: datetime,
    generator: Mapping[str, str],
    signer_public_raw: bytes,
    files: Sequence[PayloadFile],
    totals: Mapping[str, int],
    audit_head: Mapping[str, object],
    content_version: int,
    recipients: Sequence[str] = (),
    supersedes: int | None = None,
    expires_at: datetime | None = None,
) -> dict[str, Json]:
    """The manifest as a dict ready for ``canonical_json``; ValueError names the first rule
    the inputs break, so a bundle no reader would accept is never signed. ``recipients``
    are the age recipients the bundle will be encrypted to (none: sent unencrypted)."""
    if created_at.tzinfo is None:
        raise ValueError("created_at must be a timezone-aware time")
    created = created_at.astimezone(UTC).replace(microsecond=0)
    expires = created + DEFAULT_LIFETIME if expires_at is None else expires_at
    check_identity(trust_code, period_label, period_start, period_end)
    check_sequence(sequence, previous_manifest_sha256, supersedes)
    check_payload_paths([f.path for f in files])
    if expires.tzinfo is None or expires <= created:
        raise ValueError("expires_at must be a timezone-aware time after created_at")
    if expires - created > DEFAULT_LIFETIME:
        raise ValueError("expires_at must be at most 180 days after created_at")
    head = check_audit_head(audit_head)
    listed = check_recipients(recipients)
    if isinstance(content_version, bool) or not isinstance(content_version, int):
        raise ValueError("content_version must be a whole number")
    if content_version < 1:
        raise ValueError("content_version starts at 1")
    if len(signer_public_raw) != 32:
        raise ValueError("the signer's public key must be the raw 32 bytes of an Ed25519 key")
    if any(isinstance(v, bool) or not isinstance(v, int) for v in totals.values()):
        raise ValueError("every total must be a whole number")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "trust": {"code": trust_code, "name": trust_name},
        "period": {
            "label": period_label,
            "start": period_start.isoformat(),
            "end": period_end.isoformat(),
        },
        "sequence": sequence,
        "previous_manifest_sha256": previous_manifest_sha256,
        "created_at": format_utc(created),
        "expires_at": format_utc(expires),
        "generator": _generator(generator),
        "signer": {
            "key_id": key_id_of(signer_public_raw),
            "public_key": public_key_b64(signer_public_raw),
        },
        "files": [_file_entry(f) for f in sorted(files, key=lambda f: f.path)],
        "totals": dict(totals),
        "supersedes": supersedes,
        "recipients": list(listed),
        "audit_head": head,
        "content_version": content_version,
    }


def _generator(generator: Mapping[str, str]) -> dict[str, Json]:
    fields = ("name", "version", "schema_version")
    if any(not isinstance(generator.get(key), str) for key in fields):
        raise ValueError("generator needs a name, version and schema_version")
    return {key: generator[key] for key in fields}


# The check_* rules are shared with the reader, which refuses a manifest that breaks them.


def check_identity(trust_code: str, label: str, start: date, end: date) -> None:
    if not TRUST_CODE.fullmatch(trust_code):
        raise ValueError(f"'{trust_code}' is not a trust code (capital letters and digits)")
    if not PERIOD_LABEL.fullmatch(label):
        raise ValueError(f"'{label}' is not a period label (YYYY-MM or YYYY-Qn)")
    if start > end:
        raise ValueError("the period must start on or before its end")


def check_sequence(sequence: int, previous: str | None, supersedes: int | None) -> None:
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    if (previous is None) != (sequence == 1):
        raise ValueError("previous_manifest_sha256 is null exactly when sequence is 1")
    if previous is not None and not SHA256_HEX.fullmatch(previous):
        raise ValueError("previous_manifest_sha256 must be 64 lowercase hex digits")
    if supersedes is not None and not 1 <= supersedes < sequence:
        raise ValueError("supersedes must be the sequence of an earlier bundle")


def check_audit_head(head: Mapping[str, object]) -> dict[str, Json]:
    entries, sha256 = head.get("entries"), head.get("sha256")
    if set(head) != {"entries", "sha256"}:
        raise ValueError("audit_head holds exactly entries and sha256")
    if isinstance(entries, bool) or not isinstance(entries, int) or entries < 0:
        raise ValueError("audit_head's entries must be a whole number, 0 or more")
    if not isinstance(sha256, str) or not SHA256_HEX.fullmatch(sha256):
        raise ValueError("audit_head's sha256 must be 64 lowercase hex digits")
    return {"entries": entries, "sha256": sha256}


def check_recipients(recipients: Sequence[str]) -> tuple[str, ...]:
    """Sorted, each an age X25519 recipient, none twice."""
    if any(not isinstance(r, str) or not AGE_RECIPIENT.fullmatch(r) for r in recipients):
        raise ValueError("every recipient must be an age recipient (age1…)")
    if len(set(recipients)) != len(recipients):
        raise ValueError("a recipient is listed twice")
    return tuple(sorted(recipients))


def check_payload_paths(paths: list[str]) -> None:
    for path in paths:
        if not is_safe_payload_path(path) or path in {MANIFEST, SIGNATURE}:
            raise ValueError(f"'{path}' cannot be a payload file's name")
    if len({p.casefold() for p in paths}) != len(paths):
        raise ValueError("two payload files have the same name")
    missing = [name for name in REQUIRED_FILES if name not in paths]
    if missing:
        raise ValueError(f"a return bundle needs {', '.join(missing)}")


def _file_entry(payload: PayloadFile) -> dict[str, Json]:
    return {
        "path": payload.path,
        "sha256": hashlib.sha256(payload.data).hexdigest(),
        "size": len(payload.data),
        "media_type": payload.media_type,
    }


def sign_manifest(manifest_bytes: bytes, private_key: Ed25519PrivateKey) -> bytes:
    """The ``manifest.sig.json`` bytes: an Ed25519 signature over PAE(manifest bytes)."""
    public_raw = private_key.public_key().public_bytes_raw()
    signature = private_key.sign(pae(PAYLOAD_TYPE, manifest_bytes))
    return canonical_json(
        {
            "payload_type": PAYLOAD_TYPE,
            "key_id": key_id_of(public_raw),
            "sig": base64.b64encode(signature).decode("ascii"),
        }
    )


def bundle_bytes(manifest_bytes: bytes, sig_bytes: bytes, files: Sequence[PayloadFile]) -> bytes:
    """The bundle's ZIP bytes (kept in the vault before the file is written). Entries carry
    the manifest's created_at as their time, so the same inputs always give the same bytes."""
    manifest = json.loads(manifest_bytes)
    _check_files_match(manifest["files"], files)
    entries = [(MANIFEST, manifest_bytes), (SIGNATURE, sig_bytes)]
    entries += [(f.path, f.data) for f in sorted(files, key=lambda f: f.path)]
    return _zip_bytes(parse_utc(manifest["created_at"]), entries)


def _check_files_match(listed: list[dict[str, object]], files: Sequence[PayloadFile]) -> None:
    # A bundle whose payload differs from what was signed would only ever be refused.
    expected = [{k: e[k] for k in ("path", "sha256", "size")} for e in listed]
    actual = [
        {k: _file_entry(f)[k] for k in ("path", "sha256", "size")}
        for f in sorted(files, key=lambda f: f.path)
    ]
    if expected != actual:
        raise ValueError("the payload files are not the ones the manifest lists")


def _zip_bytes(created: datetime, entries: list[tuple[str, bytes]]) -> bytes:
    stamp = (created.year, created.month, created.day, created.hour, created.minute, created.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = _compress_type(data)
            info.create_system = 3  # fixed, so a bundle made on Windows has the same bytes
            info.external_attr = 0o100644 << 16  # a regular file, readable once unpacked
            archive.writestr(info, data)
    return buffer.getvalue()


def _compress_type(data: bytes) -> int:
    """Deflate, unless that packs tighter than a reader accepts (a column of zeros can):
    then stored, so a true return is never taken for a zip bomb. Same settings as zipfile.
    A ZIP inside (the workbook) is stored: its parts are deflated already, and deflating
    it again saved about 4% of a month's workbook for a tenth of a second."""
    if data.startswith(b"PK\x03\x04"):
        return zipfile.ZIP_STORED
    packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    packed = len(packer.compress(data) + packer.flush())
    return zipfile.ZIP_DEFLATED if len(data) <= MAX_RATIO * packed else zipfile.ZIP_STORED
