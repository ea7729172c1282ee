"""The programme manager's record of accepted returns is sealed in their vault: an edited,
added-to or emptied record is refused with a sentence instead of letting a replay pass."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from coordinator_app.data.models import ReceivedReturnRow
from coordinator_app.data.vault import Vault
from coordinator_app.export.verify.bundle import ReaderFileInvalid
from coordinator_app.services.returns import programme
from coordinator_app.services.returns.reader_state import SEAL_RECORD
from tests.services.test_programme import _trust_returns, manager

__all__ = ["manager"]  # the fixture, shared with test_programme


def _received(manager: Vault, new_vault: tuple[Vault, str], tmp_path: Path) -> Path:
    keys, built = _trust_returns(new_vault, tmp_path)
    programme.add_keys(manager, keys)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in built[:2]:
        shutil.copy2(path, inbox / path.name)
    got = programme.receive_folder(manager, inbox, datetime.now(UTC))
    assert [a.sequence for a in got.accepted] == [1, 2]
    return inbox


def test_accepting_seals_the_record_with_its_count(
    manager: Vault, new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    _received(manager, new_vault, tmp_path)
    kept = manager.outliving_record(SEAL_RECORD)
    assert kept["count"] == 2 and len(kept["mac"]) == 64
    assert sorted(programme.reader_state(manager).accepted["RUH"]) == [1, 2]


def test_an_edited_record_is_refused(
    manager: Vault, new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    inbox = _received(manager, new_vault, tmp_path)
    with manager.unit_of_work() as session:  # someone rewrites which return 2 was taken
        row = session.scalars(
            select(ReceivedReturnRow).where(ReceivedReturnRow.sequence == 2)
        ).one()
        row.manifest_sha256 = "ab" * 32
    with pytest.raises(ReaderFileInvalid, match="changed outside Coordinator"):
        programme.receive_folder(manager, inbox, datetime.now(UTC))


def test_an_emptied_record_is_refused(
    manager: Vault, new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    inbox = _received(manager, new_vault, tmp_path)
    with manager.unit_of_work() as session:  # emptied, so the same returns would pass again
        session.execute(delete(ReceivedReturnRow))
    with pytest.raises(ReaderFileInvalid, match="holds 0 returns, but it was left holding 2"):
        programme.receive_folder(manager, inbox, datetime.now(UTC))
    with pytest.raises(ReaderFileInvalid):
        programme.write_combined(manager, tmp_path / "combined.xlsx", datetime.now(UTC).date())


def test_a_seal_from_another_vault_does_not_fit(
    manager: Vault, new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    """The MAC is keyed from this vault's data key: a seal computed elsewhere fails."""
    inbox = _received(manager, new_vault, tmp_path)
    kept = manager.outliving_record(SEAL_RECORD)
    manager.keep_outliving_record(SEAL_RECORD, {**kept, "mac": "00" * 32})
    with pytest.raises(ReaderFileInvalid, match="no longer matches its seal"):
        programme.receive_folder(manager, inbox, datetime.now(UTC))


def test_a_vault_from_before_sealing_is_sealed_once_then_guarded(
    manager: Vault, new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    """Returns accepted by a version that kept no seal are trusted as they are, once; after
    that, a seal taken away is noticed like any other change."""
    from coordinator_app.data.models import SettingRow
    from coordinator_app.services.returns.reader_state import SEALED_SETTING

    _received(manager, new_vault, tmp_path)
    with manager.unit_of_work() as session:  # as an older version left it
        session.execute(delete(SettingRow).where(SettingRow.key == SEALED_SETTING))
    manager.keep_outliving_record(SEAL_RECORD, None)
    assert sorted(programme.reader_state(manager).accepted["RUH"]) == [1, 2]
    assert manager.outliving_record(SEAL_RECORD)["count"] == 2
    manager.keep_outliving_record(SEAL_RECORD, None)  # now someone removes the seal
    with pytest.raises(ReaderFileInvalid, match="holds 2 returns"):
        programme.reader_state(manager)
