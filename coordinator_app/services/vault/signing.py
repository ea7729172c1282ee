"""The vault's signing key: an Ed25519 key pair made with the vault (or on first need for
an older one). The private key never leaves the encrypted database; the public half goes
to the programme manager as a `trusted-keys.json` record and a registration sheet.
Rotation makes a new key and lists the old one for revocation."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator_app.data import audit
from coordinator_app.data.models import CoordinatorRow, SigningKeyRow, TrustRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.recovery_key import ALPHABET
from coordinator_app.export.bundle_format import format_utc, key_id_of, parse_utc, public_key_b64
from coordinator_app.export.verify.bundle import TrustedKey


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    public_key: str  # base64 of the raw 32 bytes
    created_at: str
    retired_at: str | None

    @property
    def fingerprint(self) -> str:
        """Six groups of four letters and digits to read over the phone: SHA-256 of the
        public key in the unambiguous alphabet the recovery key uses (no I, L, O, U)."""
        digest = int.from_bytes(hashlib.sha256(base64.b64decode(self.public_key)).digest(), "big")
        chars = "".join(ALPHABET[(digest >> (5 * i)) & 31] for i in range(24))
        return " ".join(chars[i : i + 4] for i in range(0, 24, 4))


@dataclass(frozen=True)
class KeyRecords:
    trust_code: str
    trust_name: str
    coordinator: str
    current: SigningKey
    retired: tuple[SigningKey, ...]


def ensure_key(session: Session) -> SigningKeyRow:
    """The key that signs now, made on first need (older vaults had none)."""
    row = session.scalars(
        select(SigningKeyRow)
        .where(SigningKeyRow.retired_at.is_(None))
        .order_by(SigningKeyRow.id.desc())
    ).first()
    return row if row is not None else _new_key(session)


def coordinator_names(session: Session) -> tuple[str, ...]:
    """Everyone who can open this vault, as the key and recipient sheets name them: read in
    one place, so a vault with several coordinators names them all."""
    return tuple(session.scalars(select(CoordinatorRow.name).order_by(CoordinatorRow.id)))


def private_key(row: SigningKeyRow) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(row.private_key)


def public_raw(row: SigningKeyRow) -> bytes:
    return base64.b64decode(row.public_key)


def records(vault: Vault) -> KeyRecords:
    with vault.unit_of_work() as session:
        current = ensure_key(session)
        retired = session.scalars(
            select(SigningKeyRow)
            .where(SigningKeyRow.retired_at.is_not(None))
            .order_by(SigningKeyRow.id)
        )
        trust = session.scalars(select(TrustRow)).one()
        return KeyRecords(
            trust_code=trust.code,
            trust_name=trust.full_name,
            coordinator=", ".join(coordinator_names(session)),
            current=_key(current),
            retired=tuple(_key(r) for r in retired),
        )


def trusted_key_entries(found: KeyRecords) -> dict[str, Any]:
    """What the programme manager adds to `trusted-keys.json`: the current key, and any
    retired key with the time from which its bundles must be refused."""
    entries = [
        {
            "trust": found.trust_code,
            "key_id": key.key_id,
            "public_key": key.public_key,
            "valid_from": key.created_at,
            "revoked_at": key.retired_at,
            "note": f"{found.trust_code} coordinator {found.coordinator}".strip(),
        }
        for key in (*found.retired, found.current)
    ]
    return {"keys": entries}


def as_trusted(found: KeyRecords) -> list[TrustedKey]:
    """The same records as the programme manager's reader holds them (for checking this
    vault's own bundles: self-test, tests, benchmarks)."""
    return [
        TrustedKey(
            found.trust_code,
            key.key_id,
            key.public_key,
            parse_utc(key.created_at),
            parse_utc(key.retired_at) if key.retired_at else None,
            "",
        )
        for key in (*found.retired, found.current)
    ]


def rotate(vault: Vault) -> KeyRecords:
    """A new signing key; the old one is retired now (to be revoked by the programme
    manager from this time on)."""
    with vault.unit_of_work() as session:
        old = ensure_key(session)
        old.retired_at = _now(session)
        new = _new_key(session)
        audit.record(
            session, vault.actor, "signing_key_rotated", {"old": old.key_id, "new": new.key_id}
        )
    return records(vault)


def write_key_sheet(vault: Vault, path: Path) -> KeyRecords:
    from coordinator_app.export.key_sheet import KeySheet, write_key_sheet

    found = records(vault)
    key = found.current
    write_key_sheet(
        path,
        KeySheet(
            trust_code=found.trust_code,
            trust_name=found.trust_name,
            coordinator=found.coordinator,
            key_id=key.key_id,
            public_key=key.public_key,
            fingerprint=key.fingerprint,
            valid_from=key.created_at,
            retired=tuple((r.key_id, r.retired_at or "") for r in found.retired),
        ),
    )
    return found


def _new_key(session: Session) -> SigningKeyRow:
    secret = Ed25519PrivateKey.generate()
    public = secret.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    row = SigningKeyRow(
        key_id=key_id_of(public),
        public_key=public_key_b64(public),
        private_key=secret.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
        created_at=_now(session),
        retired_at=None,
    )
    session.add(row)
    session.flush()
    return row


def _key(row: SigningKeyRow) -> SigningKey:
    return SigningKey(row.key_id, row.public_key, row.created_at, row.retired_at)


def _now(session: Session) -> str:
    return format_utc(audit.clock_of(session).now())
