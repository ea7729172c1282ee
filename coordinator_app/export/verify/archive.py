"""The archive: its limits and entry names, checked from the ZIP's directory alone before
any entry is unpacked (step 1), entries read never past their declared size, and every
listed file compared byte for byte (step 4)."""

from __future__ import annotations

import hashlib
import io
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from typing import NoReturn

from coordinator_app.export.bundle_format import (
    MANIFEST,
    MAX_RATIO,
    SIGNATURE,
    is_safe_payload_path,
)
from coordinator_app.export.verify.errors import BundleRefused

MIB = 1024 * 1024
MAX_ARCHIVE = 100 * MIB
MAX_ENTRY = 200 * MIB
MAX_TOTAL = 500 * MIB
MAX_ENTRIES = 64
MAX_MANIFEST = MIB
MAX_NAME = 100
# Entry names: plain ASCII, so no name can look like another (case, Unicode forms,
# right-to-left marks) or mean something else on some platform (Windows device names).
_PLAIN_NAME = re.compile(r"(csv/)?[A-Za-z0-9._-]+")
_RESERVED = frozenset(
    {
        "CON",
        "PRN",
        "AUX",
        "NUL",
        *(f"COM{n}" for n in range(1, 10)),
        *(f"LPT{n}" for n in range(1, 10)),
    }
)
# What zipfile and zlib raise on a damaged archive; test_bundle_fuzz checks none other escapes.
ZIP_ERRORS = (
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


@dataclass(frozen=True)
class Listed:
    path: str
    sha256: str
    size: int


def open_archive(data: bytes) -> zipfile.ZipFile:
    if len(data) > MAX_ARCHIVE:
        raise BundleRefused(
            "archive-too-large",
            "This file is larger than 100 MiB, more than any return can be; it was not opened.",
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise BundleRefused(
            "not-a-zip", "This file is not a return bundle: it is not a readable ZIP archive."
        ) from exc


def checked_entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise BundleRefused(
            "too-many-entries",
            f"This file holds {len(infos)} entries; a return holds at most {MAX_ENTRIES}.",
        )
    folded: set[str] = set()
    for info in infos:  # before the names' own rules, so a twin is named as one
        key = unicodedata.normalize("NFKC", info.filename).casefold()
        if key in folded:  # one would overwrite the other on Windows or macOS
            raise BundleRefused(
                "duplicate-entry",
                f"This file holds two entries named {info.filename!r} (or differing only in "
                "capitals or accents); it is not a bundle Coordinator wrote.",
            )
        folded.add(key)
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        _check_entry(info)
        entries[info.filename] = info
    _check_sizes(infos)
    manifest = entries.get(MANIFEST)
    if manifest is not None and manifest.file_size > MAX_MANIFEST:
        raise BundleRefused(
            "manifest-too-large",
            "This return's manifest.json is larger than 1 MiB, far more than a manifest "
            "holds; it was not read.",
        )
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
    _check_plain_name(name)
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


def _check_plain_name(name: str) -> None:
    if "\u202e" in name or "\u202d" in name:
        _refuse_name(
            f"holds an entry whose name hides its real ending behind a "
            f"right-to-left mark ({name!r})"
        )
    if not _PLAIN_NAME.fullmatch(name):
        _refuse_name(
            f"holds an entry named {name!r}; return entries use only plain letters, digits, "
            "'.', '_' and '-', inside csv/ at most"
        )
    if len(name) > MAX_NAME:
        _refuse_name(f"holds an entry name of {len(name)} characters; at most {MAX_NAME} are used")
    if name.rsplit("/", 1)[-1].split(".", 1)[0].upper() in _RESERVED:
        _refuse_name(f"holds an entry named {name!r}, a device name on Windows")


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


def read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The entry's bytes, reading at most one byte more than its declared size."""
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except ZIP_ERRORS as exc:
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


def read_manifest(archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> bytes:
    info = entries.get(MANIFEST)
    if info is None:
        raise BundleRefused(
            "manifest-missing",
            "This return has no manifest.json, so what it holds cannot be checked.",
        )
    return read_entry(archive, info)


# 4. Every listed file, byte for byte, and nothing else.


def check_files(
    archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], files: tuple[Listed, ...]
) -> bytes:
    """Returns return.xlsx's bytes for step 7."""
    contents: dict[str, bytes] = {}
    for listed in files:
        info = entries.get(listed.path)
        if info is None:
            raise _changed(f"{listed.path} is missing", "file-missing")
        if info.file_size != listed.size:
            raise _changed(f"{listed.path} is not the size that was signed", "file-size")
        data = read_entry(archive, info)
        if hashlib.sha256(data).hexdigest() != listed.sha256:
            raise _changed(f"{listed.path} does not match", "file-hash")
        contents[listed.path] = data
    unlisted = sorted(set(entries) - {MANIFEST, SIGNATURE} - set(contents))
    if unlisted:
        raise _changed(f"{', '.join(unlisted)} was added", "unlisted-entry")
    return contents["return.xlsx"]


def _changed(detail: str, code: str) -> BundleRefused:
    return BundleRefused(code, f"This return was changed after it was signed: {detail}.")
