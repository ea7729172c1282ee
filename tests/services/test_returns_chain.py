"""The returns chain cannot be bent, on real vaults and real backups: an edited key file
record or a restored older backup makes the vault ask before it signs a number, never
sign a second, different return with a number already used; format 2's manifest fields;
saving a return again is audited."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from coordinator_app.data import audit_anchor
from coordinator_app.data.keyfile import KeyFile
from coordinator_app.data.models import AuditEntryRow
from coordinator_app.data.vault import Vault
from coordinator_app.export.bundle_format import parse_utc
from coordinator_app.export.return_workbook import CONTENT_VERSION
from coordinator_app.export.verify.bundle import ChainState, verify_bundle
from coordinator_app.services.returns import returns, returns_chain
from coordinator_app.services.vault import backups, signing, vaults
from tests.conftest import PASSPHRASE

TODAY = date(2026, 11, 27)


def _manifest(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as bundle:
        doc: dict[str, object] = json.loads(bundle.read("manifest.json"))
        return doc


def _manifest_sha(path: Path) -> str:
    with zipfile.ZipFile(path) as bundle:
        return hashlib.sha256(bundle.read("manifest.json")).hexdigest()


def _edit_record(vault_dir: Path, change: dict[str, object]) -> None:
    keyfile = KeyFile.load(vault_dir / "vault.key")
    record = {**keyfile.records[returns_chain.RECORD], **change}
    records = {**keyfile.records, returns_chain.RECORD: record}
    KeyFile(keyfile.vault_id, keyfile.slots, records).save(vault_dir / "vault.key")


def _check_in_order(vault: Vault, paths: list[Path]) -> ChainState:
    state = ChainState({})
    for path in paths:
        accepted = verify_bundle(
            path.read_bytes(),
            path.name,
            signing.as_trusted(signing.records(vault)),
            state,
            datetime.now(UTC),
        )
        assert accepted.missing_before is None
        state.accept(accepted)
    return state


@pytest.mark.parametrize(
    "change", [{"sequence": 41}, {"sequence": 41, "manifest_sha256": "ab" * 32}]
)
def test_an_edited_key_file_record_is_not_followed(
    new_vault: tuple[Vault, str], vault_dir: Path, tmp_path: Path, change: dict[str, object]
) -> None:
    vault, _ = new_vault
    first = returns.build_return(vault, "2026-09", tmp_path, today=TODAY)
    vault.close()
    _edit_record(vault_dir, change)
    vault = vaults.unlock(vault_dir, PASSPHRASE)
    try:
        assert any("vault.key" in w for w in returns.preview(vault, "2026-10", TODAY).warnings)
        with pytest.raises(returns_chain.SequenceNotConfirmed, match="changed or damaged") as ask:
            returns.build_return(vault, "2026-10", tmp_path, today=TODAY)
        assert ask.value.sequence == 2  # not 42
        assert [r.sequence for r in returns.history(vault)] == [1]  # nothing signed
        second = returns.build_return(vault, "2026-10", tmp_path, today=TODAY, accept_sequence=2)
        assert second.record.sequence == 2
        third = returns.build_return(vault, "2026-11", tmp_path, today=TODAY)  # whole again
        assert third.record.sequence == 3
        _check_in_order(vault, [first.path, second.path, third.path])
    finally:
        vault.close()


def test_a_restored_older_backup_never_signs_a_used_number_again(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    first = returns.build_return(vault, "2026-09", tmp_path / "sent", today=TODAY)
    made = backups.backup(vault, [tmp_path / "usb"])  # taken after return 1
    second = returns.build_return(vault, "2026-10", tmp_path / "sent", today=TODAY)
    vault.close()
    backups.restore(made.paths[0], tmp_path / "restored", PASSPHRASE)
    restored = vaults.unlock(tmp_path / "restored", PASSPHRASE)
    try:
        assert [r.sequence for r in returns.history(restored)] == [1]  # it forgot return 2
        with pytest.raises(returns_chain.SequenceNotConfirmed, match="older than return 2") as ask:
            returns.build_return(restored, "2026-11", tmp_path / "later", today=TODAY)
        assert ask.value.sequence == 3
        with pytest.raises(returns_chain.SequenceNotConfirmed):  # confirming another number
            returns.build_return(
                restored, "2026-11", tmp_path / "later", today=TODAY, accept_sequence=2
            )
        third = returns.build_return(
            restored, "2026-11", tmp_path / "later", today=TODAY, accept_sequence=3
        )
        assert third.record.sequence == 3
        assert _manifest(third.path)["previous_manifest_sha256"] == _manifest_sha(second.path)
        _check_in_order(restored, [first.path, second.path, third.path])
    finally:
        restored.close()


def test_a_backup_from_before_a_key_rotation_still_continues_after_the_last_return(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    returns.build_return(vault, "2026-09", tmp_path / "sent", today=TODAY)
    made = backups.backup(vault, [tmp_path / "usb"])
    signing.rotate(vault)  # return 2 is signed with a key the backup does not hold
    returns.build_return(vault, "2026-10", tmp_path / "sent", today=TODAY)
    vault.close()
    backups.restore(made.paths[0], tmp_path / "restored", PASSPHRASE)
    restored = vaults.unlock(tmp_path / "restored", PASSPHRASE)
    try:
        with pytest.raises(returns_chain.SequenceNotConfirmed, match="key this vault") as ask:
            returns.build_return(restored, "2026-11", tmp_path / "later", today=TODAY)
        assert ask.value.sequence == 3
    finally:
        restored.close()


def test_the_copy_outside_the_vault_is_checked_too(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    outside = tmp_path / "state"
    returns.build_return(vault, "2026-09", tmp_path, today=TODAY, outside=outside)
    copy = outside / f"{vault.vault_id}.json"
    document = json.loads(copy.read_text())
    assert document[returns_chain.RECORD]["sequence"] == 1
    document[returns_chain.RECORD]["sequence"] = 9
    copy.write_text(json.dumps(document))
    with pytest.raises(returns_chain.SequenceNotConfirmed, match="outside the vault") as ask:
        returns.build_return(vault, "2026-10", tmp_path, today=TODAY, outside=outside)
    assert ask.value.sequence == 2


def test_the_manifest_is_format_2(new_vault: tuple[Vault, str], tmp_path: Path) -> None:
    from coordinator_app.export.encryption import decrypt_bundle, new_identity, recipient_of
    from coordinator_app.services.returns import recipients

    vault, _ = new_vault
    identities = [new_identity(), new_identity()]
    for identity in identities:
        recipients.add(vault, recipient_of(identity))
    built = returns.build_return(vault, "2026-10", tmp_path, today=TODAY)
    opened = tmp_path / built.path.name.removesuffix(".age")
    opened.write_bytes(decrypt_bundle(built.path.read_bytes(), identities[:1]))
    doc = _manifest(opened)
    assert doc["format_version"] == 2
    assert doc["recipients"] == sorted(recipient_of(i) for i in identities)
    assert doc["content_version"] == CONTENT_VERSION
    with vault.unit_of_work() as session:
        rows = session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.id)).all()
    exported = next(i for i, r in enumerate(rows) if r.action == "return_exported")
    # The head when it was signed: every entry before the one recording the export.
    assert doc["audit_head"] == {"entries": exported, "sha256": rows[exported - 1].entry_hash}
    created, expires = parse_utc(str(doc["created_at"])), parse_utc(str(doc["expires_at"]))
    assert timedelta(0) < expires - created <= timedelta(days=180)
    unencrypted = returns.build_return(vault, "2026-11", tmp_path, today=TODAY, unencrypted=True)
    assert _manifest(unencrypted.path)["recipients"] == []
    _check_in_order(vault, [opened, unencrypted.path])


def test_a_cut_audit_trail_shows_against_the_last_return(
    new_vault: tuple[Vault, str], vault_dir: Path, tmp_path: Path
) -> None:
    vault, _ = new_vault
    returns.build_return(vault, "2026-10", tmp_path, today=TODAY)
    with vault.engine.begin() as conn:
        conn.exec_driver_sql(
            "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id DESC LIMIT 3)"
        )
    vault.close()
    # The key file's head removed too: only the manifest of return 1 still knows the length.
    keyfile = KeyFile.load(vault_dir / "vault.key")
    records = {k: v for k, v in keyfile.records.items() if k != audit_anchor.RECORD}
    KeyFile(keyfile.vault_id, keyfile.slots, records).save(vault_dir / "vault.key")
    reopened = vaults.unlock(vault_dir, PASSPHRASE)
    try:
        report = vaults.check_integrity(reopened)
    finally:
        reopened.close()
    assert not report.ok
    assert any("the last signed return" in fault for fault in report.audit_faults)


def test_saving_a_return_again_is_audited(new_vault: tuple[Vault, str], tmp_path: Path) -> None:
    vault, _ = new_vault
    returns.build_return(vault, "2026-10", tmp_path / "a", today=TODAY)
    returns.save_again(vault, 1, tmp_path / "b")
    with vault.unit_of_work() as session:
        details = session.scalars(
            select(AuditEntryRow.detail_json).where(AuditEntryRow.action == "return_saved_again")
        ).all()
    assert [json.loads(d) for d in details] == [{"sequence": 1}]
