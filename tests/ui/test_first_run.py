"""The first-run wizard, driven by keyboard as a coordinator would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from coordinator_app.services.vault import startup, vaults
from coordinator_app.ui.vault.first_run import FirstRunWizard
from tests.clock import A_DAY, clock_on
from tests.conftest import FAST_KDF


def _next_enabled(wizard: FirstRunWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_wizard_creates_the_vault_and_checks_the_key(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None
) -> None:
    folder = tmp_path / "vault"
    wizard = FirstRunWizard(folder, clock_on(A_DAY), kdf=FAST_KDF)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()  # role: coordinator is the default
    assert not _next_enabled(wizard)  # no name yet
    wizard.trust_page.trust.setCurrentIndex(wizard.trust_page.trust.findData("LWH"))
    qtbot.keyClicks(wizard.trust_page.name, "Generated Coordinator")
    assert _next_enabled(wizard)
    wizard.next()

    fields = wizard.passphrase_page.fields
    qtbot.keyClicks(fields.first, "qzvtrkmw")
    assert "more character" in fields.feedback.text()
    assert not _next_enabled(wizard)
    fields.first.clear()
    qtbot.keyClicks(fields.first, "passwordpassword")
    assert "use most" in fields.feedback.text()
    fields.first.clear()
    qtbot.keyClicks(fields.first, "violet tractor mango")
    qtbot.keyClicks(fields.confirm, "violet tractor mangx")
    assert "different" in fields.feedback.text() and not _next_enabled(wizard)
    qtbot.keyClick(fields.confirm, Qt.Key.Key_Backspace)
    qtbot.keyClicks(fields.confirm, "o")
    assert _next_enabled(wizard)
    wizard.next()

    assert wizard.created is not None and wizard.vault is not None
    key = wizard.created.recovery_key
    assert wizard.key_page.key.label.text().split() == key.split("-")
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    sheet = tmp_path / "sheet.pdf"
    wizard.key_page.write_sheet(sheet)
    assert sheet.read_bytes().startswith(b"%PDF")
    wizard.next()

    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.keyClicks(
        wizard.confirm_page.last_group, "ZZZZZ" if not key.endswith("ZZZZZ") else "YYYYY"
    )
    assert not finish.isEnabled()
    assert "not the last group" in wizard.confirm_page.hint.text()
    wizard.confirm_page.last_group.clear()
    qtbot.keyClicks(wizard.confirm_page.last_group, key[-5:].lower())
    assert finish.isEnabled()
    wizard.accept()

    assert startup.vault_exists(folder)
    assert vaults.summary(wizard.vault).trust.code == "LWH"
    assert fields.passphrase() == ""  # not kept in the widget once used
    wizard.vault.close()


def test_programme_manager_gets_a_vault_of_their_own_kind(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None
) -> None:
    folder = tmp_path / "pm"
    wizard = FirstRunWizard(folder, clock_on(A_DAY), kdf=FAST_KDF)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.role_page.manager.setChecked(True)
    wizard.next()
    assert not wizard.trust_page.trust.isVisible()  # no trust to pick
    assert wizard.trust_page.title() == "Your name"
    qtbot.keyClicks(wizard.trust_page.name, "Generated Manager")
    wizard.next()
    qtbot.keyClicks(wizard.passphrase_page.fields.first, "violet tractor mango")
    qtbot.keyClicks(wizard.passphrase_page.fields.confirm, "violet tractor mango")
    wizard.next()
    assert wizard.vault is not None
    assert vaults.summary(wizard.vault).trust.code == "HELPFORCE"
    assert startup.vault_kind(folder) == "programme"
    shown = wizard.key_page.recipient.text()
    assert "recipient age1" in shown and wizard.key_page.save_recipient.isVisible()
    wizard.key_page.write_recipient_files(tmp_path / "for-coordinators")
    sent = (tmp_path / "for-coordinators" / "programme-recipient.txt").read_text()
    assert sent.split()[-1] in shown and sent.split()[-1].startswith("age1")
    wizard.vault.close()
