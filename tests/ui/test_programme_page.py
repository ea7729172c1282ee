"""The programme manager's window: its own sections, trusted keys added from a file and
revoked, a folder of returns received with refusals explained, the combined workbook."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coordinator_app.services.returns import returns
from coordinator_app.services.vault import signing, vaults
from coordinator_app.ui.returns.programme_page import ReceivedReturnsPage, TrustedKeysPage
from tests.clock import clock_on
from tests.conftest import FAST_KDF, PASSPHRASE, VaultTemplates
from tests.ui.accessibility import assert_accessible
from tests.ui.conftest import unlocked_window

TODAY = date(2026, 11, 27)


def test_manager_receives_returns_and_combines_them(
    qtbot: QtBot,
    tmp_path: Path,
    synchronous_ops: None,
    qtmodeltester: ModelTester,
    vault_templates: VaultTemplates,
) -> None:
    clock = clock_on(TODAY)  # the trust signs its returns and the manager receives them today
    # Made on the clock, not copied from a template: its signing key dates from that clock.
    trust, _ = vaults.create_vault(
        tmp_path / "ruh", "RUH", "Generated Person", PASSPHRASE, kdf=FAST_KDF, clock=clock
    )
    keys = tmp_path / "trusted-keys.json"
    keys.write_text(json.dumps(signing.trusted_key_entries(signing.records(trust))))
    inbox = tmp_path / "inbox"
    for period in ("2026-09", "2026-10"):
        returns.build_return(trust, period, inbox, today=TODAY)
    (inbox / "rvc-return_RUH_2026-10_0003.zip").write_bytes(b"PK broken")
    trust.close()
    vault_templates.copy(tmp_path / "pm", "", "Generated Manager", kind="programme")

    window = unlocked_window(qtbot, tmp_path / "pm", TODAY, kind="programme")
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Returns received",
        "Trusted keys",
        "Settings",
    ]
    key_page = next(p for p in window.pages if isinstance(p, TrustedKeysPage))
    key_page.files = lambda _parent, _title: keys
    window.nav.setCurrentRow(window.pages.index(key_page))
    key_page.add_button.click()
    assert "1 new key" in key_page.message.text() and key_page.keys.rowCount() == 1
    qtmodeltester.check(key_page.keys)
    assert_accessible(window)

    page = next(p for p in window.pages if isinstance(p, ReceivedReturnsPage))
    page.folders = lambda _parent, _title: inbox
    window.nav.setCurrentRow(window.pages.index(page))
    page.receive_button.click()
    assert "2 returns accepted" in page.message.text()
    assert "Refused rvc-return_RUH_2026-10_0003.zip" in page.message.text()
    ruh = next(s for s in page.status.records if s.trust == "RUH")
    assert (ruh.last_period, ruh.last_sequence) == ("2026-10", 2)
    qtmodeltester.check(page.status)
    assert_accessible(window)

    out = tmp_path / "out"
    out.mkdir()
    page.folders = lambda _parent, _title: out
    page.combine_button.click()
    assert (out / "rvc-combined_2026-11-27.xlsx").exists()

    window.nav.setCurrentRow(window.pages.index(key_page))
    key_page.table.selectRow(0)
    key_page.revoke_button.click()
    assert "revoked" in key_page.keys.data(key_page.keys.index(0, 3))
    window.session.lock("test")
    assert page.status.rowCount() == 0 and key_page.keys.rowCount() == 0
