"""Steps 6 and 7 of format 2's reader: replay and fork told apart, gaps named, a late
return accepted when it chains with both neighbours, created_at never going back, and a
revoked key signing nothing more, whatever date it writes. Shown on format 1 bundles, which
readers still take, so each test also fails on the older reader for the reason it names."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from coordinator_app.export.verify.bundle import AcceptedReturn, ChainState, Link
from tests.export.bundle_kit import (
    CREATED,
    NOW,
    bundle_of,
    manifest,
    refusal,
    trusted,
    verify,
)


def _name(sequence: int) -> str:
    return f"rvc-return_RUH_2026-10_{sequence:04d}.zip"


def _returns(count: int) -> list[tuple[bytes, str]]:
    """A trust's returns 1..count, each chained to the one before, an hour apart."""
    made, previous = [], None
    for sequence in range(1, count + 1):
        data = bundle_of(
            manifest(
                sequence=sequence,
                previous_manifest_sha256=previous,
                created_at=CREATED + timedelta(hours=sequence - count),
            )
        )
        accepted = verify(data, name=_name(sequence))
        made.append((data, accepted.manifest_sha256))
        previous = accepted.manifest_sha256
    return made


def _accept(state: ChainState, data: bytes, sequence: int, **kwargs: Any) -> AcceptedReturn:
    accepted = verify(data, name=_name(sequence), state=state, **kwargs)
    state.accept(accepted)
    return accepted


def test_same_return_again_is_a_replay() -> None:
    ((first, _),) = _returns(1)
    state = ChainState()
    _accept(state, first, 1)
    error = refusal(first, name=_name(1), state=state)
    assert error.code == "replay" and "same return again" in error.sentence


def test_same_sequence_other_return_is_a_fork() -> None:
    ((first, _),) = _returns(1)
    state = ChainState()
    _accept(state, first, 1)
    other = bundle_of(manifest(totals={"hours": 1}))
    error = refusal(other, name=_name(1), state=state)
    assert error.code == "fork" and "two returns with one number" in error.sentence


def test_gap_is_reported_and_the_late_return_fills_it() -> None:
    returns = _returns(5)
    state = ChainState()
    for sequence in (1, 2, 5):
        accepted = _accept(state, returns[sequence - 1][0], sequence)
    assert accepted.missing_before == (3, 4)
    third = _accept(state, returns[2][0], 3)  # late, chains with 2; 4 still unknown
    assert third.missing_before is None
    fourth = _accept(state, returns[3][0], 4)  # chains with 3 and with 5
    assert fourth.missing_before is None
    assert sorted(state.accepted["RUH"]) == [1, 2, 3, 4, 5]


def test_late_return_not_chaining_with_its_successor_is_refused() -> None:
    returns = _returns(3)
    state = ChainState()
    _accept(state, returns[0][0], 1)
    _accept(state, returns[2][0], 3)
    impostor = bundle_of(
        manifest(
            sequence=2,
            previous_manifest_sha256=returns[0][1],
            totals={"hours": 2},
            created_at=CREATED - timedelta(minutes=90),
        )
    )
    error = refusal(impostor, name=_name(2), state=state)
    assert error.code == "broken-chain" and "arriving late" in error.sentence


def test_late_return_not_chaining_with_its_predecessor_is_refused() -> None:
    returns = _returns(3)
    state = ChainState()
    _accept(state, returns[0][0], 1)
    _accept(state, returns[2][0], 3)
    impostor = bundle_of(
        manifest(
            sequence=2,
            previous_manifest_sha256="cd" * 32,
            created_at=CREATED - timedelta(minutes=90),
        )
    )
    assert refusal(impostor, name=_name(2), state=state).code == "broken-chain"


def test_created_at_going_back_is_refused() -> None:
    returns = _returns(1)
    state = ChainState()
    _accept(state, returns[0][0], 1)
    earlier = bundle_of(
        manifest(
            sequence=2,
            previous_manifest_sha256=returns[0][1],
            created_at=CREATED - timedelta(days=1),
        )
    )
    error = refusal(earlier, name=_name(2), state=state)
    assert error.code == "created-backwards"


def test_late_return_dated_after_its_successor_is_refused() -> None:
    """Reachable when the successor's link came from a record that kept no previous hash."""
    returns = _returns(3)
    state = ChainState()
    _accept(state, returns[0][0], 1)
    state.accepted["RUH"][3] = Link(returns[2][1], None, CREATED, NOW)
    late = bundle_of(
        manifest(
            sequence=2,
            previous_manifest_sha256=returns[0][1],
            created_at=CREATED + timedelta(minutes=1),
        )
    )
    assert refusal(late, name=_name(2), state=state).code == "created-backwards"


def test_revoked_key_resigning_with_an_old_date_and_far_expiry_is_refused() -> None:
    """The reported attack: created_at one second before the revocation, expiry in 9999."""
    revoked = CREATED + timedelta(seconds=1)
    doc = manifest()
    doc["expires_at"] = "9999-12-31T23:59:59Z"
    error = refusal(bundle_of(doc), keys=[trusted(revoked_at=revoked)], state=ChainState())
    assert error.code in {"lifetime-too-long", "key-revoked"}
    short_lived = bundle_of(manifest())
    error = refusal(short_lived, keys=[trusted(revoked_at=revoked)], state=ChainState())
    assert error.code == "key-revoked"


def test_return_accepted_before_the_revocation_stays_accepted_but_is_not_taken_again() -> None:
    returns = _returns(2)
    state = ChainState()
    _accept(state, returns[0][0], 1)
    keys = [trusted(revoked_at=NOW + timedelta(hours=1))]
    later = NOW + timedelta(hours=2)
    assert refusal(returns[0][0], name=_name(1), state=state, keys=keys, now=later).code == (
        "replay"
    )
    error = refusal(returns[1][0], name=_name(2), state=state, keys=keys, now=later)
    assert error.code == "key-revoked"
    assert state.accepted["RUH"][1].accepted_at == NOW
