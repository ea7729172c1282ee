"""The chain: which returns this reader has accepted, per trust, and whether a new one
replays, skips or breaks that sequence (step 6)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from coordinator_app.export.verify.errors import BundleRefused, ReaderFileInvalid
from coordinator_app.export.verify.fields import json_document, positive, required, sha256_hex
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
            return cls(_accepted_from(json_document(path.read_bytes())))
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
    trusts = required(doc, "accepted", dict)
    result: dict[str, dict[int, str]] = {}
    for trust, rows in trusts.items():
        if not isinstance(rows, list):
            raise ValueError(f"the entry for {trust} is not a list")
        result[trust] = {
            positive(required(row, "sequence", int)): sha256_hex(
                required(row, "manifest_sha256", str)
            )
            for row in rows
        }
    return result


# 6. The chain of returns this reader has accepted.


def check_chain(
    manifest: Manifest, digest: str, state: ChainState | None
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
