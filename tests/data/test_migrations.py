"""Migrations applied on open, with an encrypted backup first; newer vaults refused untouched."""

from __future__ import annotations

import json
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


def test_0011_turns_each_listed_barrier_into_a_dated_row_and_follow_ups_into_results(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    _downgrade(vault, "0010")
    with vault.engine.begin() as conn:
        for n, (barriers, joined) in enumerate(
            ((["english", "travel"], "2025-03-04"), (["housing"], None), ([], "2025-05-06"))
        ):
            conn.exec_driver_sql(
                "INSERT INTO volunteer (uid, code, given_names, family_name, preferred_name, "
                "search_text, sort_name, phone, email, postcode_district, languages_json, "
                "english_level, status, rtw_evidence, rtw_checked_by, reporting_days_json, "
                "profession, country_qualified, goals, barriers_json, barriers_note, "
                "referral_source, state, left_reason, role, joined_on, archived, created_at, "
                "updated_at) VALUES (?, ?, 'Generated', 'Migrated', '', '', '', '', '', '', "
                "'[]', '', 'refugee', '', '', '[]', '', '', '', ?, '', '', 'active', '', '', ?, "
                "0, '2025-02-01T10:00:00.000000Z', '2025-02-01T10:00:00.000000Z')",
                (f"uid-{n}", f"RUH-MIG00{n}", json.dumps(barriers), joined),
            )
        conn.exec_driver_sql(
            "INSERT INTO outcome (volunteer_id, kind, started_on, employer, nhs, role, band, "
            "course, reason, note, created_at) SELECT id, kind, '2025-06-01', '', 0, '', '', "
            "'', '', '', '2025-06-01' FROM volunteer, (SELECT 'paid_job' AS kind UNION ALL "
            "SELECT 'study') WHERE code = 'RUH-MIG000'"
        )
        conn.exec_driver_sql(
            "INSERT INTO outcome_follow_up (outcome_id, months, done_on, still_there, note) "
            "SELECT id, 3, '2025-09-01', kind = 'study', '' FROM outcome UNION ALL "
            "SELECT id, 6, '2025-12-01', 1, '' FROM outcome"
        )
    vault.close()

    reopened = Vault.open(vault_dir, PASSPHRASE)
    with reopened.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        rows = conn.exec_driver_sql(
            "SELECT v.code, b.key, b.identified_on, b.resolved_on, b.helped FROM barrier b "
            "JOIN volunteer v ON v.id = b.volunteer_id ORDER BY v.code, b.key"
        ).all()
        results = conn.exec_driver_sql(
            "SELECT o.kind, f.months, f.result, f.reason FROM outcome_follow_up f "
            "JOIN outcome o ON o.id = f.outcome_id ORDER BY o.kind, f.months"
        ).all()
    reopened.close()
    assert rows == [
        ("RUH-MIG000", "english", "2025-03-04", None, ""),  # on the day they joined
        ("RUH-MIG000", "travel", "2025-03-04", None, ""),
        ("RUH-MIG001", "housing", "2025-02-01", None, ""),  # no joined day: record made
    ]
    assert results == [
        ("paid_job", 3, "left", ""),
        ("paid_job", 6, "in_post", ""),
        ("study", 3, "in_study", ""),
        ("study", 6, "in_study", ""),
    ]


def test_0012_marks_the_hours_of_locked_months_approved_on_their_day(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    from datetime import date, time

    from coordinator_app.domain.shifts import ShiftTime
    from coordinator_app.domain.volunteers import VolunteerDetails
    from coordinator_app.services.shifts import months, placements, shifts
    from coordinator_app.services.shifts.placements import PlacementDetails
    from coordinator_app.services.volunteers import volunteers

    vault, _ = new_vault
    today = date(2026, 11, 27)
    ward = placements.add_placement(
        vault, PlacementDetails("Generated Ward", "welcome_volunteer", False)
    )
    person = volunteers.register(
        vault, VolunteerDetails(given_names="Generated", family_name="Migrated"), today, []
    )
    for day in (date(2026, 9, 7), date(2026, 10, 5)):
        (made,) = shifts.book(
            vault,
            person.id,
            ward.id,
            ShiftTime(day, time(9), time(12)),
            day,
            override_reason="test",
        )
        shifts.record_outcome(vault, made.id, "attended")
    months.approve_month(vault, "2026-09", today)
    _downgrade(vault, "0011")
    vault.close()

    reopened = Vault.open(vault_dir, PASSPHRASE)
    with reopened.engine.connect() as conn:
        approved = conn.exec_driver_sql("SELECT month, approved_on FROM shift ORDER BY month").all()
    reopened.close()
    assert approved[0][0] == "2026-09" and approved[0][1] is not None
    assert approved[1] == ("2026-10", None)
