"""Reading a return bundle as the contract says ("What a reader checks", in its order): the
first failure refuses the bundle with a code for scripts and a sentence for the programme
manager. Nothing here trusts the archive: sizes and names are checked from the ZIP's
directory before any entry is unpacked, and no entry is ever read past its declared size."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NoReturn, TypeVar, cast

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.export.bundle_format import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MAX_RATIO,
    PAYLOAD_TYPE,
    SHA256_HEX,
    SIGNATURE,
    TRUST_CODE,
    Json,
    bundle_file_name,
    canonical_json,
    check_identity,
    check_payload_paths,
    check_sequence,
    is_safe_payload_path,
    key_id_of,
    pae,
    parse_utc,
)
from coordinator_app.files import write_atomically

MIB = 1024 * 1024
MAX_ARCHIVE = 100 * MIB
MAX_ENTRY = 200 * MIB
MAX_TOTAL = 500 * MIB
MAX_ENTRIES = 64
MAX_SIGNATURE_FILE = 4096  # three short strings; anything bigger is not a signature file
CLOCK_SKEW = timedelta(minutes=5)
ACCEPTED_FILE = "accepted.json"

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
_KEY_ID = re.compile(r"[0-9a-f]{32}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# What zipfile and zlib raise on a damaged archive; test_bundle_fuzz checks none other escapes.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
_T = TypeVar("_T")
_R = TypeVar("_R")


class BundleRefused(Exception):
    """The bundle is not accepted: ``code`` for scripts, ``sentence`` for people."""

    def __init__(self, code: str, sentence: str) -> None:
        super().__init__(sentence)
        self.code = code
        self.sentence = sentence


class ReaderFileInvalid(InvalidInput, ValueError):
    """The programme manager's own file (trusted keys, accepted returns) cannot be used.
    A UserFacingError so the CLI shows a sentence; a ValueError because it is bad data."""


@dataclass(frozen=True)
class TrustedKey:
    trust: str
    key_id: str
    public_key: str
    valid_from: datetime
    revoked_at: datetime | None
    note: str


@dataclass(frozen=True)
class AcceptedReturn:
    trust: str
    sequence: int
    period_label: str
    manifest_sha256: str
    created_at: datetime
    key_id: str
    file_name: str
    totals: dict[str, int]
    supersedes: int | None
    missing_before: tuple[int, int] | None  # returns N..M the reader has never seen


@dataclass(frozen=True)
class _Signature:
    key_id: str
    sig: bytes


@dataclass(frozen=True)
class _Listed:
    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class _Manifest:
    trust: str
    period_label: str
    sequence: int
    previous: str | None
    created_at: datetime
    expires_at: datetime
    signer_key_id: str
    signer_public_key: str
    files: tuple[_Listed, ...]
    totals: dict[str, int]
    supersedes: int | None


@dataclass
class ChainState:
    """What this reader has accepted: per trust, each sequence and its manifest's SHA-256."""

    accepted: dict[str, dict[int, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> ChainState:
        path = folder / ACCEPTED_FILE
        if not path.exists():
            return cls()
        try:
            return cls(_accepted_from(_json_document(path.read_bytes())))
        except (OSError, ValueError) as exc:
            raise ReaderFileInvalid(
                f"{path} cannot be used as the record of accepted returns ({exc}).",
                "Restore it from a backup; it is never edited by hand.",
            ) from exc

    def save(self, folder: Path) -> None:
        doc = {
            trust: [{"sequence": s, "manifest_sha256": h} for s, h in sorted(seqs.items())]
            for trust, seqs in sorted(self.accepted.items())
        }
        text = json.dumps({"accepted": doc}, indent=2) + "\n"
        write_atomically(folder / ACCEPTED_FILE, text.encode("utf-8"))

    def accept(self, accepted: AcceptedReturn) -> None:
        """Called by whoever acted on the return; verify_bundle itself never changes state."""
        self.accepted.setdefault(accepted.trust, {})[accepted.sequence] = accepted.manifest_sha256


def _accepted_from(doc: object) -> dict[str, dict[int, str]]:
    trusts = _field(doc, "accepted", dict)
    result: dict[str, dict[int, str]] = {}
    for trust, rows in trusts.items():
        if not isinstance(rows, list):
            raise ValueError(f"the entry for {trust} is not a list")
        result[trust] = {
            _positive(_field(row, "sequence", int)): _sha256(_field(row, "manifest_sha256", str))
            for row in rows
        }
    return result


def load_trusted_keys(path: Path) -> list[TrustedKey]:
    """Reads ``trusted-keys.json``; a malformed file names the key and what is wrong."""
    try:
        entries = _field(_json_document(path.read_bytes()), "keys", list)
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
            trust=_matching(_field(entry, "trust", str), TRUST_CODE, "a trust code"),
            key_id=_matching(_field(entry, "key_id", str), _KEY_ID, "32 lowercase hex digits"),
            public_key=_field(entry, "public_key", str),
            valid_from=parse_utc(_field(entry, "valid_from", str)),
            revoked_at=_optional(entry, "revoked_at", str, parse_utc),
            note=_optional(entry, "note", str, str) or "",
        )
        if key_id_of(_b64(key.public_key, 32, "public_key")) != key.key_id:
            raise ValueError("its key_id is not the one its public_key gives")
    except ValueError as exc:
        raise ReaderFileInvalid(
            f"Key {number} in {path} cannot be used: {exc}.",
            "Copy it again from the trust's key registration sheet.",
        ) from exc
    return key


def verify_bundle(
    data: bytes,
    file_name: str,
    keys: Sequence[TrustedKey],
    state: ChainState | None,
    now: datetime,
    read_totals: Callable[[bytes], Mapping[str, int]] | None = None,
) -> AcceptedReturn:
    """Every check of the contract, in its order; BundleRefused on the first failure.
    ``state`` is only read (see ChainState.accept); with None the chain is not checked."""
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware time")
    with _open_archive(data) as archive:
        entries = _checked_entries(archive)  # 1
        signature = _read_signature(archive, entries)  # 2
        manifest_bytes = _read_manifest(archive, entries)
        _check_signature(manifest_bytes, signature, keys)
        doc = _signed_document(manifest_bytes)
        _check_key(signature.key_id, doc, keys)
        manifest = _checked_manifest(manifest_bytes, doc, file_name, signature)  # 3
        workbook = _check_files(archive, entries, manifest)  # 4
    _check_times(manifest, now)  # 5
    digest = hashlib.sha256(manifest_bytes).hexdigest()
    missing = _check_chain(manifest, digest, state)  # 6
    _check_totals(workbook, manifest.totals, read_totals)  # 7
    return AcceptedReturn(
        trust=manifest.trust,
        sequence=manifest.sequence,
        period_label=manifest.period_label,
        manifest_sha256=digest,
        created_at=manifest.created_at,
        key_id=signature.key_id,
        file_name=file_name,
        totals=manifest.totals,
        supersedes=manifest.supersedes,
        missing_before=missing,
    )


# 1. Archive limits and entry names, from the ZIP's directory alone.


def _open_archive(data: bytes) -> zipfile.ZipFile:
    if len(data) > MAX_ARCHIVE:
        raise BundleRefused(
            "archive-too-large",
            "This file is larger than 100 MiB, more than any return can be; it was not opened.",
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise BundleRefused(
            "not-a-zip", "This file is not a return bundle: it is not a readable ZIP archive."
        ) from exc


def _checked_entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise BundleRefused(
            "too-many-entries",
            f"This file holds {len(infos)} entries; a return holds at most {MAX_ENTRIES}.",
        )
    entries: dict[str, zipfile.ZipInfo] = {}
    folded: set[str] = set()
    for info in infos:
        _check_entry(info)
        if info.filename.casefold() in folded:  # one would overwrite the other on Windows
            raise BundleRefused(
                "duplicate-entry",
                f"This file holds two entries named {info.filename!r}; "
                "it is not a bundle Coordinator wrote.",
            )
        folded.add(info.filename.casefold())
        entries[info.filename] = info
    _check_sizes(infos)
    return entries


def _check_entry(info: zipfile.ZipInfo) -> None:
    name = info.filename
    if name.endswith("/"):
        _refuse_name(f"holds a folder entry {name!r}; returns have none")
    # zipfile cuts a name at a NUL byte; the name actually stored is the one that counts.
    if info.orig_filename != name or not (
        name in {MANIFEST, SIGNATURE} or is_safe_payload_path(name)
    ):
        _refuse_name(
            f"holds an entry named {info.orig_filename!r}, which could be unpacked outside "
            "its folder or is not a name a return uses"
        )
    if stat.S_ISLNK(info.external_attr >> 16):
        raise BundleRefused(
            "symlink-entry", f"{name!r} in this file is a link to elsewhere; returns hold none."
        )
    if info.flag_bits & 0x1:
        raise BundleRefused(
            "encrypted-entry",
            f"{name!r} in this file is password-protected; returns are never encrypted inside.",
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise BundleRefused(
            "compression-method",
            f"{name!r} in this file is compressed in a way returns never use.",
        )


def _refuse_name(detail: str) -> NoReturn:
    raise BundleRefused("entry-name-unsafe", f"This file {detail}; it was not opened.")


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    for info in infos:
        if info.file_size > MAX_ENTRY:
            raise BundleRefused(
                "entry-too-large",
                f"{info.filename!r} would unpack to more than 200 MiB, more than a return holds.",
            )
    if sum(info.file_size for info in infos) > MAX_TOTAL:
        raise BundleRefused(
            "total-too-large",
            "This file would unpack to more than 500 MiB, more than a return holds.",
        )
    for info in infos:
        if info.file_size > MAX_RATIO * info.compress_size:
            raise BundleRefused(
                "compression-ratio",
                f"{info.filename!r} would unpack to over {MAX_RATIO} times its packed size, "
                "the mark of a 'zip bomb'; it was not unpacked.",
            )


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The entry's bytes, reading at most one byte more than its declared size."""
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except _ZIP_ERRORS as exc:
        raise _corrupt(info.filename) from exc
    if len(data) != info.file_size:
        raise _corrupt(info.filename)
    return data


def _corrupt(name: str) -> BundleRefused:
    return BundleRefused(
        "entry-corrupt",
        f"This file is damaged: {name!r} cannot be unpacked intact. "
        "Ask the trust to send it again.",
    )


# 2. The signature, by a key trusted for the manifest's trust at the time it was made.


def _read_signature(archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> _Signature:
    info = entries.get(SIGNATURE)
    if info is None:
        raise BundleRefused(
            "signature-missing", "This return is not signed: it has no manifest.sig.json."
        )
    if info.file_size > MAX_SIGNATURE_FILE:
        raise _malformed_signature("it is far too large")
    try:
        doc = _json_document(_read(archive, info))
        if not isinstance(doc, dict) or set(doc) != {"payload_type", "key_id", "sig"}:
            raise ValueError("it does not hold exactly payload_type, key_id and sig")
        if doc["payload_type"] != PAYLOAD_TYPE:
            raise ValueError("its payload_type is not a return's")
        key_id = _matching(_field(doc, "key_id", str), _KEY_ID, "32 lowercase hex digits")
        return _Signature(key_id, _b64(_field(doc, "sig", str), 64, "sig"))
    except ValueError as exc:
        raise _malformed_signature(str(exc)) from exc


def _malformed_signature(detail: str) -> BundleRefused:
    return BundleRefused(
        "signature-malformed", f"This return's signature file cannot be read: {detail}."
    )


def _read_manifest(archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> bytes:
    info = entries.get(MANIFEST)
    if info is None:
        raise BundleRefused(
            "manifest-missing",
            "This return has no manifest.json, so what it holds cannot be checked.",
        )
    return _read(archive, info)


def _check_signature(
    manifest_bytes: bytes, signature: _Signature, keys: Sequence[TrustedKey]
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


def _signed_document(manifest_bytes: bytes) -> dict[str, object]:
    try:
        doc = _json_document(manifest_bytes)
    except ValueError as exc:
        raise _malformed_manifest(str(exc)) from exc
    if not isinstance(doc, dict):
        raise _malformed_manifest("it is not a JSON object")
    return doc


def _check_key(key_id: str, doc: dict[str, object], keys: Sequence[TrustedKey]) -> None:
    try:
        trust = _field(_field(doc, "trust", dict), "code", str)
        created = parse_utc(_field(doc, "created_at", str))
    except ValueError as exc:
        raise _malformed_manifest(str(exc)) from exc
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
            f"This return was signed on {_when(created)} with key {key_id}, which was "
            f"revoked on {_when(key.revoked_at)}.",
        )
    if created < key.valid_from:
        raise BundleRefused(
            "key-not-yet-valid",
            f"This return was signed on {_when(created)}, before key {key_id} became valid "
            f"on {_when(key.valid_from)}.",
        )


# 3. The manifest itself: canonical, a format this reader knows, named as the file is.


def _checked_manifest(
    manifest_bytes: bytes, doc: dict[str, object], file_name: str, signature: _Signature
) -> _Manifest:
    if _canonical_or_none(doc) != manifest_bytes:
        raise BundleRefused(
            "manifest-not-canonical",
            "This return's manifest is signed but not written in canonical form, "
            "so it was not made by Coordinator.",
        )
    if doc.get("format") != FORMAT or not _is_int(doc.get("format_version"), FORMAT_VERSION):
        raise BundleRefused(
            "unknown-format",
            f"This return is in a format this version of Coordinator does not know "
            f"({doc.get('format')!r} version {doc.get('format_version')!r}). "
            "Update Coordinator and check it again.",
        )
    try:
        manifest = _parse_manifest(doc)
    except ValueError as exc:
        raise _malformed_manifest(str(exc)) from exc
    _check_file_name(file_name, manifest)
    _check_signer(manifest, signature)
    return manifest


def _canonical_or_none(doc: dict[str, object]) -> bytes | None:
    try:
        return canonical_json(cast(Json, doc))
    except ValueError:  # NaN, or an integer JSON cannot carry exactly: never canonical
        return None


def _parse_manifest(doc: dict[str, object]) -> _Manifest:
    if set(doc) != MANIFEST_FIELDS:
        raise ValueError("its fields are not the ones format 1 has")
    trust = _field(doc, "trust", dict)
    period = _field(doc, "period", dict)
    code, label = _field(trust, "code", str), _field(period, "label", str)
    check_identity(code, label, _iso_date(period, "start"), _iso_date(period, "end"))
    sequence = _field(doc, "sequence", int)
    previous = _optional(doc, "previous_manifest_sha256", str, str)
    supersedes = _optional(doc, "supersedes", int, int)
    check_sequence(sequence, previous, supersedes)
    _field(trust, "name", str)
    _field(doc, "generator", dict)
    signer = _field(doc, "signer", dict)
    return _Manifest(
        trust=code,
        period_label=label,
        sequence=sequence,
        previous=previous,
        created_at=parse_utc(_field(doc, "created_at", str)),
        expires_at=parse_utc(_field(doc, "expires_at", str)),
        signer_key_id=_field(signer, "key_id", str),
        signer_public_key=_field(signer, "public_key", str),
        files=_parse_files(_field(doc, "files", list)),
        totals=_parse_totals(_field(doc, "totals", dict)),
        supersedes=supersedes,
    )


def _parse_files(rows: list[object]) -> tuple[_Listed, ...]:
    files = tuple(_listed(row) for row in rows)
    paths = [f.path for f in files]
    check_payload_paths(paths)
    if paths != sorted(paths):
        raise ValueError("its files are not sorted by path")
    if any(f.size < 0 for f in files):
        raise ValueError("a file's size is negative")
    return files


def _listed(row: object) -> _Listed:
    _field(row, "media_type", str)
    return _Listed(
        path=_field(row, "path", str),
        sha256=_sha256(_field(row, "sha256", str)),
        size=_field(row, "size", int),
    )


def _parse_totals(totals: dict[str, object]) -> dict[str, int]:
    return {key: _field(totals, key, int) for key in totals}


def _check_file_name(file_name: str, manifest: _Manifest) -> None:
    expected = bundle_file_name(manifest.trust, manifest.period_label, manifest.sequence)
    if file_name != expected:
        raise BundleRefused(
            "file-name-mismatch",
            f"This file is named {file_name}, but what it holds is {expected}; "
            "it may have been renamed to pass for another return.",
        )


def _check_signer(manifest: _Manifest, signature: _Signature) -> None:
    if manifest.signer_key_id != signature.key_id or not _names_key(
        manifest.signer_public_key, manifest.signer_key_id
    ):
        raise BundleRefused(
            "signer-mismatch",
            "This return's manifest names a different signer from the key that signed it.",
        )


def _names_key(public_key: str, key_id: str) -> bool:
    try:
        return key_id_of(_b64(public_key, 32, "public_key")) == key_id
    except ValueError:
        return False


# 4. Every listed file, byte for byte, and nothing else.


def _check_files(
    archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], manifest: _Manifest
) -> bytes:
    """Returns return.xlsx's bytes for step 7."""
    contents: dict[str, bytes] = {}
    for listed in manifest.files:
        info = entries.get(listed.path)
        if info is None:
            raise _changed(f"{listed.path} is missing", "file-missing")
        if info.file_size != listed.size:
            raise _changed(f"{listed.path} is not the size that was signed", "file-size")
        data = _read(archive, info)
        if hashlib.sha256(data).hexdigest() != listed.sha256:
            raise _changed(f"{listed.path} does not match", "file-hash")
        contents[listed.path] = data
    unlisted = sorted(set(entries) - {MANIFEST, SIGNATURE} - set(contents))
    if unlisted:
        raise _changed(f"{', '.join(unlisted)} was added", "unlisted-entry")
    return contents["return.xlsx"]


def _changed(detail: str, code: str) -> BundleRefused:
    return BundleRefused(code, f"This return was changed after it was signed: {detail}.")


# 5. Time.


def _check_times(manifest: _Manifest, now: datetime) -> None:
    if manifest.created_at > now + CLOCK_SKEW:
        raise BundleRefused(
            "created-in-future",
            f"This return says it was made on {_when(manifest.created_at)}, later than now "
            f"({_when(now)}). Check the clock on the trust's laptop and on this computer.",
        )
    if now > manifest.expires_at:
        raise BundleRefused(
            "expired",
            f"This return expired on {_when(manifest.expires_at)}. "
            "Ask the trust to make and send it again.",
        )


# 6. The chain of returns this reader has accepted.


def _check_chain(
    manifest: _Manifest, digest: str, state: ChainState | None
) -> tuple[int, int] | None:
    if state is None:
        return None
    accepted = state.accepted.get(manifest.trust, {})
    last = max(accepted, default=0)
    name = f"{manifest.trust} return {manifest.sequence}"
    if manifest.sequence <= last:
        if accepted.get(manifest.sequence) == digest:
            raise BundleRefused("replay", f"This return ({name}) has already been accepted.")
        raise BundleRefused(
            "replay",
            f"This is {name}, but {manifest.trust} return {last} has already been accepted; "
            "an older or replayed return cannot be accepted after it.",
        )
    predecessor = accepted.get(manifest.sequence - 1)
    if predecessor is not None and predecessor != manifest.previous:
        raise BundleRefused(
            "broken-chain",
            f"This is {name}, but it does not follow the return {manifest.sequence - 1} you "
            "accepted: the chain of returns is broken. Ask the trust which returns their "
            "vault made.",
        )
    if manifest.sequence > last + 1:
        return (last + 1, manifest.sequence - 1)
    return None


# 7. The workbook, opened only now, against the signed totals.


def _check_totals(
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


# Small readers of untrusted JSON: each raises ValueError with what is wrong.


def _json_document(data: bytes) -> object:
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=_unique_keys)
    except RecursionError as exc:  # deeply nested arrays: not a document anyone wrote
        raise ValueError("it is nested too deeply") from exc
    except ValueError as exc:
        raise ValueError("it is not valid JSON") from exc


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    doc = dict(pairs)
    if len(doc) != len(pairs):
        raise ValueError("a key is repeated")
    return doc


def _field(obj: object, key: str, kind: type[_T]) -> _T:
    value = obj.get(key) if isinstance(obj, dict) else None
    if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
        return value
    raise ValueError(f"'{key}' is missing or not a {kind.__name__}")


def _optional(obj: object, key: str, kind: type[_T], convert: Callable[[_T], _R]) -> _R | None:
    if isinstance(obj, dict) and obj.get(key) is None:
        return None
    return convert(_field(obj, key, kind))


def _is_int(value: object, expected: int | None = None) -> bool:
    is_int = isinstance(value, int) and not isinstance(value, bool)
    return is_int and (expected is None or value == expected)


def _positive(value: int) -> int:
    if value < 1:
        raise ValueError("a sequence is below 1")
    return value


def _sha256(text: str) -> str:
    return _matching(text, SHA256_HEX, "a lowercase hex SHA-256")


def _matching(text: str, pattern: re.Pattern[str], what: str) -> str:
    if not pattern.fullmatch(text):
        raise ValueError(f"{text!r} is not {what}")
    return text


def _b64(text: str, size: int, what: str) -> bytes:
    """Standard padded base64 of exactly ``size`` bytes, in its one canonical spelling."""
    raw = base64.b64decode(text, validate=True)
    if len(raw) != size or base64.b64encode(raw).decode("ascii") != text:
        raise ValueError(f"its {what} is not base64 of {size} bytes")
    return raw


def _iso_date(obj: dict[object, object], key: str) -> date:
    return date.fromisoformat(_matching(_field(obj, key, str), _ISO_DATE, "a date"))


def _malformed_manifest(detail: str) -> BundleRefused:
    return BundleRefused(
        "manifest-malformed",
        f"This return's manifest is signed but not laid out as a return's should be: {detail}.",
    )


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%d %B %Y %H:%M UTC")
