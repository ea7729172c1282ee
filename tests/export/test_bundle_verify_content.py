"""The reader refuses every way a return bundle can be wrong, each with its own code: the
manifest, the files, time, the chain, the workbook and the reader's own files."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from coordinator_app.export.bundle_format import (
    canonical_json,
    key_id_of,
    public_key_b64,
)
from coordinator_app.export.verify.bundle import (
    ChainState,
    Link,
    ReaderFileInvalid,
    load_trusted_keys,
)
from tests.export.bundle_kit import (
    CREATED,
    KEY,
    NAME,
    OTHER_KEY,
    TOTALS,
    chain,
    entries_of,
    make_bundle,
    manifest,
    patch_central,
    raw,
    read_totals,
    refusal,
    signed_bundle,
    trusted,
    verify,
    with_entry,
    zip_entries,
)

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
