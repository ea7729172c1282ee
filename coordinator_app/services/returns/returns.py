"""Returns: preview a period, then build, sign and save its bundle (see
docs/contracts/return-bundle.md), keep every bundle's exact bytes, and save one again.

The sequence and hash chain never go back: the last signed manifest is also kept in the
vault's key file and outside the vault folder (see ``returns_chain``), so a restored vault
continues the chain, once the coordinator confirms the number, instead of reusing numbers."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coordinator_app import __version__
from coordinator_app.data import audit, audit_anchor, migrate
from coordinator_app.data.database import reading_once
from coordinator_app.data.models import ReturnExportRow, ShiftRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.periods import ReturnPeriod, has_ended, parse_period, period_words
from coordinator_app.domain.wording import counted
from coordinator_app.export.bundle_format import (
    MANIFEST,
    PayloadFile,
    build_manifest,
    bundle_bytes,
    bundle_file_name,
    canonical_json,
    format_utc,
    sign_manifest,
)
from coordinator_app.export.encryption import ENCRYPTED_SUFFIX, encrypt_bundle
from coordinator_app.export.return_workbook import (
    CONTENT_VERSION,
    Figure,
    write_return_workbook,
)
from coordinator_app.files import write_atomically
from coordinator_app.services.progress import Progress
from coordinator_app.services.returns import (
    recipients,
    return_consent,
    return_content,
    returns_chain,
)
from coordinator_app.services.vault import signing

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportRecord:
    sequence: int
    period_label: str
    created_at: str
    manifest_sha256: str
    file_name: str
    key_id: str
    supersedes: int | None
    totals: dict[str, int]
    encrypted: bool = False

    @property
    def saved_as(self) -> str:
        """The file's name on disk: the signed ZIP's, with `.age` when it was encrypted."""
        return self.file_name + (ENCRYPTED_SUFFIX if self.encrypted else "")


@dataclass(frozen=True)
class Change:
    label: str
    before: int
    now: int


@dataclass(frozen=True)
class ReturnPreview:
    period: ReturnPeriod
    figures: tuple[Figure, ...]
    warnings: tuple[str, ...]
    compared_with: ExportRecord | None  # the last return (of this period when correcting)
    changes: tuple[Change, ...]
    corrects: ExportRecord | None  # set when this period was sent before


@dataclass(frozen=True)
class BuiltReturn:
    path: Path
    record: ExportRecord
    warnings: tuple[str, ...]
    encrypted_to: tuple[str, ...] = ()  # empty: the plain signed ZIP


def preview(vault: Vault, label: str, today: date) -> ReturnPreview:
    period = _period(label, today)
    with vault.unit_of_work() as session:
        consent = return_consent.consent_in(session, period)
        unapproved = return_content.unapproved_months(session, period)
        figures = return_content.figures(session, period, consent, len(unapproved))
        return _assessed(vault, session, period, today, figures)


def _assessed(
    vault: Vault,
    session: Session,
    period: ReturnPeriod,
    today: date,
    figures: tuple[Figure, ...],
    signing_now: bool = False,
) -> ReturnPreview:
    """Warnings and changes since the last return, for figures already counted (to show
    before signing, or to say with the return being signed)."""
    corrects = _last(session, period.label)
    compared = corrects or _last(session, None)
    unapproved = return_content.unapproved_months(session, period)
    doubts = returns_chain.position(vault, session).doubts
    changes: tuple[Change, ...] = ()
    if compared is not None:
        changes = tuple(
            Change(f.label, compared.totals.get(f.key, 0), f.value)
            for f in figures
            if compared.totals.get(f.key, 0) != f.value
        )
    changed = None if signing_now else bool(changes)
    warnings = _warnings(period, today, figures, unapproved, corrects, changed) + doubts
    return ReturnPreview(period, figures, warnings, compared, changes, corrects)


def build_return(
    vault: Vault,
    label: str,
    out_dir: Path,
    *,
    today: date | None = None,
    progress: Progress | None = None,
    unencrypted: bool = False,
    accept_sequence: int | None = None,
    outside: Path | None = None,
) -> BuiltReturn:
    """Build, sign and record the bundle in one unit of work, then write the file
    atomically: a crash leaves no file or a whole one, and the vault can save it again.
    Signed, then encrypted to every registered recipient (`….zip.age`) unless
    ``unencrypted`` is chosen or none is registered: then the plain ZIP, with a warning.
    A number that is not simply the last + 1 is signed only as ``accept_sequence``
    (``SequenceNotConfirmed`` otherwise); ``outside`` is where the chain's copy outside
    the vault is kept (default: the per-user state folder)."""
    progress = progress or Progress()
    to = () if unencrypted else tuple(sorted(r.recipient for r in recipients.registered(vault)))
    now = vault.clock.now().replace(microsecond=0)
    today = today or vault.clock.today()
    period = _period(label, today)
    with vault.unit_of_work() as session:
        # Before the slow part: the coordinator may need to confirm the number first.
        returns_chain.require_confirmed(
            returns_chain.position(vault, session, outside), accept_sequence
        )
    with vault.unit_of_work() as session:
        progress.update(0, 3, "Gathering the period's records…")
        content = return_content.gather(session, period, now)
        shown = _assessed(vault, session, period, today, content.figures, signing_now=True)

        def rows_written(count: int) -> None:
            progress.raise_if_cancelled()
            progress.update(1, 3, f"Writing the workbook ({count:,} rows)…")

        workbook = write_return_workbook(content, rows_written)
    progress.raise_if_cancelled()
    progress.update(2, 3, "Writing the summary and signing…")
    from coordinator_app.export.return_summary import write_return_summary

    files = [
        PayloadFile("return.xlsx", workbook, XLSX),
        PayloadFile("summary.pdf", write_return_summary(content), "application/pdf"),
    ]
    with vault.unit_of_work() as session:
        chain = returns_chain.position(vault, session, outside)
        returns_chain.require_confirmed(chain, accept_sequence)
        sequence, previous = chain.next_sequence, chain.previous
        key = signing.ensure_key(session)
        manifest = canonical_json(
            build_manifest(
                trust_code=content.trust_code,
                trust_name=content.trust_name,
                period_label=period.label,
                period_start=period.start,
                period_end=period.end,
                sequence=sequence,
                previous_manifest_sha256=previous,
                created_at=now,
                generator={
                    "name": "coordinator",
                    "version": __version__,
                    "schema_version": migrate.head_revision(),
                },
                signer_public_raw=signing.public_raw(key),
                files=files,
                totals=content.totals,
                supersedes=shown.corrects.sequence if shown.corrects else None,
                recipients=to,
                audit_head=audit_anchor.head(session).manifest_json(),
                content_version=CONTENT_VERSION,
            )
        )
        signature = sign_manifest(manifest, signing.private_key(key))
        data = bundle_bytes(manifest, signature, files)
        row = ReturnExportRow(
            sequence=sequence,
            period_label=period.label,
            period_start=period.start,
            period_end=period.end,
            created_at=format_utc(now),
            manifest_sha256=hashlib.sha256(manifest).hexdigest(),
            file_name=bundle_file_name(content.trust_code, period.label, sequence),
            key_id=key.key_id,
            supersedes=shown.corrects.sequence if shown.corrects else None,
            totals_json=json.dumps(content.totals, sort_keys=True),
            bundle=data,
        )
        session.add(row)
        audit.record(
            session,
            vault.actor,
            "return_exported",
            {
                "sequence": sequence,
                "period": period.label,
                "manifest": row.manifest_sha256,
                "confirmed_sequence": bool(chain.doubts),
            },
        )
        record = _record(row)
    returns_chain.keep(vault, manifest, signature, outside)
    path = _write_bundle(out_dir / record.saved_as, data, to)
    progress.update(3, 3, "Return saved.")
    return BuiltReturn(path, record, shown.warnings + _in_transit(to, unencrypted), to)


def export_full_history(
    vault: Vault, out_dir: Path, *, today: date, progress: Progress | None = None
) -> Path:
    """Every period in one pseudonymised workbook, for the programme's evaluation. Not a
    signed return (a return covers a month or a quarter), so it carries no sequence.
    The sheets stream from the database to disk: half a million shifts fit in memory."""
    progress = progress or Progress()
    now = vault.clock.now().replace(microsecond=0)
    with vault.unit_of_work() as session:
        first = session.scalar(select(func.min(ShiftRow.shift_date))) or today
        period = ReturnPeriod("history", first, today)
        rows = int(session.scalar(select(func.count()).select_from(ShiftRow)) or 0)

        def rows_written(count: int) -> None:
            progress.raise_if_cancelled()
            progress.update(min(count, rows), rows, f"Writing the workbook ({count:,} rows)…")

        with reading_once(session):
            content = return_content.gather(session, period, now)
            workbook = write_return_workbook(content, rows_written)
        audit.record(session, vault.actor, "history_exported", {"from": first.isoformat()})
    name = f"rvc-history_{content.trust_code}_{first:%Y-%m}_to_{today:%Y-%m}.xlsx"
    write_atomically(out_dir / name, workbook)
    return out_dir / name


def history(vault: Vault) -> list[ExportRecord]:
    with vault.unit_of_work() as session:
        rows = session.scalars(select(ReturnExportRow).order_by(ReturnExportRow.sequence.desc()))
        return [_record(r) for r in rows]


def save_again(vault: Vault, sequence: int, out_dir: Path) -> Path:
    """The very bytes that were sent, written again (e.g. the email was lost)."""
    with vault.unit_of_work() as session:
        row = session.get(ReturnExportRow, sequence)
        if row is None:
            raise InvalidInput(f"There is no return number {sequence}.", "Check the history.")
        path, data = out_dir / _record(row).saved_as, row.bundle
        # Re-sending is audited too: the same return may now be in more hands.
        audit.record(session, vault.actor, "return_saved_again", {"sequence": sequence})
    return _write_bundle(path, data, _recipients_of(data))


def _write_bundle(path: Path, data: bytes, to: tuple[str, ...]) -> Path:
    """The signed ZIP at ``path`` (its ``saved_as`` name), encrypted when it names ``to``."""
    write_atomically(path, encrypt_bundle(data, to) if to else data)
    return path


def _recipients_of(bundle: bytes) -> tuple[str, ...]:
    """The recipients a kept bundle was signed for (its manifest says), to encrypt it to
    them again when it is saved again: the signed ZIP inside stays the very same bytes."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    return tuple(str(r) for r in manifest.get("recipients", []))


def _in_transit(to: tuple[str, ...], chose_plain: bool) -> tuple[str, ...]:
    if to:
        return ()
    why = (
        "you chose to send it unencrypted"
        if chose_plain
        else "no programme manager's recipient is registered (Settings, or `recipient add`)"
    )
    return (
        f"This return is NOT encrypted because {why}. Its per-person rows are pseudonymised "
        "but are still personal data under UK GDPR: anyone who gets the file can read them. "
        "Send it only by a route your trust has approved for personal data (for example "
        "NHSmail to NHSmail), never by ordinary email.",
    )


def _period(label: str, today: date) -> ReturnPeriod:
    period = parse_period(label)
    if period.start > today:
        raise InvalidInput(
            f"{period_words(period.label)} has not started yet.", "Choose a period that has."
        )
    return period


def _last(session: Session, period_label: str | None) -> ExportRecord | None:
    query = select(ReturnExportRow).order_by(ReturnExportRow.sequence.desc()).limit(1)
    if period_label is not None:
        query = query.where(ReturnExportRow.period_label == period_label)
    row = session.scalars(query).first()
    return _record(row) if row else None


def _warnings(
    period: ReturnPeriod,
    today: date,
    figures: tuple[Figure, ...],
    unapproved: list[str],
    corrects: ExportRecord | None,
    changed: bool | None,
) -> tuple[str, ...]:
    """``changed``: whether figures changed since ``corrects``; None while signing."""
    totals = {f.key: f.value for f in figures}
    found = []
    if not has_ended(period, today):
        found.append(f"{period_words(period.label)} has not ended yet: its figures may still grow.")
    if unapproved:
        found.append(
            f"Hours not approved yet for {', '.join(map(period_words, unapproved))}: approve "
            "them in Shifts (Approve hours) first if you can."
        )
    left_out = totals["volunteers_excluded_no_consent"] + totals["volunteers_excluded_withdrawn"]
    if left_out:
        found.append(
            f"{counted(left_out, 'volunteer')} {'is' if left_out == 1 else 'are'} left out: "
            f"{totals['volunteers_excluded_no_consent']} "
            f"without a recorded consent to sharing, {totals['volunteers_excluded_withdrawn']} "
            "who withdrew it."
        )
    if corrects is None:
        return tuple(found)
    covered = f"Return {corrects.sequence} already covered {period_words(period.label)}"
    if changed is None:
        found.append(f"{covered}: this one is its correction (it supersedes it).")
    elif changed:
        found.append(f"{covered}: signing again makes a correction that supersedes it.")
    else:
        # Just after signing, the same figures are not a correction: there is nothing new,
        # and that is the first thing to read.
        found.insert(
            0,
            f"Return {corrects.sequence} already covers {period_words(period.label)} with these "
            "same figures: there is nothing new to send. Sign again only if the programme "
            "manager asks for it.",
        )
    return tuple(found)


def _record(row: ReturnExportRow) -> ExportRecord:
    return ExportRecord(
        sequence=row.sequence,
        period_label=row.period_label,
        created_at=row.created_at,
        manifest_sha256=row.manifest_sha256,
        file_name=row.file_name,
        key_id=row.key_id,
        supersedes=row.supersedes,
        totals={str(k): int(v) for k, v in json.loads(row.totals_json).items()},
        encrypted=bool(_recipients_of(row.bundle)),
    )
