"""return.xlsx is itself a ZIP of XML: before openpyxl sees it (step 8), its own archive
gets the bundle's limits and its sheets a row limit, counted while streaming with bounded
reads, so a small signed workbook cannot make the reader unpack or parse millions of rows
(a 0.7 MiB workbook holding 12 million rows took minutes and 1.5 GB before)."""

from __future__ import annotations

import io
import re
import zipfile

from coordinator_app.export.bundle_format import MAX_RATIO
from coordinator_app.export.verify.archive import (
    MAX_ENTRIES,
    MAX_ENTRY,
    MAX_TOTAL,
    ZIP_ERRORS,
)
from coordinator_app.export.verify.errors import BundleRefused

# Excel's own limit for one sheet; a return's workbook, all sheets together, holds fewer
# (the largest demo trust's busiest quarter has tens of thousands of shifts).
MAX_ROWS = 1_048_576
_CHUNK = 1024 * 1024
# A row or shared string opens with one of these; the prefix allows a namespaced form.
_ROW = re.compile(rb"<(?:[A-Za-z0-9_]{1,16}:)?(?:row|si)[\s/>]")
_PREFIXED = re.compile(rb"<[A-Za-z0-9_]{1,16}:(?:row|si)[\s/>]")
_COUNTED = re.compile(r"xl/(worksheets/[^/]+|sharedStrings)\.xml")


def check_workbook(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            infos = book.infolist()
            _check_limits(infos)
            rows = 0
            for info in infos:
                if _COUNTED.fullmatch(info.filename):
                    rows += _count_rows(book, info, MAX_ROWS - rows)
    except ZIP_ERRORS as exc:
        raise _unreadable() from exc


def _check_limits(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise _too_big(f"it holds {len(infos)} parts, more than {MAX_ENTRIES}")
    if any(info.file_size > MAX_ENTRY for info in infos):
        raise _too_big("one of its parts would unpack to more than 200 MiB")
    if sum(info.file_size for info in infos) > MAX_TOTAL:
        raise _too_big("it would unpack to more than 500 MiB")
    for info in infos:
        if info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _too_big(
                f"its part {info.filename!r} would unpack to over {MAX_RATIO} times its "
                "packed size, the mark of a 'zip bomb'"
            )


def _count_rows(book: zipfile.ZipFile, info: zipfile.ZipInfo, allowed: int) -> int:
    """Rows (and shared strings) in one part, stopping as soon as ``allowed`` is passed;
    never reads past the part's declared size."""
    count, carry, left = 0, b"", info.file_size
    with book.open(info) as handle:
        while left > 0:
            chunk = handle.read(min(_CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            buffer = carry + chunk
            # Keep an unfinished tag for the next chunk: a match holds one '<', its first byte.
            cut = buffer.rfind(b"<", max(0, len(buffer) - 32))
            carry, buffer = (buffer[cut:], buffer[:cut]) if cut >= 0 and left > 0 else (b"", buffer)
            count += _openings(buffer)
            if count > allowed:
                raise _too_big(f"its sheets hold more than {MAX_ROWS:,} rows")
    return count


def _openings(buffer: bytes) -> int:
    """The rows and shared strings ``buffer`` opens (``_ROW``), never fewer: plain tags are
    counted with bytes.count (a large return's 24 MB of sheets took 150 ms by pattern, a
    tenth of combining sixty), where a tag such as <rowBreaks> counts too; namespaced ones
    by pattern, only when there are any."""
    count = buffer.count(b"<row") + buffer.count(b"<si")
    if b":row" in buffer or b":si" in buffer:
        count += sum(1 for _ in _PREFIXED.finditer(buffer))
    return count


def _too_big(detail: str) -> BundleRefused:
    return BundleRefused(
        "workbook-too-large",
        f"return.xlsx is signed but far larger inside than a return can be: {detail}. "
        "It was not opened; ask the trust what they sent.",
    )


def _unreadable() -> BundleRefused:
    return BundleRefused(
        "workbook-unreadable",
        "return.xlsx is signed but cannot be read as a workbook of a return.",
    )
