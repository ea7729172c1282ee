"""Half-filled forms saved inside the vault when it locks, so nothing typed is lost."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from coordinator_app.data.audit import utc_now_text
from coordinator_app.data.models import DraftRow
from coordinator_app.data.vault import Vault


def save_draft(vault: Vault, form_key: str, payload: dict[str, Any]) -> None:
    with vault.unit_of_work() as session:
        session.merge(
            DraftRow(
                form_key=form_key, saved_at=utc_now_text(session), payload_json=json.dumps(payload)
            )
        )


def load_draft(vault: Vault, form_key: str) -> dict[str, Any] | None:
    with vault.unit_of_work() as session:
        row = session.get(DraftRow, form_key)
        return None if row is None else dict(json.loads(row.payload_json))


def discard_draft(vault: Vault, form_key: str) -> None:
    with vault.unit_of_work() as session:
        row = session.get(DraftRow, form_key)
        if row is not None:
            session.delete(row)


def take_all_drafts(vault: Vault) -> dict[str, dict[str, Any]]:
    """Every kept draft, removed from the vault as it is handed over (the window keeps the
    ones no screen has taken yet, and saves them back when it locks)."""
    with vault.unit_of_work() as session:
        rows = list(session.scalars(select(DraftRow)))
        taken = {row.form_key: dict(json.loads(row.payload_json)) for row in rows}
        for row in rows:
            session.delete(row)
    return taken
