"""One byte form per signed content (step 1): the archive is exactly its entries, back to
back from the first byte, then the central directory, then its end record, nothing else.
Bytes hidden before, between or after entries, or a local header telling another story
than the central directory, would let one signed return travel as many different files."""

from __future__ import annotations

import struct
from typing import NoReturn

from coordinator_app.export.verify.errors import BundleRefused

_LOCAL = struct.Struct("<4s5H3L2H")  # 30 bytes
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # 46 bytes
_END = struct.Struct("<4s4H2LH")  # 22 bytes
_DATA_DESCRIPTOR = 0x08


def check_layout(data: bytes) -> None:
    """Raises BundleRefused unless ``data`` is laid out the one way Coordinator writes."""
    if len(data) < _END.size or data[-_END.size : -_END.size + 4] != b"PK\x05\x06":
        _comment()
    _sig, disk, cd_disk, on_disk, total, cd_size, cd_offset, comment = _END.unpack(
        data[-_END.size :]
    )
    if comment:
        _comment()
    cd_start = len(data) - _END.size - cd_size
    if disk or cd_disk or on_disk != total or cd_start < 0:
        _layout("its directory is not where its end record says")
    if cd_start > cd_offset:
        raise BundleRefused(
            "bytes-before-archive",
            "This file has bytes before its first entry, which Coordinator never writes; "
            "it may hide something. Ask the trust to send the return again.",
        )
    if cd_start != cd_offset:
        _layout("its directory is not where its end record says")
    position = 0
    at = cd_offset
    for _ in range(total):
        at, position = _entry(data, at, position)
    if at != cd_offset + cd_size:
        _layout("its directory holds more than its entries")
    if position != cd_offset:
        _layout("there are bytes between its last entry and its directory")


def _entry(data: bytes, at: int, position: int) -> tuple[int, int]:
    """Checks the central record at ``at`` against the local header it points to, which
    must start exactly where the previous entry ended; returns both next positions."""
    if at + _CENTRAL.size > len(data):
        _layout("its directory is cut short")
    central = _CENTRAL.unpack_from(data, at)
    (sig, _made, needed, flags, method, time, date, crc, packed, size) = central[:10]
    name_len, extra_len, comment_len, _disk, _internal, _external, offset = central[10:]
    if sig != b"PK\x01\x02":
        _layout("its directory is damaged")
    if comment_len:
        _comment()
    name_at = at + _CENTRAL.size
    name = data[name_at : name_at + name_len]
    extra = data[name_at + name_len : name_at + name_len + extra_len]
    if offset != position:
        if position == 0:
            raise BundleRefused(
                "bytes-before-archive",
                "This file has bytes before its first entry, which Coordinator never writes; "
                "it may hide something. Ask the trust to send the return again.",
            )
        _layout(f"there are gaps or overlaps around {_shown(name)}")
    if position + _LOCAL.size > len(data):
        _layout("an entry is cut short")
    local = _LOCAL.unpack_from(data, position)
    local_name_at = position + _LOCAL.size
    local_name = data[local_name_at : local_name_at + local[9]]
    local_extra = data[local_name_at + local[9] : local_name_at + local[9] + local[10]]
    if (
        local[0] != b"PK\x03\x04"
        or local[1:9] != (needed, flags, method, time, date, crc, packed, size)
        or (local_name, local_extra) != (name, extra)
        or flags & _DATA_DESCRIPTOR
    ):
        raise BundleRefused(
            "entry-header-mismatch",
            f"In this file the entry {_shown(name)} is described two different ways, which "
            "Coordinator never writes; it may hide something. Ask the trust to send the "
            "return again.",
        )
    end = local_name_at + local[9] + local[10] + packed
    return name_at + name_len + extra_len + comment_len, end


def _shown(name: bytes) -> str:
    return repr(name.decode("ascii", "replace"))


def _comment() -> NoReturn:
    raise BundleRefused(
        "archive-comment",
        "This file carries a comment or extra bytes after its end, which Coordinator never "
        "writes; it may hide something. Ask the trust to send the return again.",
    )


def _layout(detail: str) -> NoReturn:
    raise BundleRefused(
        "entry-layout",
        f"This file is not laid out as Coordinator writes returns: {detail}. "
        "Ask the trust to send the return again.",
    )
