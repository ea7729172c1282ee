"""The vault on real SQLCipher files: encryption, keyslots, passphrases, locking."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from coordinator_app.data import audit, migrate
from coordinator_app.data.keyfile import KeyFile
from coordinator_app.data.models import AuditEntryRow, CoordinatorRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import (
    InvalidInput,
    TooManyAttempts,
    VaultBusy,
    VaultDamaged,
    VaultExists,
    VaultNotFound,
    WrongPassphrase,
)
from coordinator_app.services.vault import vaults
from tests.conftest import FAST_KDF, PASSPHRASE, vault_file_hashes

SENTINELS = ("Zubaida Qorbanova-Sentinel", "Tesfaye Wolde-Sentinel", "sentinel.person@example.org")


def _write_sentinels(vault: Vault) -> None:
    with vault.unit_of_work() as session:
        for text in SENTINELS:
            audit.record(session, text, "sentinel", {"value": text})


def test_round_trip_keeps_every_row(new_vault: tuple[Vault, str], vault_dir: Path) -> None:
    vault, _ = new_vault
    _write_sentinels(vault)
    vault.close()
    reopened = Vault.open(vault_dir, PASSPHRASE)
    with reopened.unit_of_work() as session:
        actors = set(session.scalars(select(AuditEntryRow.actor)))
        coordinator = session.scalars(select(CoordinatorRow)).one()
    reopened.close()
    assert set(SENTINELS) <= actors
    assert coordinator.name == "Test Coordinator-Generated"


def test_database_is_encrypted_and_no_plaintext_anywhere_in_the_folder(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    _write_sentinels(vault)
    # Scan while open (WAL and SHM present) and again after close.
    scans = []
    for _ in range(2):
        files = {p.name: p.read_bytes() for p in vault_dir.rglob("*") if p.is_file()}
        scans.append(files)
        vault.close()
        vault = Vault.open(vault_dir, PASSPHRASE)
    vault.close()
    assert "vault.db-wal" in scans[0], "the open vault should be in WAL mode"
    assert not (vault_dir / "vault.db").read_bytes().startswith(b"SQLite format 3")
    for files in scans:
        for name, content in files.items():
            for sentinel in SENTINELS:
                for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                    assert sentinel.encode(encoding) not in content, (name, sentinel)


def test_pragmas_are_those_the_vault_promises(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    with vault.engine.connect() as conn:

        def pragma(name: str) -> object:
            return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("secure_delete") == 1
        assert pragma("cache_size") == -65536
        assert pragma("temp_store") == 2  # MEMORY: no temporary files on disk
        assert str(pragma("cipher_memory_security")) == "1"
        assert pragma("cipher_version").startswith("4.")  # type: ignore[union-attr]


def test_wrong_passphrase_changes_no_byte_and_says_so(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    vault.close()
    before = vault_file_hashes(vault_dir)
    with pytest.raises(WrongPassphrase) as caught:
        Vault.open(vault_dir, "not the right passphrase")
    assert "not right" in caught.value.sentence()
    assert caught.value.exit_code == 3
    assert vault_file_hashes(vault_dir) == before


def test_recovery_key_opens_and_sets_a_new_passphrase(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, key = new_vault
    vault.close()
    typed = key.lower().replace("-", " ")  # as someone might type it off the sheet
    recovered = Vault.open_with_recovery(vault_dir, typed, kdf=FAST_KDF)
    replacement = recovered.set_passphrase_after_recovery("orchard lantern pebble sunrise")
    recovered.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_dir, PASSPHRASE)
    Vault.open(vault_dir, "orchard lantern pebble sunrise").close()
    # A used recovery key is single-use: it was replaced at once by the one returned.
    assert replacement != key
    with pytest.raises(WrongPassphrase):
        Vault.open_with_recovery(vault_dir, key)
    Vault.open_with_recovery(vault_dir, replacement).close()


def test_recovery_key_typo_is_caught_before_any_key_derivation(vault_dir: Path) -> None:
    with pytest.raises(InvalidInput, match="typing mistake"):
        Vault.open_with_recovery(vault_dir, "00000-00000-00000-00000-00000-00000")


def test_change_passphrase_rewraps_key_only(new_vault: tuple[Vault, str], vault_dir: Path) -> None:
    vault, _ = new_vault
    vault.close()
    vault = Vault.open(vault_dir, PASSPHRASE)
    vault.close()  # checkpointed: the database file is now stable
    db_before = vault_file_hashes(vault_dir)["vault.db"]
    vault = Vault.open(vault_dir, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        vault.change_passphrase("a wrong current one", "new lovely long phrase")
    vault.change_passphrase(PASSPHRASE, "new lovely long phrase")
    # The database file itself is not rewritten by a change (only the WAL takes the audit entry).
    assert vault_file_hashes(vault_dir)["vault.db"] == db_before
    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_dir, PASSPHRASE)
    Vault.open(vault_dir, "new lovely long phrase").close()


def test_weak_passphrases_are_refused(vault_dir: Path) -> None:
    with pytest.raises(InvalidInput, match="more character"):
        Vault.create(vault_dir, "short one", kdf=FAST_KDF)
    with pytest.raises(InvalidInput, match="most"):
        Vault.create(vault_dir, "passwordpassword", kdf=FAST_KDF)
    assert not vault_dir.exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"",
        lambda raw: raw.replace(b'"wrapped_key": "', b'"wrapped_key": "AAAA', 1),
        lambda raw: json.dumps({"format": "something else"}).encode(),
        lambda raw: b"\xff\xfe garbage",
        lambda raw: raw.replace(b'"nonce": "', b'"nonce": "AAAA', 1),
        lambda raw: raw.replace(b'"iterations": 1', b'"iterations": 100000', 1),
        lambda raw: raw.replace(b'"slots": [', b'"slots": [[], ', 1),
        lambda raw: b"[]",
    ],
    ids=[
        "truncated",
        "empty",
        "altered-wrapped-key",
        "wrong-format",
        "not-text",
        "bad-nonce",
        "absurd-kdf",
        "slot-not-object",
        "not-an-object",
    ],
)
def test_damaged_key_file_gives_a_sentence_not_a_crash(
    new_vault: tuple[Vault, str], vault_dir: Path, damage: object
) -> None:
    vault, _ = new_vault
    vault.close()
    key_path = vault_dir / "vault.key"
    key_path.write_bytes(damage(key_path.read_bytes()))  # type: ignore[operator]
    with pytest.raises((VaultDamaged, WrongPassphrase)) as caught:
        Vault.open(vault_dir, PASSPHRASE)
    assert caught.value.sentence().endswith(".")
    assert "Traceback" not in caught.value.sentence()


def test_missing_key_file_and_missing_vault(
    new_vault: tuple[Vault, str], vault_dir: Path, tmp_path: Path
) -> None:
    vault, _ = new_vault
    vault.close()
    (vault_dir / "vault.key").unlink()
    with pytest.raises(VaultDamaged, match="missing"):
        Vault.open(vault_dir, PASSPHRASE)
    with pytest.raises(VaultNotFound):
        Vault.open(tmp_path / "nowhere", PASSPHRASE)


def test_truncated_database_is_detected(new_vault: tuple[Vault, str], vault_dir: Path) -> None:
    vault, _ = new_vault
    _write_sentinels(vault)
    vault.close()
    db = vault_dir / "vault.db"
    db.write_bytes(db.read_bytes()[:1000])
    with pytest.raises(VaultDamaged, match="cannot be read"):
        Vault.open(vault_dir, PASSPHRASE)


def test_create_never_overwrites(new_vault: tuple[Vault, str], vault_dir: Path) -> None:
    with pytest.raises(VaultExists):
        Vault.create(vault_dir, "another good passphrase", kdf=FAST_KDF)


def test_after_five_wrong_tries_each_further_try_waits(
    new_vault: tuple[Vault, str], vault_dir: Path, tmp_path: Path
) -> None:
    vault, _ = new_vault
    vault.close()
    throttle = tmp_path / "attempts.json"
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            Vault.open(vault_dir, "wrong wrong wrong", throttle_file=throttle)
    # The sixth try is refused even with the right passphrase until the wait is over.
    with pytest.raises(TooManyAttempts) as caught:
        Vault.open(vault_dir, PASSPHRASE, throttle_file=throttle)
    assert "Try again in 2 seconds" in caught.value.sentence()
    state = json.loads(throttle.read_text())
    vault_id = KeyFile.load(vault_dir / "vault.key").vault_id
    state[vault_id]["last"] -= 3600  # the wait has passed
    throttle.write_text(json.dumps(state))
    opened = Vault.open(vault_dir, PASSPHRASE, throttle_file=throttle)
    with opened.unit_of_work() as session:
        last = session.scalars(
            select(AuditEntryRow)
            .where(AuditEntryRow.action == "unlock")
            .order_by(AuditEntryRow.id.desc())
        ).first()
    opened.close()
    assert last is not None and json.loads(last.detail_json)["failed_attempts_before"] == 5
    assert json.loads(throttle.read_text()) == {}


def test_second_process_gets_vault_busy(new_vault: tuple[Vault, str], vault_dir: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from coordinator_app.data.vault import Vault
        from coordinator_app.domain.errors import VaultBusy
        try:
            Vault.open(Path({str(vault_dir)!r}), {PASSPHRASE!r})
        except VaultBusy as exc:
            print(exc.sentence()); sys.exit(4)
        sys.exit(0)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 4, result.stderr
    assert "already open" in result.stdout


def test_same_process_second_open_is_busy_too(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    with pytest.raises(VaultBusy):
        Vault.open(vault_dir, PASSPHRASE)


def test_backup_is_encrypted_and_opens_with_the_same_key(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    _write_sentinels(vault)
    target = tmp_path / "copy.db"
    vault.backup_to(target)
    raw = target.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert all(s.encode() not in raw for s in SENTINELS)
    from coordinator_app.data.database import connect

    conn = connect(target, vault._key())
    actors = {r[0] for r in conn.execute("SELECT actor FROM audit_log")}
    conn.close()
    assert set(SENTINELS) <= actors


def test_the_file_copy_holds_every_commit_still_in_the_log(
    new_vault: tuple[Vault, str], vault_dir: Path, tmp_path: Path
) -> None:
    vault, _ = new_vault
    _write_sentinels(vault)  # committed into the write-ahead log, not yet the file
    assert (vault_dir / "vault.db-wal").stat().st_size > 0
    target = tmp_path / "copy.db"
    vault.copy_database_to(target)
    raw = target.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert all(s.encode() not in raw for s in SENTINELS)
    assert vault.copy_is_sound(target)
    from coordinator_app.data.database import connect

    conn = connect(target, vault._data_key)
    actors = {r[0] for r in conn.execute("SELECT actor FROM audit_log")}
    conn.close()
    assert set(SENTINELS) <= actors
    with vault.unit_of_work() as session:  # the vault still writes after the copy
        audit.record(session, "after", "after_copy")
    with pytest.raises(InvalidInput):
        vault.copy_database_to(target)  # never over an existing file


def test_summary_and_integrity(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    summary = vaults.summary(vault)
    assert summary.trust.code == "RUH"
    assert summary.schema_revision == migrate.head_revision()
    report = vaults.check_integrity(vault)
    assert report.ok and report.audit_entries >= 1


def test_a_flipped_bit_is_said_as_damage_not_used(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    from coordinator_app.services.reports import stats

    vault, _ = new_vault
    _write_sentinels(vault)
    with vault.engine.begin() as conn:  # the shift table's page: not read until asked for
        (root,) = conn.exec_driver_sql(
            "SELECT rootpage FROM sqlite_master WHERE name = 'shift'"
        ).one()
        (page_size,) = conn.exec_driver_sql("PRAGMA page_size").one()
    vault.close()
    db = vault_dir / "vault.db"
    data = bytearray(db.read_bytes())
    data[(int(root) - 1) * int(page_size) + 1000] ^= (
        0x01  # its authentication code no longer matches
    )
    db.write_bytes(bytes(data))
    reopened = Vault.open(vault_dir, PASSPHRASE)
    try:
        report = reopened.integrity()
        assert not report.ok and (report.cipher_errors or report.sqlite_errors)
        with pytest.raises(VaultDamaged, match="damaged") as caught:
            stats.vault_stats(reopened)  # reads every table: the bad page among them
        assert "Restore the vault from a backup" in caught.value.sentence()
    finally:
        reopened.close()


def test_a_deleted_audit_entry_breaks_the_chain(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    _write_sentinels(vault)
    with vault.engine.begin() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM audit_log ORDER BY id")]
        conn.exec_driver_sql("DELETE FROM audit_log WHERE id = ?", (ids[1],))
    report = vault.integrity()
    assert not report.ok and report.audit_first_broken_id == ids[2]
