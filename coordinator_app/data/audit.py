"""The audit trail: an append-only chain inside the vault, keyed and anchored.

Each entry's hash is an HMAC-SHA256 under a key derived (HKDF) from the vault's own secret
(kept inside the encrypted database, so re-keying keeps it), so nobody without the
passphrase can re-hash an edited trail. The chain's head (entry count
and last hash) is also kept outside the database, in the key file and in every signed
return's manifest (``audit_head``), so cutting the last entries, or rewriting the trail
with the key, shows against what was anchored (see ``anchor_fault``). Vaults from before
the key (plain SHA-256 chains) are re-chained once, with a ``audit_chain_keyed`` entry.

Redaction (an erasure removing free text an entry held) is the one change to an entry the
chain allows: the entry keeps its original hash, so the links after it still hold, and a
later ``audit_redacted`` entry, itself in the chain, records for it the original hash and the
hash of what it holds now. The check accepts a changed entry only when it matches such a
record exactly: a silent edit, or removing the redaction entry, still breaks the chain."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from coordinator_app.data.database import inline
from coordinator_app.data.models import AuditEntryRow
from coordinator_app.domain.clock import Clock

GENESIS = "0" * 64
REDACTED = "audit_redacted"
KEYED = "audit_chain_keyed"
FAULT = "audit_trail_fault"
KEY_INFO = b"coordinator audit chain v1"
# Where a session finds its vault's chain key, and the head its unit of work wrote.
KEY = "audit_key"
WRITTEN = "audit_written"


@dataclass(frozen=True)
class Appended:
    """What one unit of work appended: the trail's last entry before it, how many entries,
    and the last one after (so the anchor moves on without counting the trail)."""

    before_id: int
    before_hash: str
    added: int
    last_id: int
    last_hash: str


def entry_hash(
    key: bytes | None, prev_hash: str, at: str, actor: str, action: str, detail_json: str
) -> str:
    """HMAC-SHA256 under ``key``; plain SHA-256 (``key`` None) only to read unkeyed chains."""
    material = json.dumps([prev_hash, at, actor, action, detail_json], separators=(",", ":"))
    if key is None:
        return hashlib.sha256(material.encode("utf-8")).hexdigest()
    return hmac.new(key, material.encode("utf-8"), hashlib.sha256).hexdigest()


def key_of(session: Session) -> bytes:
    key: bytes = session.info[KEY]
    return key


def clock_of(session: Session) -> Clock:
    """The clock of the vault this unit of work belongs to (see ``Vault``)."""
    clock: Clock = session.info["clock"]
    return clock


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def utc_now_text(session: Session) -> str:
    return utc_text(clock_of(session).now())


# Built once: an entry is written on every action.
_LAST = (
    select(AuditEntryRow.id, AuditEntryRow.entry_hash)
    .order_by(AuditEntryRow.id.desc())
    .limit(inline(1))
)
_APPEND = insert(AuditEntryRow).values(
    at=bindparam("at"),
    actor=bindparam("actor"),
    action=bindparam("action"),
    detail_json=bindparam("detail_json"),
    prev_hash=bindparam("prev_hash"),
    entry_hash=bindparam("entry_hash"),
)


def record(session: Session, actor: str, action: str, detail: dict[str, Any] | None = None) -> None:
    """Append one entry in the caller's unit of work. ``detail`` must hold no personal data
    about volunteers (field names and record codes, never values)."""
    record_many(session, actor, [(action, detail)])


def record_many(
    session: Session, actor: str, entries: Sequence[tuple[str, dict[str, Any] | None]]
) -> None:
    """Append ``(action, detail)`` entries in order, chained as ``record`` would chain them
    one by one, with one read of the last hash and one batched INSERT (an import writes
    thousands)."""
    if not entries:
        return
    # On the session's connection (same transaction), not through the ORM: an entry is
    # written on every save, and the ORM's statement handling was most of a save's time.
    # Only this module writes entries, so nothing unflushed can come after the last one.
    connection = session.connection()
    last = connection.execute(_LAST).first()
    prev_hash = last.entry_hash if last else GENESIS
    key = key_of(session)
    rows = []
    for action, detail in entries:
        at = utc_now_text(session)
        detail_json = _dump(detail or {})
        new_hash = entry_hash(key, prev_hash, at, actor, action, detail_json)
        rows.append(
            {
                "at": at,
                "actor": actor,
                "action": action,
                "detail_json": detail_json,
                "prev_hash": prev_hash,
                "entry_hash": new_hash,
            }
        )
        prev_hash = new_hash
    if len(rows) == 1:  # every save: the entry's id from the cursor, no second read
        after_id, after_hash = connection.execute(_APPEND, rows[0]).lastrowid, prev_hash
    else:
        connection.execute(_APPEND, rows)
        after_id, after_hash = connection.execute(_LAST).one()
    # The vault moves the anchor on from this once the unit of work commits.
    earlier: Appended | None = session.info.get(WRITTEN)
    before_id, before_hash = (
        (earlier.before_id, earlier.before_hash)
        if earlier
        else ((last.id, last.entry_hash) if last else (0, GENESIS))
    )
    added = len(rows) + (earlier.added if earlier else 0)
    session.info[WRITTEN] = Appended(before_id, before_hash, added, after_id, after_hash)


def _dump(detail: Mapping[str, Any]) -> str:
    return json.dumps(detail, sort_keys=True, separators=(",", ":"))


def redact(
    session: Session, actor: str, changes: Mapping[int, dict[str, Any]], why: dict[str, Any]
) -> None:
    """Replace the detail of the entries ``changes`` names (id -> new detail) and record the
    redaction as a new entry (``why`` says what for, without personal data)."""
    if not changes:
        return
    entries = []
    for entry_id, detail in sorted(changes.items()):
        row = session.get(AuditEntryRow, entry_id)
        if row is None:
            continue
        row.detail_json = _dump(detail)
        now = entry_hash(
            key_of(session), row.prev_hash, row.at, row.actor, row.action, row.detail_json
        )
        entries.append({"id": row.id, "was": row.entry_hash, "now": now})
    session.flush()
    record(session, actor, REDACTED, {**why, "entries": entries})


def _redactions(session: Session) -> dict[int, tuple[str, str]]:
    """Entry id -> (original hash, hash of its redacted content), from redaction entries
    later than the entries they name (the latest redaction of an entry counts)."""
    found: dict[int, tuple[str, str]] = {}
    rows = session.execute(
        select(AuditEntryRow.id, AuditEntryRow.detail_json)
        .where(AuditEntryRow.action == REDACTED)
        .order_by(AuditEntryRow.id)
    )
    for redaction_id, detail_json in rows:
        try:
            entries = json.loads(detail_json).get("entries", [])
            for entry in entries:
                if int(entry["id"]) < redaction_id:
                    found[int(entry["id"])] = (str(entry["was"]), str(entry["now"]))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # a damaged redaction entry fails its own hash check below
    return found


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    first_broken_id: int | None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain(session: Session, *, keyed: bool = True) -> ChainCheck:
    """Walk the chain in order; the first entry whose links or hash do not hold is named."""
    key = key_of(session) if keyed else None
    redacted = _redactions(session)
    prev_hash = GENESIS
    count = 0
    for row in session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.id)):
        count += 1
        expected = entry_hash(key, prev_hash, row.at, row.actor, row.action, row.detail_json)
        sound = row.entry_hash == expected or redacted.get(row.id) == (row.entry_hash, expected)
        if row.prev_hash != prev_hash or not sound:
            return ChainCheck(entries=count, first_broken_id=row.id)
        prev_hash = row.entry_hash
    return ChainCheck(entries=count, first_broken_id=None)
