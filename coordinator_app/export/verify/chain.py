"""The chain: which returns this reader has accepted, per trust, and whether a new one
replays, forks, skips or breaks that sequence, or fills a gap (step 6); and revocation,
judged against that record rather than the signer's own clock (step 7)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from coordinator_app.export.bundle_format import format_utc, parse_utc
from coordinator_app.export.verify.errors import BundleRefused, ReaderFileInvalid, when
from coordinator_app.export.verify.fields import (
    json_document,
    optional,
    positive,
    required,
    sha256_hex,
)
from coordinator_app.export.verify.keys import TrustedKey
from coordinator_app.export.verify.manifest import Manifest
from coordinator_app.files import write_atomically

ACCEPTED_FILE = "accepted.json"


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
    previous_manifest_sha256: str | None = None
    checked_at: datetime | None = None  # the reader's clock when it was accepted


@dataclass(frozen=True)
class Link:
    """One accepted return as the chain needs it. Times are None only in a record written
    by an older reader, which kept hashes alone."""

    manifest_sha256: str
    previous: str | None = None
    created_at: datetime | None = None
    accepted_at: datetime | None = None


@dataclass
class ChainState:
    """What this reader has accepted: per trust, each sequence and its link."""

    accepted: dict[str, dict[int, Link]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> ChainState:
        path = folder / ACCEPTED_FILE
        if not path.exists():
            return cls()
        try:
            return cls.from_document(json_document(path.read_bytes()))
        except (OSError, ValueError) as exc:
            raise ReaderFileInvalid(
                f"{path} cannot be used as the record of accepted returns ({exc}).",
                "Restore it from a backup; it is never edited by hand.",
            ) from exc

    def save(self, folder: Path) -> None:
        text = json.dumps(self.document(), indent=2) + "\n"
        write_atomically(folder / ACCEPTED_FILE, text.encode("utf-8"))

    def document(self) -> dict[str, object]:
        """The record as JSON: what the file holds, and what a vault's MAC covers."""
        return {
            "accepted": {
                trust: [_row(sequence, link) for sequence, link in sorted(seqs.items())]
                for trust, seqs in sorted(self.accepted.items())
            }
        }

    @classmethod
    def from_document(cls, doc: object) -> ChainState:
        trusts = required(doc, "accepted", dict)
        result: dict[str, dict[int, Link]] = {}
        for trust, rows in trusts.items():
            if not isinstance(rows, list):
                raise ValueError(f"the entry for {trust} is not a list")
            result[trust] = {positive(required(row, "sequence", int)): _link(row) for row in rows}
        return cls(result)

    def count(self) -> int:
        return sum(len(seqs) for seqs in self.accepted.values())

    def accept(self, accepted: AcceptedReturn) -> None:
        """Called by whoever acted on the return; verify_bundle itself never changes state."""
        self.accepted.setdefault(accepted.trust, {})[accepted.sequence] = Link(
            accepted.manifest_sha256,
            accepted.previous_manifest_sha256,
            accepted.created_at,
            accepted.checked_at,
        )


def _row(sequence: int, link: Link) -> dict[str, object]:
    return {
        "sequence": sequence,
        "manifest_sha256": link.manifest_sha256,
        "previous_manifest_sha256": link.previous,
        "created_at": format_utc(link.created_at) if link.created_at else None,
        "accepted_at": format_utc(link.accepted_at) if link.accepted_at else None,
    }


def _link(row: object) -> Link:
    return Link(
        manifest_sha256=sha256_hex(required(row, "manifest_sha256", str)),
        previous=optional(row, "previous_manifest_sha256", str, sha256_hex),
        created_at=optional(row, "created_at", str, parse_utc),
        accepted_at=optional(row, "accepted_at", str, parse_utc),
    )


# 6. The chain of returns this reader has accepted.


def check_chain(
    manifest: Manifest, digest: str, state: ChainState | None
) -> tuple[int, int] | None:
    """The gap before this return (returns N..M never seen), or None; refuses a replay,
    a fork, a return that does not chain with an accepted neighbour, or a clock gone back."""
    if state is None:
        return None
    accepted = state.accepted.get(manifest.trust, {})
    name = f"{manifest.trust} return {manifest.sequence}"
    for sequence, link in accepted.items():
        if link.manifest_sha256 == digest:
            raise BundleRefused(
                "replay",
                f"This return ({manifest.trust} return {sequence}) has already been accepted; "
                "this is the same return again, so it was not counted twice.",
            )
    if manifest.sequence in accepted:
        raise BundleRefused(
            "fork",
            f"This is {name}, but a different {name} has already been accepted: the trust's "
            "vault has signed two returns with one number, as a copied or restored vault "
            "would. Ask the trust which one is right before accepting either.",
        )
    _check_neighbours(manifest, digest, accepted, name)
    _check_clock(manifest, accepted, name)
    below = max((s for s in accepted if s < manifest.sequence), default=0)
    if manifest.sequence > below + 1:
        return (below + 1, manifest.sequence - 1)
    return None


def _check_neighbours(
    manifest: Manifest, digest: str, accepted: dict[int, Link], name: str
) -> None:
    predecessor = accepted.get(manifest.sequence - 1)
    if predecessor is not None and predecessor.manifest_sha256 != manifest.previous:
        raise BundleRefused(
            "broken-chain",
            f"This is {name}, but it does not follow the return {manifest.sequence - 1} you "
            "accepted: the chain of returns is broken. Ask the trust which returns their "
            "vault made.",
        )
    successor = accepted.get(manifest.sequence + 1)
    if successor is not None and successor.previous not in (None, digest):
        raise BundleRefused(
            "broken-chain",
            f"This is {name}, arriving late, but the return {manifest.sequence + 1} you "
            "accepted follows a different one: the chain of returns is broken. Ask the "
            "trust which returns their vault made.",
        )


def _check_clock(manifest: Manifest, accepted: dict[int, Link], name: str) -> None:
    """A later return cannot have been made before an earlier one: created_at is checked
    against every accepted return of the trust on either side."""
    for sequence, link in accepted.items():
        if link.created_at is None:
            continue
        earlier = sequence < manifest.sequence
        if (earlier and manifest.created_at < link.created_at) or (
            not earlier and manifest.created_at > link.created_at
        ):
            raise BundleRefused(
                "created-backwards",
                f"This is {name}, said to be made on {when(manifest.created_at)}, but the "
                f"return {sequence} you accepted was made on {when(link.created_at)}: "
                "returns are numbered in the order they are made, so its date is not true.",
            )


# 7. Revocation, judged by what this reader accepted, not by the signer's clock.


def check_revocation(key_id: str, trust: str, keys: Sequence[TrustedKey], now: datetime) -> None:
    """A bundle that reaches this point was never accepted before (step 6 refuses the
    same bundle again), so a key revoked by now signs nothing more that is accepted:
    created_at is the signer's own claim and a stolen key can write any date."""
    for key in keys:
        revoked = key.revoked_at
        if key.key_id == key_id and key.trust == trust and revoked is not None and revoked <= now:
            raise BundleRefused(
                "key-revoked",
                f"This return is signed with key {key_id}, which was revoked on "
                f"{when(revoked)}; returns signed by a revoked key are accepted only if "
                "they arrived before it was revoked. Ask the trust to sign it again with "
                "their current key.",
            )
