"""Where the returns' chain stands, from three places that must not be bent together.

Every signed return's sequence and manifest hash live in the vault's database. The last
signed manifest itself (its bytes and signature) is also kept in the key file, which a
restore of an older database does not touch, and in a copy outside the vault folder (the
per-user state folder), which a restore of a whole older backup does not touch either.
A record outside the database counts only if its manifest verifies with one of this
vault's signing keys, so editing ``returns_chain`` in vault.key cannot make the next return
number 42. The chain continues after the highest sequence found; whenever that is not
simply the database's last + 1 (a restore, a record that does not verify, two different
returns with one number), the coordinator must confirm the number before signing."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator_app.data.locations import state_dir
from coordinator_app.data.models import ReturnExportRow, SigningKeyRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.export.bundle_format import PAYLOAD_TYPE, key_id_of, pae
from coordinator_app.files import write_atomically

RECORD = "returns_chain"
VAULT, KEY_FILE, OUTSIDE = "this vault", "the key file (vault.key)", "the copy outside the vault"


@dataclass(frozen=True)
class Link:
    sequence: int
    manifest_sha256: str
    where: str


@dataclass(frozen=True)
class Position:
    next_sequence: int
    previous: str | None  # the manifest hash the next return chains to
    doubts: tuple[str, ...]  # why the coordinator must confirm ``next_sequence``


class SequenceNotConfirmed(InvalidInput):
    """The next number is not the obvious one: signing waits for the coordinator's yes."""

    def __init__(self, position: Position) -> None:
        super().__init__(
            " ".join(position.doubts)
            + f" The next return would be number {position.next_sequence}.",
            f"Check that no return numbered {position.next_sequence} or above was sent from "
            f"another copy of this vault, then confirm number {position.next_sequence}.",
        )
        self.sequence = position.next_sequence


def default_outside_folder() -> Path:
    return state_dir() / "returns-chain"


def position(vault: Vault, session: Session, outside: Path | None = None) -> Position:
    newest = session.scalars(
        select(ReturnExportRow).order_by(ReturnExportRow.sequence.desc()).limit(1)
    ).first()
    held = newest.sequence if newest else 0
    links = [Link(newest.sequence, newest.manifest_sha256, VAULT)] if newest else []
    doubts: list[str] = []
    kept = (
        (KEY_FILE, vault.outliving_record(RECORD)),
        (OUTSIDE, _read_outside(vault, outside)),
    )
    for where, raw in kept:
        if raw is None:
            continue
        link, known_key = _verified(session, raw, where)
        if link is None:
            doubts.append(
                f"The returns record in {where} does not hold a return this vault signed, "
                "so it was changed or damaged."
            )
            continue
        links.append(link)
        if not known_key:
            doubts.append(
                f"Return {link.sequence} in {where} was signed with a key this vault does "
                "not hold (one made after the backup it was restored from?)."
            )
    top = max(links, key=lambda link: link.sequence, default=None)
    if top is None:
        return Position(1, None, tuple(doubts))
    for link in links:
        twin = session.get(ReturnExportRow, link.sequence)
        if twin is not None and twin.manifest_sha256 != link.manifest_sha256:
            doubts.append(
                f"Two different returns numbered {link.sequence} were signed "
                f"({link.where} holds the other one)."
            )
    if top.sequence > held:
        doubts.append(
            f"This vault was restored from a backup older than return {top.sequence}: "
            "numbering continues after it, so the programme manager's chain stays whole."
        )
    return Position(top.sequence + 1, top.manifest_sha256, tuple(dict.fromkeys(doubts)))


def require_confirmed(found: Position, accept_sequence: int | None) -> None:
    if found.doubts and accept_sequence != found.next_sequence:
        raise SequenceNotConfirmed(found)


def keep(vault: Vault, manifest: bytes, signature: bytes, outside: Path | None = None) -> None:
    """After a return is signed and recorded: the same record in the key file and outside."""
    record = {
        "sequence": int(json.loads(manifest)["sequence"]),
        "manifest_sha256": hashlib.sha256(manifest).hexdigest(),
        "manifest": base64.b64encode(manifest).decode("ascii"),
        "signature": base64.b64encode(signature).decode("ascii"),
    }
    vault.keep_outliving_record(RECORD, record)
    document = {"vault_id": vault.vault_id, RECORD: record}
    path = _outside_path(vault, outside)
    write_atomically(path, json.dumps(document, indent=2, sort_keys=True).encode("utf-8"))


def _outside_path(vault: Vault, outside: Path | None) -> Path:
    return (outside or default_outside_folder()) / f"{vault.vault_id}.json"


def _read_outside(vault: Vault, outside: Path | None) -> object:
    try:
        document = json.loads(_outside_path(vault, outside).read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}  # there but unreadable: a doubt, not a silent restart
    return document.get(RECORD, {}) if isinstance(document, dict) else {}


def _verified(session: Session, raw: object, where: str) -> tuple[Link | None, bool]:
    """The record's link if its manifest verifies, and whether with one of this vault's
    keys (a key rotated after a restored backup is not in the vault, yet its returns were
    really sent: they still count, with a doubt). (None, False) if it does not verify."""
    if not isinstance(raw, dict):
        return None, False
    try:
        sequence, claimed = int(raw["sequence"]), str(raw["manifest_sha256"])
        if "manifest" not in raw:  # written before manifests were kept: the vault vouches
            row = session.get(ReturnExportRow, sequence)
            vouched = row is not None and row.manifest_sha256 == claimed
            return (Link(sequence, claimed, where) if vouched else None), vouched
        manifest = base64.b64decode(str(raw["manifest"]), validate=True)
        envelope: dict[str, Any] = json.loads(base64.b64decode(str(raw["signature"])))
        signature = base64.b64decode(str(envelope["sig"]), validate=True)
        doc: dict[str, Any] = json.loads(manifest)
        if hashlib.sha256(manifest).hexdigest() != claimed or int(doc["sequence"]) != sequence:
            return None, False
        key = session.scalars(
            select(SigningKeyRow).where(SigningKeyRow.key_id == str(envelope["key_id"]))
        ).first()
        public_key = key.public_key if key is not None else str(doc["signer"]["public_key"])
        if key_id_of(base64.b64decode(public_key)) != envelope["key_id"]:
            return None, False
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
        public.verify(signature, pae(PAYLOAD_TYPE, manifest))
    except (KeyError, TypeError, ValueError, binascii.Error, InvalidSignature):
        return None, False
    return Link(sequence, claimed, where), key is not None
