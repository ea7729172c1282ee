"""Encryption of returns through the widgets: the programme manager's Settings show their
recipient, save its file and sheet and rotate it; a coordinator registers it in Settings
(a bad one refused with a sentence) and the Returns page asks every time, encrypting to it
or, when chosen, writing the plain ZIP with a warning; the manager receives `.zip.age`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from coordinator_app.services.vault import signing, vaults
from coordinator_app.ui.app.main_window import MainWindow, sections_for
from coordinator_app.ui.returns.programme_page import ReceivedReturnsPage, TrustedKeysPage
from coordinator_app.ui.returns.returns_page import ReturnsPage
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.settings.encryption_panel import EncryptionPanel
from coordinator_app.ui.settings.settings_page import SettingsPage
from tests.clock import clock_on
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.ui.accessibility import assert_accessible

TODAY = date(2026, 11, 27)


def _window(qtbot: QtBot, folder: Path, kind: str) -> MainWindow:
    QSettings().clear()
    window = MainWindow(AppSession(folder, clock=clock_on(TODAY)), sections=sections_for(kind))
    qtbot.addWidget(window)
    window.show()
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    return window


def _panel(window: MainWindow) -> EncryptionPanel:
    page = next(p for p in window.pages if isinstance(p, SettingsPage))
    window.nav.setCurrentRow(window.pages.index(page))
    return page.encryption


def test_registered_recipient_encrypts_returns_the_manager_receives(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None
) -> None:
    manager, _ = vaults.create_vault(
        tmp_path / "pm", "", "Generated Manager", PASSPHRASE, kdf=FAST_KDF, kind="programme"
    )
    manager.close()
    trust, _ = vaults.create_vault(  # its key valid from today, the day it signs
        tmp_path / "ruh", "RUH", "Generated Person", PASSPHRASE, kdf=FAST_KDF, clock=clock_on(TODAY)
    )
    keys = tmp_path / "trusted-keys.json"
    keys.write_text(json.dumps(signing.trusted_key_entries(signing.records(trust))))
    trust.close()

    pm_window = _window(qtbot, tmp_path / "pm", "programme")
    pm_panel = _panel(pm_window)
    assert pm_panel.programme_box.isVisibleTo(pm_panel)
    assert "Your recipient: age1" in pm_panel.own.text()
    sent = tmp_path / "from-pm"
    pm_panel.folders = lambda _parent, _title: sent
    pm_panel.save_button.click()
    recipient_file = sent / "programme-recipient.txt"
    assert recipient_file.exists() and (sent / "programme-recipient-sheet.pdf").exists()
    pm_window.session.lock("test")
    pm_window.close()

    window = _window(qtbot, tmp_path / "ruh", "coordinator")
    panel = _panel(window)
    assert panel.coordinator_box.isVisibleTo(panel) and not panel.programme_box.isVisibleTo(panel)
    panel.typed.setText("age1notarecipient")
    panel.add_button.click()
    assert "is not an age recipient" in panel.message.text()
    panel.files = lambda _parent, _title: recipient_file
    panel.file_button.click()
    assert panel.registered.rowCount() == 1 and "fingerprint" in panel.message.text()
    assert_accessible(window)

    page = next(p for p in window.pages if isinstance(p, ReturnsPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.period.setCurrentIndex(page.period.findData("2026-10"))
    inbox = tmp_path / "inbox"
    page.folders = lambda _parent, _title: inbox
    asked: list[tuple[str, ...]] = []

    def answer(choice: bool | None) -> None:
        def ask(_parent: object, recipients: tuple[str, ...]) -> bool | None:
            asked.append(recipients)
            return choice

        page.asks_encryption = ask

    answer(None)
    page.build_button.click()
    assert not inbox.exists() and page.history.rowCount() == 0  # cancelled: nothing made
    answer(True)
    page.build_button.click()
    assert (inbox / "rvc-return_RUH_2026-10_0001.zip.age").exists()
    assert "only they can open it" in page.signed.said.text()
    answer(False)
    page.period.setCurrentIndex(page.period.findData("2026-09"))
    page.build_button.click()
    assert (inbox / "rvc-return_RUH_2026-09_0002.zip").exists()
    assert "It is not encrypted" in page.signed.said.text()
    assert len(asked) == 3 and asked[0] == (recipient_file.read_text().split()[-1],)
    window.session.lock("test")
    window.close()

    pm_window = _window(qtbot, tmp_path / "pm", "programme")
    key_page = next(p for p in pm_window.pages if isinstance(p, TrustedKeysPage))
    key_page.files = lambda _parent, _title: keys
    key_page.add_button.click()
    received = next(p for p in pm_window.pages if isinstance(p, ReceivedReturnsPage))
    received.folders = lambda _parent, _title: inbox
    received.receive_button.click()
    assert "2 returns accepted" in received.message.text(), received.message.text()

    pm_panel = _panel(pm_window)
    before = pm_panel.own.text()
    pm_panel.asks = lambda _parent, _question: True
    pm_panel.rotate_button.click()
    assert pm_panel.own.text() != before and "1 earlier" in pm_panel.own.text()
    pm_window.session.lock("test")
    assert pm_panel.own.text() == ""
