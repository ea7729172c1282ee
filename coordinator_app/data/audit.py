"""The audit trail: an append-only hash chain inside the vault."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from coordinator_app.data.models import AuditEntryRow

GENESIS = "0" * 64


def _entry_hash(prev_hash: str, at: str, actor: str, action: str, detail_json: str) -> str:
    material = json.dumps([prev_hash, at, actor, action, detail_json], separators=(",", ":"))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def utc_now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


# Built once: an entry is written on every action.
_LAST_HASH = select(AuditEntryRow.entry_hash).order_by(AuditEntryRow.id.desc()).limit(1)
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
    prev_hash = connection.execute(_LAST_HASH).scalar() or GENESIS
    rows = []
    for action, detail in entries:
        at = utc_now_text()
        detail_json = json.dumps(detail or {}, sort_keys=True, separators=(",", ":"))
        entry_hash = _entry_hash(prev_hash, at, actor, action, detail_json)
        rows.append(
            {
                "at": at,
                "actor": actor,
                "action": action,
                "detail_json": detail_json,
                "prev_hash": prev_hash,
                "entry_hash": entry_hash,
            }
        )
        prev_hash = entry_hash
    connection.execute(_APPEND, rows)


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    first_broken_id: int | None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain(session: Session) -> ChainCheck:
    """Walk the chain in order; the first entry whose links or hash do not hold is named."""
    prev_hash = GENESIS
    count = 0
    for row in session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.id)):
        count += 1
        expected = _entry_hash(prev_hash, row.at, row.actor, row.action, row.detail_json)
        if row.prev_hash != prev_hash or row.entry_hash != expected:
            return ChainCheck(entries=count, first_broken_id=row.id)
        prev_hash = row.entry_hash
    return ChainCheck(entries=count, first_broken_id=None)
