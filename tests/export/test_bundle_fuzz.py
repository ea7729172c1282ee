"""A valid bundle, damaged at random: the reader refuses it with BundleRefused, or accepts
it only when every entry still unpacks to exactly what was signed. Nothing else, ever."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from coordinator_app.export.verify.bundle import BundleRefused, ChainState
from tests.export.test_bundle_verify import entries_of, make_bundle, verify

ORIGINAL = make_bundle()
ORIGINAL_ENTRIES = dict(entries_of(ORIGINAL))
KINDS = ("flip", "insert", "delete", "overwrite", "truncate")

Mutation = tuple[str, int, bytes]

# Most of a bundle is compressed payload; the ZIP's directory, where names and sizes live,
# is its last few hundred bytes, so positions there are drawn as often as anywhere else.
positions = st.one_of(
    st.integers(min_value=0, max_value=len(ORIGINAL) - 1),
    st.integers(min_value=len(ORIGINAL) - 400, max_value=len(ORIGINAL) - 1),
)
mutations = st.tuples(st.sampled_from(KINDS), positions, st.binary(min_size=1, max_size=8))


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


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(mutations, min_size=1, max_size=4))
@example([("truncate", 0, b"x")])
@example([("overwrite", 0, ORIGINAL[:4])])  # changes nothing: must still be accepted
def test_damaged_bundle_is_refused_or_unchanged(changes: list[Mutation]) -> None:
    data = mutate(ORIGINAL, changes)
    try:
        verify(data, state=ChainState())
    except BundleRefused as refused:
        assert refused.code and refused.sentence
        return
    assert dict(entries_of(data)) == ORIGINAL_ENTRIES
