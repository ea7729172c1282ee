"""The programme manager's age recipient(s) a coordinator has registered: returns are
encrypted to every one of them. Registered once, from the recipient file or the `age1…`
text, after its fingerprint was read over the phone."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from coordinator_app.data import audit
from coordinator_app.data.models import SettingRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.export.bundle_format import format_utc
from coordinator_app.export.encryption import (
    parse_recipient,
    recipient_fingerprint,
    recipients_in_file,
)

RECIPIENTS = "age_recipients"  # a setting row: no migration for a list of short strings


@dataclass(frozen=True)
class Registered:
    recipient: str
    added_at: str

    @property
    def fingerprint(self) -> str:
        return recipient_fingerprint(self.recipient)


def read_recipients(source: str) -> list[str]:
    """`age1…` as typed, or a file holding recipients (programme-recipient.txt)."""
    if source.strip().startswith("age1"):
        return [parse_recipient(source)]
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            f"'{source}' is neither an age recipient (age1…) nor a file that can be read.",
            "Give the recipient itself or the path of programme-recipient.txt.",
        ) from exc
    return recipients_in_file(data)


def add(vault: Vault, source: str) -> list[Registered]:
    """Registers the recipient(s) in ``source``; returns the ones that were new."""
    wanted = read_recipients(source)
    with vault.unit_of_work() as session:
        known = _stored(session)
        now = format_utc(audit.clock_of(session).now())
        new = [r for r in dict.fromkeys(wanted) if r not in {k["recipient"] for k in known}]
        known += [{"recipient": r, "added_at": now} for r in new]
        _save(session, known)
        if new:
            audit.record(session, vault.actor, "recipient_added", {"recipients": new})
    return [Registered(r, now) for r in new]


def remove(vault: Vault, text: str) -> None:
    gone = parse_recipient(text)
    with vault.unit_of_work() as session:
        known = _stored(session)
        kept = [k for k in known if k["recipient"] != gone]
        if len(kept) == len(known):
            raise InvalidInput(
                "That recipient is not registered.", "List them with `recipient list`."
            )
        _save(session, kept)
        audit.record(session, vault.actor, "recipient_removed", {"recipient": gone})


def registered(vault: Vault) -> list[Registered]:
    with vault.unit_of_work() as session:
        return [Registered(k["recipient"], k["added_at"]) for k in _stored(session)]


def _stored(session: Session) -> list[dict[str, str]]:
    row = session.get(SettingRow, RECIPIENTS)
    return list(json.loads(row.value_json)) if row is not None else []


def _save(session: Session, entries: list[dict[str, str]]) -> None:
    session.merge(SettingRow(key=RECIPIENTS, value_json=json.dumps(entries)))
