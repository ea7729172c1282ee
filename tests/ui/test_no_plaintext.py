"""A plaintext scan of every file the app writes while a coordinator works (the vault and
its log files, drafts kept at a lock, a backup, the app's settings and its log): none holds
a person's details in the clear. Files the coordinator asks for by name (exports) are not
in these folders."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.services.vault import diagnostics
from coordinator_app.services.volunteers import volunteers
from coordinator_app.ui.settings.settings_page import SettingsPage
from coordinator_app.ui.volunteers.volunteers_page import VolunteersPage
from tests.clock import A_DAY
from tests.conftest import PASSPHRASE, VaultTemplates
from tests.ui.conftest import unlocked_window

SENTINELS = ("Qzxplaingiven", "Wvxplainfamily", "qzx.plainmail@nhs.example", "Typedplaindraftqz")


def _files(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()]


def test_no_personal_detail_in_any_file_the_app_writes(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None, vault_templates: VaultTemplates
) -> None:
    diagnostics.setup_logging()
    folder = tmp_path / "vault"
    vault, _ = vault_templates.open(folder, "RUH", "Generated Coordinator")
    volunteers.register(
        vault,
        VolunteerDetails(given_names=SENTINELS[0], family_name=SENTINELS[1], email=SENTINELS[2]),
        A_DAY,
    )
    vault.close()
    window = unlocked_window(qtbot, folder, A_DAY)
    people = next(p for p in window.pages if isinstance(p, VolunteersPage))
    window.nav.setCurrentRow(window.pages.index(people))
    qtbot.keyClicks(people.search, SENTINELS[0][:6])
    people.open_row(0)
    settings = next(p for p in window.pages if isinstance(p, SettingsPage))
    settings.protection.backup_button.click()
    qtbot.keyClicks(settings.email, SENTINELS[3])  # half-typed when the vault locks
    window.session.lock("idle")  # the draft is kept, encrypted; the day's backup is taken
    logging.getLogger("coordinator_app").info("a log line written while working")
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    assert SENTINELS[3] in settings.email.text()  # the draft came back: it was kept
    window.close()  # geometry and settings written

    homes = [
        Path(os.environ[v])
        for v in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")
    ]
    written = _files(folder, *homes)
    assert any(p.suffix == ".cvbackup" for p in written) and any(
        p.name == "vault.db" for p in written
    )
    leaks = [
        (str(path), text)
        for path in written
        for text in SENTINELS
        for encoded in (text.encode("utf-8"), text.encode("utf-16-le"))
        if encoded in path.read_bytes()
    ]
    assert leaks == []
