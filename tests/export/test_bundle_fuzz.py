"""A valid format 2 bundle, damaged at random, and its signed fields changed at random: the
reader refuses with BundleRefused (nothing else ever escapes), and accepts only what was
signed, byte for byte. BUNDLE_FUZZ_EXAMPLES raises the count (CI: 2,000 byte cases and
1,000 of each signed-field kind); BUNDLE_FUZZ_REPORT=1 prints the figures at the end."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coordinator_app.export.bundle_format import canonical_json
from coordinator_app.export.verify.bundle import AcceptedReturn, BundleRefused, ChainState
from tests.export.bundle_kit import (
    KEY,
    entries_of,
    make_bundle_v2,
    manifest_v2,
    signed_bundle,
    verify,
    zip_entries,
)

ORIGINAL = make_bundle_v2()
ORIGINAL_ENTRIES = dict(entries_of(ORIGINAL))
SIGNED_MANIFEST = ORIGINAL_ENTRIES["manifest.json"]
KINDS = ("flip", "insert", "delete", "overwrite", "truncate")
EXAMPLES = int(os.environ.get("BUNDLE_FUZZ_EXAMPLES", "2000"))
FIGURES: dict[str, Any] = {
    "cases": 0,
    "accepted": 0,
    "accepted_changed": 0,
    "slowest": 0.0,
    "slowest_case": "",
}
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

Mutation = tuple[str, int, bytes]

# Most of a bundle is compressed payload; the ZIP's directory, where names and sizes live,
# is its last few hundred bytes, so positions there are drawn as often as anywhere else.
positions = st.one_of(
    st.integers(min_value=0, max_value=len(ORIGINAL) - 1),
    st.integers(min_value=len(ORIGINAL) - 400, max_value=len(ORIGINAL) - 1),
)
mutations = st.tuples(st.sampled_from(KINDS), positions, st.binary(min_size=1, max_size=8))
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.text(max_size=12)
    | st.sampled_from(["RUH", "2026-10", "2026-10-01", "2026-11-04T16:00:00Z", "ab" * 32]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
# A signed field changed: a path into the manifest, then replace, remove or add there.
edits = st.tuples(
    st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=3),
    st.sampled_from(("replace", "remove", "add")),
    json_values,
)


def mutate(data: bytes, changes: list[Mutation]) -> bytes:
    out = bytearray(data)
    for kind, position, chunk in changes:
        at = min(position, len(out))
        if kind == "flip" and at < len(out):
            out[at] ^= chunk[0] or 0x01
        elif kind == "insert":
            out[at:at] = chunk
        elif kind == "delete":
            del out[at : at + len(chunk)]
        elif kind == "overwrite":
            out[at : at + len(chunk)] = chunk
        elif kind == "truncate":
            del out[at:]
    return bytes(out)


def edit(doc: Any, steps: list[int], how: str, value: object) -> None:
    """Walks ``steps`` (each picks a key or index by position) and changes the last one."""
    for n, step in enumerate(steps):
        keys: list[Any] = sorted(doc) if isinstance(doc, dict) else list(range(len(doc)))
        if not keys or not isinstance(doc, dict | list):
            return
        key = keys[step % len(keys)]
        last = n == len(steps) - 1 or not isinstance(doc[key], dict | list)
        if not last:
            doc = doc[key]
            continue
        if how == "replace":
            doc[key] = value
        elif how == "remove":
            del doc[key]
        elif isinstance(doc, dict):
            doc[f"extra{step}"] = value
        else:
            doc.append(value)
        return


def checked(data: bytes, case: str) -> AcceptedReturn | None:
    """Verifies, timing the case; None when refused. Anything but BundleRefused escapes."""
    start = time.perf_counter()
    try:
        accepted = verify(data, state=ChainState())
        FIGURES["accepted"] += 1
        return accepted
    except BundleRefused as refused:
        assert refused.code and refused.sentence
        return None
    finally:
        took = time.perf_counter() - start
        FIGURES["cases"] += 1
        if took > FIGURES["slowest"]:
            FIGURES["slowest"], FIGURES["slowest_case"] = took, case


def holds_what_was_signed(data: bytes, accepted: AcceptedReturn) -> bool:
    entries = dict(entries_of(data))
    manifest_bytes = entries["manifest.json"]
    doc = json.loads(manifest_bytes)
    listed = {f["path"]: f["sha256"] for f in doc["files"]}
    payload = {k: hashlib.sha256(v).hexdigest() for k, v in entries.items()}
    payload.pop("manifest.json"), payload.pop("manifest.sig.json")
    return (
        payload == listed
        and accepted.manifest_sha256 == hashlib.sha256(manifest_bytes).hexdigest()
        and (accepted.trust, accepted.sequence) == (doc["trust"]["code"], doc["sequence"])
    )


def record_change(ok: bool) -> None:
    if not ok:
        FIGURES["accepted_changed"] += 1
    assert ok, "a bundle was accepted with content other than what was signed"


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    if os.environ.get("BUNDLE_FUZZ_REPORT"):
        print(
            f"\nbundle fuzz: {FIGURES['cases']} cases, {FIGURES['accepted']} accepted, "
            f"{FIGURES['accepted_changed']} accepted with changed content, 0 crashes "
            f"(any would have failed the run), slowest {FIGURES['slowest'] * 1000:.1f} ms "
            f"({FIGURES['slowest_case']})",
            file=sys.stderr,
        )


@FUZZ
@given(st.lists(mutations, min_size=1, max_size=4))
@example([("truncate", 0, b"x")])
@example([("overwrite", 0, ORIGINAL[:4])])  # changes nothing: must still be accepted
def test_damaged_bundle_is_refused_or_unchanged(changes: list[Mutation]) -> None:
    data = mutate(ORIGINAL, changes)
    accepted = checked(data, f"bytes {changes!r}"[:200])
    if accepted is not None:
        record_change(dict(entries_of(data)) == ORIGINAL_ENTRIES)


def _fields_case(resign: bool) -> Callable[[list[tuple[list[int], str, object]]], None]:
    def case(changes: list[tuple[list[int], str, object]]) -> None:
        doc = manifest_v2()
        for steps, how, value in changes:
            edit(doc, steps, how, value)
        try:
            manifest_bytes = canonical_json(doc)
        except ValueError:  # NaN-free by construction; an integer JSON cannot carry exactly
            return
        if resign:
            data = signed_bundle(manifest_bytes, KEY)
        else:  # the original signature over changed fields
            entries = dict(ORIGINAL_ENTRIES, **{"manifest.json": manifest_bytes})
            data = zip_entries(list(entries.items()))
        accepted = checked(data, f"fields resign={resign} {changes!r}"[:200])
        if accepted is not None:
            record_change(
                holds_what_was_signed(data, accepted)
                and (resign or manifest_bytes == SIGNED_MANIFEST)
            )

    return case


@settings(FUZZ, max_examples=max(EXAMPLES // 2, 1))
@given(st.lists(edits, min_size=1, max_size=3))
def test_signed_fields_changed_and_signed_again_are_refused_or_what_was_signed(
    changes: list[tuple[list[int], str, object]],
) -> None:
    _fields_case(resign=True)(changes)


@settings(FUZZ, max_examples=max(EXAMPLES // 2, 1))
@given(st.lists(edits, min_size=1, max_size=3))
def test_signed_fields_changed_under_the_old_signature_are_refused(
    changes: list[tuple[list[int], str, object]],
) -> None:
    _fields_case(resign=False)(changes)
