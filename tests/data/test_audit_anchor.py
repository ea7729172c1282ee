"""The audit trail keyed and anchored, on a real vault: cutting its last entries or
rewriting it (with or without the chain key) shows in ``integrity``; a vault from before the
key is re-chained once; redaction still passes."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from coordinator_app.data import anchor_keeper, audit, audit_anchor
from coordinator_app.data.keyfile import KeyFile
from coordinator_app.data.models import AuditEntryRow
from coordinator_app.data.vault import Vault
from coordinator_app.services.vault import audit_view, vaults
from tests.conftest import PASSPHRASE


def _act(vault: Vault, times: int) -> None:
    for n in range(times):
        with vault.unit_of_work() as session:
            audit.record(session, "Test Coordinator-Generated", "settings_changed", {"n": n})


def _rehash(vault: Vault, key: bytes | None) -> None:
    """What someone editing the database would do: re-link every entry after an edit."""
    with vault.engine.begin() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, at, actor, action, detail_json FROM audit_log ORDER BY id"
        ).all()
        prev = audit.GENESIS
        for entry_id, at, actor, action, detail in rows:
            new = audit.entry_hash(key, prev, at, actor, action, detail)
            conn.exec_driver_sql(
                "UPDATE audit_log SET prev_hash = ?, entry_hash = ? WHERE id = ?",
                (prev, new, entry_id),
            )
            prev = new


def _edit_third_entry(vault: Vault) -> None:
    with vault.engine.begin() as conn:
        third = conn.exec_driver_sql("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2").one()
        conn.exec_driver_sql(
            "UPDATE audit_log SET detail_json = '{\"n\":99}' WHERE id = ?", (third[0],)
        )


def _reopened_report(vault_dir: Path) -> vaults.IntegrityReport:
    reopened = Vault.open(vault_dir, PASSPHRASE)
    try:
        return vaults.check_integrity(reopened)
    finally:
        reopened.close()


def test_entries_are_hmac_keyed_and_the_head_is_in_the_key_file(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    _act(vault, 3)
    with vault.unit_of_work() as session:
        rows = session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.id)).all()
    last = rows[-1]
    material = json.dumps(
        [last.prev_hash, last.at, last.actor, last.action, last.detail_json],
        separators=(",", ":"),
    ).encode()
    assert last.entry_hash != hashlib.sha256(material).hexdigest()  # not re-hashable unkeyed
    vault.close()  # the head waiting for its second is written as the vault closes
    kept = KeyFile.load(vault_dir / "vault.key").records[audit_anchor.RECORD]
    assert kept == {"entries": len(rows), "sha256": last.entry_hash, "id": last.id}


def _kept(vault_dir: Path) -> int:
    return int(KeyFile.load(vault_dir / "vault.key").records[audit_anchor.RECORD]["entries"])


def _entries(vault: Vault) -> int:
    with vault.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar_one())


def _soon(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    """Whether ``condition`` holds within ``seconds`` (the anchor's writer, a thread). It
    sleeps and looks again: a timed wait on a lock never ends under faketime."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_the_key_file_is_rewritten_off_the_save_at_most_once_a_second_and_on_close(
    new_vault: tuple[Vault, str], vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save no longer rewrites the key file (two fsyncs): the head waits, remembered as
    it was at its commit, for the writer thread within the second or the close, and entries
    cut meanwhile are still reported."""
    vault, _ = new_vault
    writers: list[threading.Thread] = []
    save = KeyFile.save

    def watched(keyfile: KeyFile, path: Path) -> None:
        writers.append(threading.current_thread())
        save(keyfile, path)

    monkeypatch.setattr(KeyFile, "save", watched)
    _act(vault, 1)
    assert _soon(lambda: _kept(vault_dir) == _entries(vault))  # written within the second
    assert writers and threading.current_thread() not in writers  # not by the save
    monkeypatch.setattr(anchor_keeper, "WRITE_EVERY_S", 3600.0)  # no second passes now
    before, written = _kept(vault_dir), _entries(vault)
    _act(vault, 6)
    time.sleep(0.3)
    assert _kept(vault_dir) == before  # six saves, no rewrite of the key file
    with vault.engine.begin() as conn:  # then the last three entries are deleted
        conn.exec_driver_sql(
            "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id DESC LIMIT 3)"
        )
    vault.close()
    assert _kept(vault_dir) == written + 6  # the head as it was committed, not as it was left
    report = _reopened_report(vault_dir)
    assert not report.ok
    assert f"the audit trail was cut after entry {written + 3} " in report.audit_faults[0]


def test_the_writer_never_writes_after_the_close(
    new_vault: tuple[Vault, str], vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another window may open the vault as soon as it closes: a late writer thread writing the old
    key file over theirs could undo their key change."""
    vault, _ = new_vault
    monkeypatch.setattr(anchor_keeper, "WRITE_EVERY_S", 0.3)
    _act(vault, 1)
    _act(vault, 1)  # waits for the writer, which the close then stops
    vault.close()
    closed = (vault_dir / "vault.key").read_bytes()
    time.sleep(0.6)
    assert (vault_dir / "vault.key").read_bytes() == closed


def test_a_passphrase_change_and_the_anchor_writer_keep_each_others_writes(
    new_vault: tuple[Vault, str], vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key file is written from two threads. Here the writer thread's write is held up (a slow
    disk) until the change has written its own: it must not then put the old slots
    back over the new passphrase's."""
    vault, _ = new_vault
    monkeypatch.setattr(anchor_keeper, "WRITE_EVERY_S", 0.0)
    changed = threading.Event()
    save = KeyFile.save

    def slow_for_the_writer(keyfile: KeyFile, path: Path) -> None:
        if threading.current_thread() is threading.main_thread():
            save(keyfile, path)
            changed.set()
        else:
            _soon(changed.is_set, 0.5)  # with the lock held, the change waits for this
            save(keyfile, path)

    monkeypatch.setattr(KeyFile, "save", slow_for_the_writer)
    _act(vault, 1)  # the writer starts writing the head, slowly
    time.sleep(0.05)
    new = "quartz lantern meadow otter"
    vault.change_passphrase(PASSPHRASE, new)
    _act(vault, 1)
    assert _soon(lambda: _kept(vault_dir) == _entries(vault))
    vault.close()
    Vault.open(vault_dir, new).close()  # the new passphrase's slot is in the key file


def test_deleting_the_last_four_entries_is_reported_as_a_cut(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    _act(vault, 8)
    with vault.engine.begin() as conn:
        (count,) = conn.exec_driver_sql("SELECT count(*) FROM audit_log").one()
        conn.exec_driver_sql(
            "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id DESC LIMIT 4)"
        )
    vault.close()
    report = _reopened_report(vault_dir)
    assert report.audit_first_broken_id is None  # the chain alone still holds
    assert not report.ok
    assert f"the audit trail was cut after entry {count - 4} " in report.audit_faults[0]
    # Still reported later, after more work moved the anchor on.
    again = Vault.open(vault_dir, PASSPHRASE)
    try:
        _act(again, 6)
        later = vaults.check_integrity(again)
        listed = audit_view.entries(again)  # what the Settings screen shows
    finally:
        again.close()
    assert not later.ok and any("cut after entry" in f for f in later.audit_faults)
    assert listed.first_broken_id is None and any("cut after entry" in f for f in listed.faults)


def test_an_edit_rehashed_with_the_key_is_reported_as_rewritten(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    _act(vault, 5)
    _edit_third_entry(vault)
    _rehash(vault, vault.derived_key(audit.KEY_INFO.decode()))  # an insider with the passphrase
    vault.close()
    report = _reopened_report(vault_dir)
    assert report.audit_first_broken_id is None
    assert not report.ok
    assert any("the audit trail was rewritten" in f for f in report.audit_faults)


def test_an_edit_rehashed_without_the_key_breaks_the_chain(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    _act(vault, 5)
    _edit_third_entry(vault)
    _rehash(vault, None)  # plain SHA-256, as the chain was before it was keyed
    vault.close()
    report = _reopened_report(vault_dir)
    assert not report.ok and report.audit_first_broken_id is not None
    assert any("rewritten" in f for f in report.audit_faults)


def test_an_unkeyed_vault_is_rechained_once(new_vault: tuple[Vault, str], vault_dir: Path) -> None:
    vault, _ = new_vault
    _act(vault, 3)
    _rehash(vault, None)  # as a vault from before the key holds its trail
    vault.close()
    keyfile = KeyFile.load(vault_dir / "vault.key")
    records = {k: v for k, v in keyfile.records.items() if k != audit_anchor.RECORD}
    KeyFile(keyfile.vault_id, keyfile.slots, records).save(vault_dir / "vault.key")

    report = _reopened_report(vault_dir)
    assert report.ok, report
    reopened = Vault.open(vault_dir, PASSPHRASE)
    try:
        with reopened.unit_of_work() as session:
            actions = list(session.scalars(select(AuditEntryRow.action).order_by(AuditEntryRow.id)))
        assert actions.count(audit.KEYED) == 1  # once, not at every opening
        assert vaults.check_integrity(reopened).ok
    finally:
        reopened.close()


def test_an_unkeyed_vault_already_broken_stays_reported(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    _act(vault, 3)
    _rehash(vault, None)
    _edit_third_entry(vault)  # broken before the key came
    vault.close()
    keyfile = KeyFile.load(vault_dir / "vault.key")
    records = {k: v for k, v in keyfile.records.items() if k != audit_anchor.RECORD}
    KeyFile(keyfile.vault_id, keyfile.slots, records).save(vault_dir / "vault.key")
    report = _reopened_report(vault_dir)
    assert report.audit_first_broken_id is None  # re-chained...
    assert any("already broken at entry" in f for f in report.audit_faults)  # ...not hidden


def test_redaction_still_passes_the_keyed_check(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    _act(vault, 3)
    with vault.unit_of_work() as session:
        first = session.scalars(select(AuditEntryRow.id).order_by(AuditEntryRow.id)).first()
        assert first is not None
        audit.redact(session, vault.actor, {first: {"redacted": True}}, {"reason": "erasure"})
    assert vaults.check_integrity(vault).ok
    vault.close()
    assert _reopened_report(vault_dir).ok
