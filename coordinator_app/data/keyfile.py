"""The vault's key file: the database's random data key, wrapped once per keyslot.

Each keyslot (a coordinator's passphrase, or the recovery key) wraps the same 256-bit data
key with AES-256-GCM under a key derived by Argon2id with parameters stored in the slot, so
changing a passphrase rewrites only this small file, never the database. The slot's
identity is bound into the AES-GCM associated data so slots cannot be swapped between
vaults or kinds without detection.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from coordinator_app.domain.errors import VaultDamaged
from coordinator_app.files import write_atomically

FORMAT = "coordinator-keyfile"
VERSION = 1
SlotKind = Literal["passphrase", "recovery"]

# Calibration bounds: the issue asks for 0.1-1 s on a laptop; 0.5 s is the aim.
TARGET_SECONDS = 0.5
MEMORY_KIB = 128 * 1024
LANES = 4
MIN_ITERATIONS = 2
MAX_ITERATIONS = 12


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    iterations: int
    memory_kib: int
    lanes: int

    def derive(self, secret: bytes) -> bytes:
        return Argon2id(
            salt=self.salt,
            length=32,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        ).derive(secret)

    def with_new_salt(self) -> KdfParams:
        return replace(self, salt=secrets.token_bytes(16))

    def to_json(self) -> dict[str, Any]:
        return {
            "algorithm": "argon2id",
            "salt": _b64(self.salt),
            "iterations": self.iterations,
            "memory_kib": self.memory_kib,
            "lanes": self.lanes,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> KdfParams:
        if raw.get("algorithm") != "argon2id":
            raise ValueError("unknown key derivation")
        params = cls(
            salt=_unb64(raw["salt"]),
            iterations=int(raw["iterations"]),
            memory_kib=int(raw["memory_kib"]),
            lanes=int(raw["lanes"]),
        )
        # Bounds so an altered file gives "damaged", not an hour-long or failing derivation.
        if not (
            len(params.salt) >= 8
            and 1 <= params.iterations <= 64
            and 8 * params.lanes <= params.memory_kib <= 4 * 1024 * 1024
            and 1 <= params.lanes <= 16
        ):
            raise ValueError("key derivation parameters out of range")
        return params


def calibrate(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Parameters that take about ``target_seconds`` on this machine (never below 2 passes)."""
    probe = KdfParams(secrets.token_bytes(16), 1, MEMORY_KIB, LANES)
    started = time.perf_counter()
    probe.derive(b"calibration")
    per_pass = max(time.perf_counter() - started, 1e-3)
    iterations = round(target_seconds / per_pass)
    return replace(probe, iterations=max(MIN_ITERATIONS, min(MAX_ITERATIONS, iterations)))


@dataclass(frozen=True)
class Keyslot:
    slot_id: str
    kind: SlotKind
    label: str
    created_at: str
    kdf: KdfParams
    nonce: bytes
    wrapped_key: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "slot_id": self.slot_id,
            "kind": self.kind,
            "label": self.label,
            "created_at": self.created_at,
            "kdf": self.kdf.to_json(),
            "cipher": "aes-256-gcm",
            "nonce": _b64(self.nonce),
            "wrapped_key": _b64(self.wrapped_key),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Keyslot:
        kind = raw["kind"]
        if kind not in ("passphrase", "recovery") or raw.get("cipher") != "aes-256-gcm":
            raise ValueError("unknown keyslot")
        nonce, wrapped_key = _unb64(raw["nonce"]), _unb64(raw["wrapped_key"])
        if len(nonce) != 12 or len(wrapped_key) != 32 + 16:
            raise ValueError("keyslot sizes")
        return cls(
            slot_id=str(raw["slot_id"]),
            kind=kind,
            label=str(raw.get("label", "")),
            created_at=str(raw.get("created_at", "")),
            kdf=KdfParams.from_json(raw["kdf"]),
            nonce=nonce,
            wrapped_key=wrapped_key,
        )


@dataclass(frozen=True)
class KeyFile:
    vault_id: str
    slots: tuple[Keyslot, ...]
    # Records that must outlive a restore of the database (issue: returns' chain).
    records: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def new(cls) -> KeyFile:
        return cls(vault_id=str(uuid.uuid4()), slots=())

    def _aad(self, slot_id: str, kind: str) -> bytes:
        return f"{FORMAT}/{VERSION}|{self.vault_id}|{slot_id}|{kind}".encode()

    def with_slot(
        self,
        kind: SlotKind,
        label: str,
        secret: str,
        data_key: bytes,
        kdf: KdfParams,
        created: datetime,
    ) -> KeyFile:
        """A copy with a new slot wrapping ``data_key`` under ``secret`` (fresh salt, nonce)."""
        params = kdf.with_new_salt()
        slot_id = secrets.token_hex(8)
        nonce = secrets.token_bytes(12)
        wrapped = AESGCM(params.derive(secret.encode("utf-8"))).encrypt(
            nonce, data_key, self._aad(slot_id, kind)
        )
        stamp = created.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        slot = Keyslot(slot_id, kind, label, stamp, params, nonce, wrapped)
        return replace(self, slots=(*self.slots, slot))

    def without_slots(self, kind: SlotKind) -> KeyFile:
        return replace(self, slots=tuple(s for s in self.slots if s.kind != kind))

    def unwrap(self, kind: SlotKind, secret: str) -> bytes | None:
        """The data key if ``secret`` opens a slot of ``kind``; None if it opens none."""
        encoded = secret.encode("utf-8")
        for slot in self.slots:
            if slot.kind != kind:
                continue
            try:
                return AESGCM(slot.kdf.derive(encoded)).decrypt(
                    slot.nonce, slot.wrapped_key, self._aad(slot.slot_id, slot.kind)
                )
            except InvalidTag:
                continue
        return None

    def passphrase_kdf(self) -> KdfParams | None:
        """The parameters the current passphrase slot uses (reused when it is changed)."""
        return next((s.kdf for s in self.slots if s.kind == "passphrase"), None)

    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "slots": [s.to_json() for s in self.slots],
            "records": self.records,
        }
        return json.dumps(doc, indent=2, sort_keys=True).encode("utf-8") + b"\n"

    @classmethod
    def from_bytes(cls, raw: bytes) -> KeyFile:
        try:
            doc = json.loads(raw.decode("utf-8"))
            if doc["format"] != FORMAT or doc["version"] != VERSION:
                raise ValueError("unknown key file format")
            slots = tuple(Keyslot.from_json(s) for s in doc["slots"])
            if not slots:
                raise ValueError("no keyslots")
            records = doc.get("records", {})
            if not isinstance(records, dict):
                raise ValueError("records")
            return cls(vault_id=str(doc["vault_id"]), slots=slots, records=records)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise _damaged() from exc

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise VaultDamaged(
                "This vault's key file (vault.key) is missing, so the vault cannot be opened.",
                "Put back vault.key from a backup of this vault, or restore the whole vault "
                "from a backup.",
            ) from exc
        return cls.from_bytes(raw)

    def save(self, path: Path) -> None:
        write_atomically(path, self.to_bytes())


def _damaged() -> VaultDamaged:
    return VaultDamaged(
        "This vault's key file (vault.key) is damaged, so the vault cannot be opened. "
        "Nothing has been changed.",
        "Put back vault.key from a backup of this vault, or restore the whole vault from a backup.",
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
