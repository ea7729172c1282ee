"""The programme manager's age identity: an X25519 key pair made with the programme
manager's vault, kept only inside the encrypted database (a plain copy exists only when
exported on purpose). Its recipient (`age1…`) goes to the coordinators with a fingerprint
sheet; returns are encrypted to it. Rotation makes a new identity and keeps the old ones,
so returns already encrypted to them still open: all are tried in turn."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from coordinator_app.data import audit
from coordinator_app.data.models import SettingRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.export.bundle_format import format_utc
from coordinator_app.export.encryption import new_identity, recipient_fingerprint, recipient_of
from coordinator_app.files import write_atomically
from coordinator_app.services.vault.signing import coordinator_names

IDENTITIES = "age_identities"  # a setting row: the database is the encrypted store
RECIPIENT_FILE = "programme-recipient.txt"
RECIPIENT_SHEET = "programme-recipient-sheet.pdf"


@dataclass(frozen=True)
class Recipient:
    recipient: str
    created_at: str
    retired_at: str | None

    @property
    def fingerprint(self) -> str:
        return recipient_fingerprint(self.recipient)


@dataclass(frozen=True)
class ProgrammeRecipient:
    current: Recipient
    retired: tuple[Recipient, ...]
    names: tuple[str, ...]  # the people who hold this vault, named on the sheet


def ensure_identity(session: Session) -> dict[str, Any]:
    """The identity returns are encrypted to now, made on first need."""
    stored = _stored(session)
    current = [s for s in stored if s["retired_at"] is None]
    if current:
        return current[-1]
    made = _new(session)
    _save(session, [*stored, made])
    return made


def identities(vault: Vault) -> list[str]:
    """Every identity this vault has held, newest first: what opens a return."""
    with vault.unit_of_work() as session:
        stored = _stored(session)
    return [str(s["identity"]) for s in reversed(stored)]


def recipient(vault: Vault) -> ProgrammeRecipient:
    with vault.unit_of_work() as session:
        ensure_identity(session)
        stored = _stored(session)
        names = coordinator_names(session)
    found = [Recipient(str(s["recipient"]), str(s["created_at"]), s["retired_at"]) for s in stored]
    return ProgrammeRecipient(
        current=found[-1], retired=tuple(r for r in found if r.retired_at), names=names
    )


def rotate(vault: Vault) -> ProgrammeRecipient:
    """A new identity for new returns; the old one is kept (retired) to open old ones."""
    with vault.unit_of_work() as session:
        old = ensure_identity(session)
        stored = _stored(session)
        now = format_utc(audit.clock_of(session).now())
        for entry in stored:
            if entry["retired_at"] is None:
                entry["retired_at"] = now
        made = _new(session)
        _save(session, [*stored, made])
        audit.record(
            session,
            vault.actor,
            "age_identity_rotated",
            {"old": old["recipient"], "new": made["recipient"]},
        )
    return recipient(vault)


def write_recipient_files(vault: Vault, folder: Path) -> tuple[Path, Path]:
    """`programme-recipient.txt` (what coordinators register) and its fingerprint sheet."""
    from coordinator_app.export.recipient_sheet import RecipientSheet, write_recipient_sheet

    found = recipient(vault)
    text_path, sheet_path = folder / RECIPIENT_FILE, folder / RECIPIENT_SHEET
    current = found.current
    text = (
        "# The Helpforce programme manager's age recipient: register it in Coordinator\n"
        "# (Settings, or `coordinator recipient add programme-recipient.txt`) after the\n"
        f"# fingerprint read over the phone matches: {current.fingerprint}\n"
        f"{current.recipient}\n"
    )
    write_atomically(text_path, text.encode("ascii"))
    write_recipient_sheet(
        sheet_path,
        RecipientSheet(
            names=found.names,
            recipient=current.recipient,
            fingerprint=current.fingerprint,
            created_at=current.created_at,
            retired=tuple(r.recipient for r in found.retired),
        ),
    )
    return text_path, sheet_path


def export_identity(vault: Vault, path: Path) -> Path:
    """A plain copy of every identity (age identity file) for the reference `age` tool:
    only on purpose, never over an existing file, readable by its owner only."""
    if path.exists():
        raise InvalidInput(f"{path} already exists.", "Choose a new file name.")
    with vault.unit_of_work() as session:
        ensure_identity(session)
        stored = _stored(session)
        audit.record(session, vault.actor, "age_identity_exported", {})
    lines = ["# The programme manager's age identities (secret: keep this file safe)"]
    lines += [f"# recipient {s['recipient']}\n{s['identity']}" for s in reversed(stored)]
    write_atomically(path, ("\n".join(lines) + "\n").encode("ascii"))  # made 0600
    return path


def _new(session: Session) -> dict[str, Any]:
    identity = new_identity()
    return {
        "identity": identity,
        "recipient": recipient_of(identity),
        "created_at": format_utc(audit.clock_of(session).now()),
        "retired_at": None,
    }


def _stored(session: Session) -> list[dict[str, Any]]:
    row = session.get(SettingRow, IDENTITIES)
    return list(json.loads(row.value_json)) if row is not None else []


def _save(session: Session, entries: list[dict[str, Any]]) -> None:
    session.merge(SettingRow(key=IDENTITIES, value_json=json.dumps(entries)))
    session.flush()
