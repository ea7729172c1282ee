"""Format 2's reader rules on the archive and manifest: one byte form per signed content,
plain entry names, a bounded manifest and workbook, versions 1 and 2, lifetime and period.
Each test crafts the bundle that the reader before these rules accepted or choked on."""

from __future__ import annotations

import io
import os
import struct
import time
import zipfile
import zlib
from datetime import timedelta
from typing import Any

import pytest

from coordinator_app.export.bundle_format import PayloadFile, canonical_json
from tests.export.bundle_kit import (
    CREATED,
    MIB,
    bundle_of,
    entries_of,
    make_bundle,
    make_bundle_v2,
    manifest,
    manifest_v1,
    manifest_v2,
    patch_central,
    payload,
    read_totals,
    refusal,
    signed_bundle,
    verify,
    zip_entries,
)

# Versions 1 and 2


def test_format_2_bundle_is_accepted() -> None:
    accepted = verify(make_bundle_v2(), totals=read_totals)
    assert accepted.trust == "RUH" and accepted.sequence == 1


def test_format_1_bundle_is_still_accepted() -> None:
    assert verify(make_bundle()).sequence == 1


@pytest.mark.parametrize(
    "v2",
    [
        {"recipients": "age1x"},
        {"recipients": ["not-an-age-recipient"]},
        {"recipients": ["age1" + "q" * 58, "age1" + "p" * 58]},  # not sorted
        {"recipients": [1]},
        {"audit_head": {"entries": -1, "sha256": "ab" * 32}},
        {"audit_head": {"entries": 3, "sha256": "AB" * 32}},
        {"audit_head": {"entries": 3}},
        {"audit_head": [3, "ab"]},
        {"content_version": "2"},
        {"content_version": 0},
        {"content_version": True},
    ],
)
def test_format_2_fields_of_the_wrong_kind(v2: dict[str, Any]) -> None:
    assert refusal(bundle_of(manifest_v2(v2))).code == "manifest-malformed"


def test_format_2_with_an_age_recipient_is_accepted() -> None:
    verify(bundle_of(manifest_v2({"recipients": ["age1" + "q" * 58]})))


@pytest.mark.parametrize("name", ["recipients", "audit_head", "content_version"])
def test_format_2_missing_a_field_or_format_1_carrying_one(name: str) -> None:
    doc = manifest_v2()
    doc.pop(name)
    assert refusal(bundle_of(doc)).code == "manifest-malformed"
    v1 = manifest_v1()
    v1[name] = manifest_v2()[name]
    assert refusal(bundle_of(v1)).code == "manifest-malformed"


# Time and calendar


def test_lifetime_over_180_days_is_refused() -> None:
    doc = manifest()
    doc["expires_at"] = "9999-12-31T23:59:59Z"
    error = refusal(bundle_of(doc))
    assert error.code == "lifetime-too-long" and "180 days" in error.sentence


def test_lifetime_of_exactly_180_days_is_accepted() -> None:
    verify(make_bundle(expires_at=CREATED + timedelta(days=180)))


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2026-10", "2026-10-01", "2026-10-30"),
        ("2026-Q4", "2026-10-01", "2026-11-30"),
        ("2026-10", "2026-09-01", "2026-10-31"),
    ],
)
def test_period_label_disagreeing_with_its_dates(label: str, start: str, end: str) -> None:
    doc = manifest()
    doc["period"] = {"label": label, "start": start, "end": end}
    name = f"rvc-return_RUH_{label}_0001.zip"
    error = refusal(bundle_of(doc), name=name)
    assert error.code == "period-mismatch" and label in error.sentence


# Entry names


@pytest.mark.parametrize(
    "name",
    [
        "caf\u00e9.csv",
        "csv/r\u00e9sum\u00e9.csv",
        "summary\u202efdp.exe",
        "x" * 101,
        "csv/" + "y" * 97,
        "CON",
        "nul.txt",
        "csv/com1.csv",
        "LPT9.pdf",
        "Aux.xlsx",
        "notes txt",
        "a+b.csv",
    ],
)
def test_entry_names_that_are_not_plain(name: str) -> None:
    error = refusal(zip_entries([*entries_of(make_bundle()), (name, b"x")]))
    assert error.code == "entry-name-unsafe"


def test_right_to_left_override_is_named() -> None:
    error = refusal(zip_entries([*entries_of(make_bundle()), ("a\u202efdp.exe", b"x")]))
    assert "right-to-left" in error.sentence


def test_names_differing_only_in_unicode_normalisation() -> None:
    extra = [("csv/caf\u00e9.csv", b"x"), ("csv/cafe\u0301.csv", b"y")]
    assert refusal(zip_entries([*entries_of(make_bundle()), *extra])).code == "duplicate-entry"


def test_names_differing_only_in_case() -> None:
    extra = [("csv/a.csv", b"x"), ("csv/A.csv", b"y")]
    assert refusal(zip_entries([*entries_of(make_bundle()), *extra])).code == "duplicate-entry"


def test_a_name_of_100_plain_characters_is_fine() -> None:
    files = [*payload(), PayloadFile("csv/" + "z" * 92 + ".csv", b"a,b\r\n", "text/csv")]
    verify(bundle_of(manifest(files=files), files=files))


# The manifest's size


def test_manifest_over_1_mib_is_not_read() -> None:
    doc = manifest()
    doc["generator"]["version"] = os.urandom(MIB).hex()  # 2 MiB that hardly compress
    start = time.perf_counter()
    error = refusal(signed_bundle(canonical_json(doc)))
    assert error.code == "manifest-too-large"
    assert time.perf_counter() - start < 2


# One byte form


def test_bytes_before_the_first_entry() -> None:
    assert refusal(b"hello" + make_bundle()).code == "bytes-before-archive"


def test_archive_comment() -> None:
    buffer = io.BytesIO(make_bundle())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = b"signed elsewhere"
    assert refusal(buffer.getvalue()).code == "archive-comment"


def test_entry_comment() -> None:
    data = make_bundle()
    out = zip_entries(entries_of(data))
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        infos = archive.infolist()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in infos:
            info.comment = b"hi" if info.filename == "summary.pdf" else b""
            archive.writestr(info, dict(entries_of(data))[info.filename])
    assert refusal(buffer.getvalue()).code == "archive-comment"


def test_bytes_between_entries() -> None:
    entries = entries_of(make_bundle())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
            if name == "manifest.sig.json":
                archive.fp.write(b"hidden")  # type: ignore[union-attr]
                archive.start_dir += 6  # zipfile's next header goes after the hidden bytes
    assert refusal(buffer.getvalue()).code == "entry-layout"


def test_overlapping_entries() -> None:
    data = bytearray(make_bundle())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        second = archive.getinfo("manifest.sig.json")
    # From the directory's start: the stored workbook holds central records of its own.
    directory = struct.unpack_from("<L", data, len(data) - 6)[0]
    position = data.find(b"PK\x01\x02", directory + 4)  # manifest.sig.json's central record
    struct.pack_into("<L", data, position + 42, second.header_offset - 1)
    assert refusal(bytes(data)).code in {"entry-layout", "entry-header-mismatch"}


def test_local_header_disagreeing_with_the_directory() -> None:
    data = bytearray(make_bundle())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("summary.pdf")
    struct.pack_into("<H", data, info.header_offset + 10, 0x1234)  # the local time only
    error = refusal(bytes(data))
    assert error.code == "entry-header-mismatch" and "summary.pdf" in error.sentence


def test_sizes_kept_after_the_data_is_another_form() -> None:
    """Flag bit 3 (a data descriptor), set alike in both headers."""
    plain = make_bundle()
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        info = archive.getinfo("return.xlsx")
    data = bytearray(patch_central(plain, "return.xlsx", 8, "<H", info.flag_bits | 0x08))
    struct.pack_into("<H", data, info.header_offset + 6, info.flag_bits | 0x08)
    assert refusal(bytes(data)).code == "entry-header-mismatch"


# The workbook's own ZIP


def _workbook_bomb(rows: int, row: bytes) -> bytes:
    """A workbook whose sheet holds ``rows`` rows, deflated in a stream (never in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", b"<Types/>")
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b"<worksheet><sheetData>")
            block = row * 100_000
            for _ in range(rows // 100_000):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def _bundle_with_workbook(workbook: bytes) -> bytes:
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    files = [f for f in payload() if f.path != "return.xlsx"]
    files.append(PayloadFile("return.xlsx", workbook, xlsx))
    return bundle_of(manifest(files=files), files=files)


def test_twelve_million_row_workbook_is_refused_quickly() -> None:
    bundle = _bundle_with_workbook(_workbook_bomb(12_000_000, b'<row r="1"/>'))
    assert len(bundle) < 1 * MIB
    start = time.perf_counter()
    error = refusal(bundle, totals=read_totals)
    assert time.perf_counter() - start < 5
    assert error.code == "workbook-too-large" and "zip bomb" in error.sentence


def test_workbook_with_more_rows_than_excel_holds_is_refused_before_openpyxl() -> None:
    rows = b"".join(
        b'<row r="%d"><c><v>%d</v></c></row>' % (n, n * 7919 % 10007) for n in range(1_100_000)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as book:
        book.writestr(
            "xl/worksheets/sheet1.xml",
            b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>",
        )
    start = time.perf_counter()
    error = refusal(_bundle_with_workbook(buffer.getvalue()), totals=read_totals)
    assert time.perf_counter() - start < 5
    assert error.code == "workbook-too-large" and "1,048,576 rows" in error.sentence


def test_workbook_with_too_many_parts() -> None:
    parts = [(f"xl/media/p{n}.bin", zlib.compress(bytes([n]))) for n in range(70)]
    error = refusal(_bundle_with_workbook(zip_entries(parts)), totals=read_totals)
    assert error.code == "workbook-too-large" and "70 parts" in error.sentence
