"""The programme manager's figures on screen: after receiving two demo trusts' returns, the
cross-trust tables show each trust side by side with the programme (small counts "<5",
as published), and "Save the programme report…" writes the PDF on the report worker;
the figures are gone when the vault locks."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coordinator_app.services.demo.demo import create_demo_vault
from coordinator_app.services.returns import returns
from coordinator_app.services.vault import signing
from coordinator_app.ui.returns.programme_page import ReceivedReturnsPage, TrustedKeysPage
from tests.clock import clock_on
from tests.conftest import FAST_KDF, VaultTemplates
from tests.ui.accessibility import assert_accessible
from tests.ui.conftest import unlocked_window

TODAY = date(2026, 11, 27)


def test_figures_side_by_side_and_the_report_saved(
    qtbot: QtBot,
    tmp_path: Path,
    synchronous_ops: None,
    qtmodeltester: ModelTester,
    vault_templates: VaultTemplates,
) -> None:
    clock = clock_on(TODAY)
    inbox, entries = tmp_path / "inbox", []
    for trust in ("KRH", "RUH"):
        vault, _ = create_demo_vault(tmp_path / trust, clock, trust=trust, kdf=FAST_KDF)
        entries += signing.trusted_key_entries(signing.records(vault))["keys"]
        returns.build_return(vault, "2026-10", inbox, today=TODAY)
        vault.close()
    vault_templates.copy(tmp_path / "pm", "", "Generated Manager", kind="programme")

    window = unlocked_window(qtbot, tmp_path / "pm", TODAY, kind="programme")
    page = next(p for p in window.pages if isinstance(p, ReceivedReturnsPage))
    window.nav.setCurrentRow(window.pages.index(page))
    saved = tmp_path / "report.pdf"
    page.report_button.click()  # nothing received yet: said, nothing asked
    assert "No returns have been received yet" in page.message.text()

    keys = tmp_path / "trusted-keys.json"
    keys.write_text(json.dumps({"keys": entries}))
    key_page = next(p for p in window.pages if isinstance(p, TrustedKeysPage))
    key_page.files = lambda _parent, _title: keys
    key_page.add_button.click()
    assert "2 new keys" in key_page.message.text()
    page.folders = lambda _parent, _title: inbox
    page.receive_button.click()
    assert "2 returns accepted" in page.message.text()

    model = page.figures
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Figure", "KRH", "RUH", "Programme"]
    rows = {model.data(model.index(r, 0)): r for r in range(model.rowCount())}
    assert "Career milestones achieved, by pathway" in rows  # a table's title row
    shown = [model.data(model.index(r, c)) for r in range(model.rowCount()) for c in (1, 2, 3)]
    assert "<5" in shown  # small demo trusts: small counts suppressed on screen too
    total = rows["Volunteers in the latest return"]
    krh, ruh, both = (model.data(model.index(total, c)) for c in (1, 2, 3))
    assert int(both) == int(krh) + int(ruh)
    assert_accessible(window)

    page.save_as = lambda _parent, _title, suggested, _kinds: saved
    page.report_button.setFocus()
    qtbot.keyClick(page.report_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "Saved the programme report" in page.message.text(), timeout=20000)
    text = subprocess.run(
        ["pdftotext", str(saved), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Kingston & Richmond" in text and "Royal United Hospitals Bath" in text

    window.session.lock("test")
    assert model.rowCount() == 0 and page.analysis is None
