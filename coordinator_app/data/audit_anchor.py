"""The audit chain's anchors outside the database: its head (entry count and last hash),
kept in the key file as changes commit (at most once a second, see ``anchor_keeper``) and
written into every signed return's manifest.

An anchor says "the first N entries ended with this hash". A trail with fewer entries was
cut; one whose N-th entry has another hash was rewritten (which needs the chain key, or
breaks the chain). When the vault opens, a fault against its anchor is recorded as a
chained ``audit_trail_fault`` entry before anything else is written, so it keeps being
reported after the anchor moves on; ``integrity`` reports every such entry."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlalchemy.orm import Session

from coordinator_app.data import audit
from coordinator_app.data.models import AuditEntryRow, ReturnExportRow

RECORD = "audit_head"  # the key file's outliving record


@dataclass(frozen=True)
class Head:
    entries: int
    sha256: str
    last_id: int

    def manifest_json(self) -> dict[str, Any]:
        """The manifest's ``audit_head``."""
        return {"entries": self.entries, "sha256": self.sha256}

    def record_json(self) -> dict[str, Any]:
        # The id lets each change check the anchor in one lookup instead of a walk.
        return {**self.manifest_json(), "id": self.last_id}


def head(session: Session | Connection) -> Head:
    """The chain's head now (0 entries: the genesis hash)."""
    count = int(session.scalar(select(func.count()).select_from(AuditEntryRow)) or 0)
    last = session.execute(
        select(AuditEntryRow.id, AuditEntryRow.entry_hash).order_by(AuditEntryRow.id.desc())
    ).first()
    if last is None:
        return Head(0, audit.GENESIS, 0)
    return Head(count, str(last.entry_hash), int(last.id))


def fault(session: Session, anchor: object, where: str) -> dict[str, Any] | None:
    """What is wrong with the trail against ``anchor`` (a head written ``where``), as the
    detail of a fault entry; None when the trail still begins with the anchored entries."""
    if not isinstance(anchor, dict):
        return {"problem": "anchor_unreadable", "anchor": where}
    try:
        entries, sha256 = int(anchor["entries"]), str(anchor["sha256"])
    except (KeyError, TypeError, ValueError):
        return {"problem": "anchor_unreadable", "anchor": where}
    if entries == 0:
        return None
    count = int(session.scalar(select(func.count()).select_from(AuditEntryRow)) or 0)
    if count < entries:
        return {"problem": "cut", "after": count, "anchored": entries, "anchor": where}
    at_anchor = session.scalar(
        select(AuditEntryRow.entry_hash).order_by(AuditEntryRow.id).offset(entries - 1).limit(1)
    )
    if at_anchor != sha256:
        return {"problem": "rewritten", "anchored": entries, "anchor": where}
    return None


def describe(detail: dict[str, Any]) -> str:
    """A fault entry's detail as the sentence ``integrity`` shows."""
    problem = detail.get("problem")
    where = detail.get("anchor", "the key file")
    if problem == "cut":
        return (
            f"the audit trail was cut after entry {detail.get('after')} "
            f"({where} showed {detail.get('anchored')} entries)"
        )
    if problem == "rewritten":
        return (
            f"the audit trail was rewritten: its first {detail.get('anchored')} entries are "
            f"not the ones {where} showed"
        )
    if problem == "unkeyed_chain_broken":
        return f"the audit trail was already broken at entry {detail.get('at')} before it was keyed"
    if problem == "anchor_missing":
        return "the audit trail's head was missing from the key file (vault.key)"
    return f"the audit trail's head in {where} could not be read"


def recorded_faults(session: Session) -> list[str]:
    rows = session.scalars(
        select(AuditEntryRow.detail_json)
        .where(AuditEntryRow.action == audit.FAULT)
        .order_by(AuditEntryRow.id)
    )
    found = []
    for detail_json in rows:
        try:
            found.append(describe(json.loads(detail_json)))
        except (ValueError, AttributeError):
            found.append("an audit trail fault was recorded")
    return found


def newest_return_head(session: Session) -> object:
    """The ``audit_head`` of the newest signed return kept in the vault, if any."""
    bundle = session.scalar(
        select(ReturnExportRow.bundle).order_by(ReturnExportRow.sequence.desc()).limit(1)
    )
    if bundle is None:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
            manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError):
        return {}
    return manifest.get("audit_head", None) if isinstance(manifest, dict) else {}


def faults_now(session: Session, anchor: object) -> list[str]:
    """Every fault ``integrity`` reports: recorded ones, and any against the key file's
    anchor or the newest return's ``audit_head`` now."""
    found = recorded_faults(session)
    anchors = (("the key file", anchor), ("the last signed return", newest_return_head(session)))
    for where, held in anchors:
        if held is None:
            continue
        detail = fault(session, held, where)
        if detail is not None and describe(detail) not in found:
            found.append(describe(detail))
    return found


def check_on_open(session: Session, anchor: object, actor: str) -> bool:
    """The trail against the key file's ``anchor`` as the vault opens. A fault is recorded
    in the chain, so it stays reported after the anchor moves on; a vault from before the
    chain key (entries, no anchor, a chain the key does not verify) is re-chained once.
    True when something was recorded and the anchor must move to the new head."""
    if anchor is None:
        if head(session).entries == 0:
            return False
        if audit.verify_chain(session).ok:
            audit.record(session, actor, audit.FAULT, {"problem": "anchor_missing"})
        else:
            rechain(session, actor)
        return True
    detail = fault(session, anchor, "the key file")
    if detail is None:
        return False
    audit.record(session, actor, audit.FAULT, detail)
    return True


def rechain(session: Session, actor: str) -> dict[str, Any]:
    """Re-hash an unkeyed (SHA-256) chain with the chain key, once, and record it. If the
    old chain was already broken, that is recorded as a fault first, so it stays reported."""
    unkeyed = audit.verify_chain(session, keyed=False)
    old_head = head(session)
    key = audit.key_of(session)
    prev_hash = audit.GENESIS
    for row in session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.id)).all():
        new_hash = audit.entry_hash(key, prev_hash, row.at, row.actor, row.action, row.detail_json)
        session.execute(
            update(AuditEntryRow)
            .where(AuditEntryRow.id == row.id)
            .values(prev_hash=prev_hash, entry_hash=new_hash)
        )
        prev_hash = new_hash
    session.expire_all()
    detail: dict[str, Any] = {"entries": old_head.entries, "unkeyed_head": old_head.sha256}
    if not unkeyed.ok:
        detail["unkeyed_broken_at"] = unkeyed.first_broken_id
        audit.record(
            session,
            actor,
            audit.FAULT,
            {"problem": "unkeyed_chain_broken", "at": unkeyed.first_broken_id},
        )
    audit.record(session, actor, audit.KEYED, detail)
    return detail
