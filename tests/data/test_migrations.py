"""Migrations applied on open, with an encrypted backup first; newer vaults refused untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from coordinator_app.data import audit, migrate
from coordinator_app.data.database import connect
from coordinator_app.data.layout import BACKUP_DIR
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import VaultTooNew
from tests.conftest import PASSPHRASE, vault_file_hashes


def _downgrade(vault: Vault, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(migrate.SCRIPT_LOCATION))
    with vault.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def test_every_revision_upgrades_from_empty(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    with engine.begin() as conn:
        migrate.upgrade(conn)
        assert migrate.current_revision(conn) == migrate.head_revision()
        assert {"trust", "coordinator", "setting", "audit_log", "draft"} <= set(
            inspect(conn).get_table_names()
        )


def test_opening_an_older_vault_backs_up_then_migrates(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    with vault.unit_of_work() as session:
        audit.record(session, "Generated Person", "before_migration")
    _downgrade(vault, "0004")
    data_key = bytes(vault._key())  # the vault wipes its own copy when it closes
    vault.close()

    reopened = Vault.open(vault_dir, PASSPHRASE)
    with reopened.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        assert {"shift", "placement", "expense"} <= set(inspect(conn).get_table_names())
        actions = [r[0] for r in conn.exec_driver_sql("SELECT action FROM audit_log")]
    reopened.close()
    assert "before_migration" in actions

    head = migrate.head_revision()
    backups = list((vault_dir / BACKUP_DIR).glob(f"pre-migration_0004-to-{head}_*.db"))
    assert len(backups) == 1
    raw = backups[0].read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    old = connect(backups[0], data_key)
    assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0004",)
    assert old.execute(
        "SELECT count(*) FROM audit_log WHERE action='before_migration'"
    ).fetchone() == (1,)
    old.close()


def test_up_to_date_vault_takes_no_backup(new_vault: tuple[Vault, str], vault_dir: Path) -> None:
    vault, _ = new_vault
    vault.close()
    Vault.open(vault_dir, PASSPHRASE).close()
    assert not (vault_dir / BACKUP_DIR).exists()


def test_vault_from_a_newer_version_is_refused_and_left_untouched(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    with vault.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    vault.close()
    before = vault_file_hashes(vault_dir)
    with pytest.raises(VaultTooNew) as caught:
        Vault.open(vault_dir, PASSPHRASE)
    assert "newer version" in caught.value.sentence()
    assert vault_file_hashes(vault_dir) == before
    assert not (vault_dir / BACKUP_DIR).exists()


def test_a_successful_migration_keeps_only_the_newest_pre_migration_backups(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    from coordinator_app.data.vault import KEEP_PRE_MIGRATION_BACKUPS

    vault, _ = new_vault
    _downgrade(vault, "0004")
    vault.close()
    folder = vault_dir / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    older = [folder / f"pre-migration_000{n}-to-0004_2025010{n}T090000Z.db" for n in (1, 2, 3, 4)]
    for path in older:
        path.write_bytes(b"generated stand-in")
    other = folder / "coordinator-backup_2025-01-01.zip"  # not a pre-migration copy
    other.write_bytes(b"generated stand-in")

    Vault.open(vault_dir, PASSPHRASE).close()
    left = sorted(p.name for p in folder.glob("pre-migration_*.db"))
    head = migrate.head_revision()
    assert KEEP_PRE_MIGRATION_BACKUPS == 3 and len(left) == 3
    assert left[:2] == [older[2].name, older[3].name]
    assert left[2].startswith(f"pre-migration_0004-to-{head}_")
    assert other.exists()
