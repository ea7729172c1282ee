"""The audit trail as the Settings screen lists it: newest first, filtered by what was done
or by a record code, with the chain's check. Entries hold field names and codes, never
personal values, so listing them shows nothing new."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from coordinator_app.data import audit, audit_anchor
from coordinator_app.data.models import AuditEntryRow
from coordinator_app.data.vault import Vault

LIMIT = 500


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: str
    actor: str
    action: str
    detail: str


@dataclass(frozen=True)
class AuditView:
    lines: tuple[AuditLine, ...]
    entries: int
    first_broken_id: int | None
    faults: tuple[str, ...] = ()  # cuts and rewrites found against the anchors


def entries(vault: Vault, contains: str = "", limit: int = LIMIT) -> AuditView:
    text = contains.strip()
    with vault.unit_of_work() as session:
        query = select(AuditEntryRow).order_by(AuditEntryRow.id.desc()).limit(limit)
        if text:
            query = query.where(
                or_(
                    AuditEntryRow.action.contains(text.replace(" ", "_").lower()),
                    AuditEntryRow.detail_json.contains(text),
                    AuditEntryRow.actor.contains(text),
                )
            )
        lines = tuple(
            AuditLine(r.id, r.at, r.actor, r.action, r.detail_json) for r in session.scalars(query)
        )
        chain = audit.verify_chain(session)
        anchor = vault.outliving_record(audit_anchor.RECORD)
        faults = tuple(audit_anchor.faults_now(session, anchor))
    return AuditView(lines, chain.entries, chain.first_broken_id, faults)


@dataclass(frozen=True)
class TrailEntry:
    at: str
    coordinator: str
    action: str
    subject: str  # the volunteer code the entry is about, or ""


def trail(vault: Vault, since: date | None = None) -> list[TrailEntry]:
    """The whole trail, oldest first, from ``since`` (a UTC day) on: who did what to whom."""
    query = select(AuditEntryRow).order_by(AuditEntryRow.id)
    if since is not None:
        query = query.where(AuditEntryRow.at >= since.isoformat())
    with vault.unit_of_work() as session:
        return [
            TrailEntry(r.at, r.actor, r.action, _subject(r.detail_json))
            for r in session.scalars(query)
        ]


def _subject(detail_json: str) -> str:
    try:
        detail = json.loads(detail_json)
    except ValueError:
        return ""
    code = detail.get("code", "") if isinstance(detail, dict) else ""
    return code if isinstance(code, str) else ""
