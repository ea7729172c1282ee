"""The programme manager's side: trusted keys, receiving a folder of trusts' bundles (each
checked as the contract says, accepted ones kept in this encrypted vault with the chain
they form), per-trust status, and the combined workbook."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select

from coordinator_app.data import audit
from coordinator_app.data.models import ReceivedReturnRow, TrustedKeyRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.programme_figures import Analysis
from coordinator_app.domain.trusts import all_trusts
from coordinator_app.export.bundle_format import format_utc, parse_utc
from coordinator_app.export.consolidate import (
    Refused,
    TrustStatus,
    in_force,
    statuses,
    write_consolidated,
)
from coordinator_app.export.encryption import (
    ENCRYPTED_SUFFIX,
    MAX_CIPHERTEXT,
    decrypt_bundle,
    is_encrypted,
    plain_name,
)
from coordinator_app.export.verify.bundle import (
    MAX_ARCHIVE,
    AcceptedReturn,
    BundleRefused,
    ChainState,
    TrustedKey,
    load_trusted_keys,
    verify_bundle,
)
from coordinator_app.services.progress import Progress
from coordinator_app.services.returns.reader_state import load_state, seal
from coordinator_app.services.vault import age_identity


@dataclass(frozen=True)
class Received:
    accepted: tuple[AcceptedReturn, ...]
    refused: tuple[Refused, ...]


def add_keys(vault: Vault, path: Path) -> int:
    """Adds the keys of a `trusted-keys.json` (as `key show` prints it); keys already known
    are updated (a revocation time arrives this way too). Returns how many were new."""
    keys = load_trusted_keys(path)
    added = 0
    with vault.unit_of_work() as session:
        for key in keys:
            row = session.get(TrustedKeyRow, key.key_id)
            if row is None:
                row = TrustedKeyRow(key_id=key.key_id)
                session.add(row)
                added += 1
            elif row.trust != key.trust:
                raise InvalidInput(
                    f"Key {key.key_id} is already trusted for {row.trust}, not {key.trust}.",
                    "Check the file with the trust before adding it.",
                )
            row.trust, row.public_key = key.trust, key.public_key
            row.valid_from = format_utc(key.valid_from)
            row.revoked_at = format_utc(key.revoked_at) if key.revoked_at else row.revoked_at
            row.note = key.note
        audit.record(session, vault.actor, "trusted_keys_added", {"new": added})
    return added


def revoke_key(vault: Vault, key_id: str, at: datetime) -> None:
    """Bundles this key signs after ``at`` are refused from now on."""
    with vault.unit_of_work() as session:
        row = session.get(TrustedKeyRow, key_id)
        if row is None:
            raise InvalidInput("That key is not in the trusted keys.", "Refresh and try again.")
        row.revoked_at = format_utc(at)
        audit.record(session, vault.actor, "trusted_key_revoked", {"key": key_id})


def trusted_keys(vault: Vault) -> list[TrustedKey]:
    with vault.unit_of_work() as session:
        rows = session.scalars(select(TrustedKeyRow).order_by(TrustedKeyRow.trust))
        return [
            TrustedKey(
                r.trust,
                r.key_id,
                r.public_key,
                parse_utc(r.valid_from),
                parse_utc(r.revoked_at) if r.revoked_at else None,
                r.note,
            )
            for r in rows
        ]


def receive_folder(
    vault: Vault, folder: Path, now: datetime, progress: Progress | None = None
) -> Received:
    """Checks every bundle in ``folder`` (oldest sequence first) against the trusted keys
    and what this vault has accepted before; keeps each accepted one as it goes, so a
    cancel or a crash keeps what was already accepted and nothing half-checked."""
    progress = progress or Progress()
    paths = sorted(
        [*folder.glob("*.zip"), *folder.glob("*.zip" + ENCRYPTED_SUFFIX)],
        key=lambda p: (plain_name(p.name).rsplit("_", 1)[-1], p.name),
    )
    if not paths:
        raise InvalidInput(
            f"There are no return bundles (.zip or .zip.age) in {folder}.",
            "Choose another folder.",
        )
    own = age_identity.identities(vault)
    keys = trusted_keys(vault)
    if not keys:
        raise InvalidInput("No trust's key is trusted yet.", "Add the keys from the trusts first.")
    state = load_state(vault)
    accepted: list[AcceptedReturn] = []
    refused: list[Refused] = []
    for n, path in enumerate(paths):
        progress.raise_if_cancelled()
        progress.update(n, len(paths), f"Checking {path.name}…")
        try:
            data = read_bundle(path, own)
            result = verify_bundle(data, plain_name(path.name), keys, state, now, _read_totals)
        except BundleRefused as exc:
            refused.append(Refused(path.name, exc.code, exc.sentence))
            continue
        except OSError:
            refused.append(Refused(path.name, "unreadable", f"{path.name} cannot be read."))
            continue
        keep_accepted(vault, state, result, data, now)
        accepted.append(result)
    progress.update(len(paths), len(paths), "Checked.")
    return Received(tuple(accepted), tuple(refused))


def read_bundle(path: Path, identities: Sequence[str]) -> bytes:
    """The signed ZIP's bytes: read as they are, or decrypted (``….zip.age``) in memory with
    ``identities``; a file too large for a return is refused before it is read."""
    encrypted = is_encrypted(path.name)
    if path.stat().st_size > (MAX_CIPHERTEXT if encrypted else MAX_ARCHIVE):
        raise BundleRefused(
            "archive-too-large",
            f"{path.name} is larger than a return may be (100 MiB), so it was not opened.",
        )
    data = path.read_bytes()
    return decrypt_bundle(data, identities) if encrypted else data


def received(vault: Vault) -> list[AcceptedReturn]:
    with vault.unit_of_work() as session:
        rows = session.scalars(
            select(ReceivedReturnRow).order_by(ReceivedReturnRow.trust, ReceivedReturnRow.sequence)
        )
        return [
            AcceptedReturn(
                trust=r.trust,
                sequence=r.sequence,
                period_label=r.period_label,
                manifest_sha256=r.manifest_sha256,
                created_at=parse_utc(r.created_at),
                key_id=r.key_id,
                file_name=r.file_name,
                totals={str(k): int(v) for k, v in json.loads(r.totals_json).items()},
                supersedes=r.supersedes,
                missing_before=None,
            )
            for r in rows
        ]


def trust_statuses(vault: Vault, today: date) -> list[TrustStatus]:
    return statuses(received(vault), [t.code for t in all_trusts()], today)


def programme_figures(vault: Vault) -> Analysis:
    """The cross-trust figures, read from the workbooks of the returns in force (each kept
    in this vault as it was verified)."""
    load_state(vault)  # an edited or emptied record is refused, not analysed
    return _analysis(vault, received(vault))


def _analysis(vault: Vault, accepted: Sequence[AcceptedReturn]) -> Analysis:
    from coordinator_app.export.programme_sheets import analyse_returns, workbook_in

    used = in_force(accepted)
    wanted = [r.manifest_sha256 for r in used]
    with vault.unit_of_work() as session:
        rows = session.execute(
            select(ReceivedReturnRow.manifest_sha256, ReceivedReturnRow.bundle).where(
                ReceivedReturnRow.manifest_sha256.in_(wanted)
            )
        )
        books = {sha: workbook_in(bundle) for sha, bundle in rows}
    names = {t.code: t.name for t in all_trusts()}
    return analyse_returns(used, lambda r: books[r.manifest_sha256], names)


def write_combined(vault: Vault, path: Path, today: date, refused: Sequence[Refused] = ()) -> Path:
    trusts = [t.code for t in all_trusts()]
    load_state(vault)  # an edited or emptied record is refused, not combined
    accepted = received(vault)
    analysis = _analysis(vault, accepted)
    write_consolidated(path, accepted, refused, trusts, today, vault.clock.now(), analysis)
    with vault.unit_of_work() as session:
        audit.record(session, vault.actor, "combined_workbook_written", {})
    return path


def reader_state(vault: Vault) -> ChainState:
    """What this vault has accepted, checked against its seal (ReaderFileInvalid if not)."""
    return load_state(vault)


def keep_accepted(
    vault: Vault, state: ChainState, result: AcceptedReturn, data: bytes, now: datetime
) -> None:
    """Keeps an accepted return in the vault and re-seals the record with it."""
    _keep(vault, result, data, now)
    state.accept(result)
    seal(vault, state)


def _keep(vault: Vault, result: AcceptedReturn, data: bytes, now: datetime) -> None:
    with vault.unit_of_work() as session:
        session.add(
            ReceivedReturnRow(
                trust=result.trust,
                sequence=result.sequence,
                period_label=result.period_label,
                created_at=format_utc(result.created_at),
                manifest_sha256=result.manifest_sha256,
                key_id=result.key_id,
                file_name=result.file_name,
                supersedes=result.supersedes,
                totals_json=json.dumps(result.totals, sort_keys=True),
                received_at=format_utc(now.astimezone(UTC)),
                bundle=data,
            )
        )
        audit.record(
            session,
            vault.actor,
            "return_received",
            {"trust": result.trust, "sequence": result.sequence},
        )


def _read_totals(data: bytes) -> dict[str, int]:
    from coordinator_app.export.return_workbook import read_totals

    return read_totals(data)
