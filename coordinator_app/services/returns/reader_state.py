"""The programme manager's record of accepted returns, authenticated: it lives in their
vault (one row per return, the bundle kept byte for byte) and is sealed with an HMAC-SHA256,
keyed from the vault's data key, over its canonical form, with the count beside it in the
vault's key file. A row edited, added or removed behind Coordinator's back, or the whole
record emptied, no longer matches the seal, and the reader refuses to work from it: a
replayed or forked return could otherwise pass as new."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile
from typing import cast

from sqlalchemy import select

from coordinator_app.data.models import ReceivedReturnRow, SettingRow
from coordinator_app.data.vault import Vault
from coordinator_app.export.bundle_format import Json, canonical_json, parse_utc
from coordinator_app.export.verify.bundle import ChainState, Link, ReaderFileInvalid

SEAL_RECORD = "received_returns_seal"
_MAC_PURPOSE = "coordinator received-returns state v1"
# Set (inside the encrypted database) once the state has been sealed: a vault from before
# sealing existed is sealed at its first use, but a seal removed later is noticed.
SEALED_SETTING = "received_returns_sealed"


def load_state(vault: Vault) -> ChainState:
    """The accepted returns, per trust, after checking them against the vault's seal."""
    state = ChainState()
    with vault.unit_of_work() as session:
        for row in session.scalars(select(ReceivedReturnRow)):
            state.accepted.setdefault(row.trust, {})[row.sequence] = Link(
                row.manifest_sha256,
                _previous_of(row.bundle),
                parse_utc(row.created_at),
                parse_utc(row.received_at),
            )
    _check(vault, state)
    return state


def seal(vault: Vault, state: ChainState) -> None:
    """Called after every accepted return is kept, with the state that now includes it."""
    vault.keep_outliving_record(SEAL_RECORD, {"count": state.count(), "mac": _mac(vault, state)})
    if not _ever_sealed(vault):
        with vault.unit_of_work() as session:
            session.merge(SettingRow(key=SEALED_SETTING, value_json="true"))


def _ever_sealed(vault: Vault) -> bool:
    with vault.unit_of_work() as session:
        return session.get(SettingRow, SEALED_SETTING) is not None


def _check(vault: Vault, state: ChainState) -> None:
    kept = vault.outliving_record(SEAL_RECORD)
    if kept is None and state.count() == 0:
        return  # nothing accepted yet: nothing to protect
    if kept is None and not _ever_sealed(vault):
        # Returns accepted before this version sealed its state: trusted as they are, once.
        seal(vault, state)
        return
    if not isinstance(kept, dict) or kept.get("count") != state.count():
        found = kept.get("count") if isinstance(kept, dict) else None
        raise ReaderFileInvalid(
            f"This vault's record of accepted returns holds {state.count()} returns, but it "
            f"was left holding {found if found is not None else 'a sealed number of'} "
            "returns: returns were removed or added outside Coordinator, so replays and "
            "forks cannot be told from new returns.",
            "Restore the vault from a backup made after the last return you accepted, or "
            "ask for help before receiving more returns.",
        )
    if not hmac.compare_digest(str(kept.get("mac", "")), _mac(vault, state)):
        raise ReaderFileInvalid(
            "This vault's record of accepted returns was changed outside Coordinator: it no "
            "longer matches its seal, so replays and forks cannot be told from new returns.",
            "Restore the vault from a backup made after the last return you accepted, or "
            "ask for help before receiving more returns.",
        )


def _mac(vault: Vault, state: ChainState) -> str:
    body = canonical_json(cast(Json, state.document()))
    return hmac.new(vault.derived_key(_MAC_PURPOSE), body, hashlib.sha256).hexdigest()


def _previous_of(bundle: bytes) -> str | None:
    """The kept bundle's previous_manifest_sha256: it passed every check when received."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        previous = json.loads(archive.read("manifest.json")).get("previous_manifest_sha256")
    return str(previous) if previous is not None else None
