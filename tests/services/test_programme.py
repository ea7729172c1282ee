"""The programme manager's vault: trusted keys from a trust's record, a folder of returns
received (accepted ones kept, refusals explained, gaps noticed), status and the combined
workbook."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.services.returns import programme, returns
from coordinator_app.services.vault import signing, startup, vaults
from tests.conftest import VaultTemplates

TODAY = date(2026, 11, 27)


@pytest.fixture
def manager(tmp_path: Path, vault_templates: VaultTemplates) -> Vault:
    vault, _ = vault_templates.open(tmp_path / "pm", "", "Generated Manager", kind="programme")
    assert vaults.summary(vault).trust.code == "HELPFORCE"
    assert startup.vault_kind(tmp_path / "pm") == "programme"
    return vault


def _trust_returns(new_vault: tuple[Vault, str], folder: Path) -> tuple[Path, list[Path]]:
    vault, _ = new_vault
    assert signing.records(vault).trust_code == "RUH"
    keys = folder / "trusted-keys.json"
    keys.write_text(json.dumps(signing.trusted_key_entries(signing.records(vault))))
    built = [
        returns.build_return(vault, period, folder / "sent", today=TODAY).path
        for period in ("2026-08", "2026-09", "2026-10")
    ]
    return keys, built


def test_receiving_keeps_accepted_returns_and_explains_refusals(
    manager: Vault, new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    keys, (first, second, third) = _trust_returns(new_vault, tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with pytest.raises(InvalidInput, match="No trust's key"):
        programme.receive_folder(manager, tmp_path / "sent", datetime.now(UTC))
    assert programme.add_keys(manager, keys) == 1
    assert programme.add_keys(manager, keys) == 0  # known already

    for path in (first, third):
        shutil.copy2(path, inbox / path.name)
    damaged = inbox / "rvc-return_RUH_2026-11_0009.zip"
    damaged.write_bytes(first.read_bytes()[:-10])
    got = programme.receive_folder(manager, inbox, datetime.now(UTC))
    assert [(a.sequence, a.missing_before) for a in got.accepted] == [(1, None), (3, (2, 2))]
    assert [r.file for r in got.refused] == [damaged.name]

    status = {s.trust: s for s in programme.trust_statuses(manager, TODAY)}
    assert status["RUH"].missing == ((2, 2),) and status["RUH"].last_sequence == 3
    assert not status["RUH"].late and status["KRH"].late  # nothing from KRH for October

    shutil.copy2(second, inbox / second.name)
    late = programme.receive_folder(manager, inbox, datetime.now(UTC))
    # The late return 2 chains with 1 and 3 and is taken; 1 and 3 again are replays.
    assert [(a.sequence, a.missing_before) for a in late.accepted] == [(2, None)]
    assert {r.code for r in late.refused} >= {"replay"}

    out = programme.write_combined(manager, tmp_path / "combined.xlsx", TODAY)
    book = load_workbook(out)
    returns_sheet = list(book["Returns"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2]) for r in returns_sheet] == [
        ("RUH", 1, "2026-08"),
        ("RUH", 2, "2026-09"),
        ("RUH", 3, "2026-10"),
    ]


def test_a_revoked_key_refuses_later_returns(
    manager: Vault, new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    keys, _built = _trust_returns(new_vault, tmp_path)
    programme.add_keys(manager, keys)
    key_id = programme.trusted_keys(manager)[0].key_id
    programme.revoke_key(manager, key_id, datetime(2026, 1, 1, tzinfo=UTC))
    assert programme.trusted_keys(manager)[0].revoked_at is not None
    got = programme.receive_folder(manager, tmp_path / "sent", datetime.now(UTC))
    assert got.accepted == () and {r.code for r in got.refused} == {"key-revoked"}
