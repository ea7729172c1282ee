"""Every window the app has, each opened the way the coordinator opens it and walked through
what it can show (pages, tabs, wizard pages), for the mnemonic check in test_mnemonics.

A new QDialog, QWizard or QMainWindow in coordinator_app/ui must get a line in ``WINDOWS``:
test_every_window_is_in_the_registry fails until it has one."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication, QTabWidget, QWidget, QWizard

from coordinator_app.data.vault import Vault
from coordinator_app.services.progress import Progress
from coordinator_app.ui.app.help import GuideDialog, ShortcutsDialog
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.settings.handover import HandoverWizard
from coordinator_app.ui.settings.keys_panel import RekeyDialog
from coordinator_app.ui.settings.settings_page import ChangePassphraseDialog, SettingsPage
from coordinator_app.ui.shifts.approve_months import ApproveMonthsDialog
from coordinator_app.ui.shifts.book_shift import BookShiftDialog
from coordinator_app.ui.shifts.expenses_page import ClaimDialog
from coordinator_app.ui.shifts.register_page import ShiftsPage
from coordinator_app.ui.support.pathway_editor import PathwayEditor
from coordinator_app.ui.support.plans_page import PlansPage
from coordinator_app.ui.vault.first_run import FirstRunWizard
from coordinator_app.ui.volunteers.data_rights import EraseDialog
from coordinator_app.ui.volunteers.import_wizard import ImportWizard
from coordinator_app.ui.volunteers.merge_dialog import MergeDialog
from coordinator_app.ui.volunteers.volunteers_page import VolunteersPage
from coordinator_app.ui.widgets.recovery_key_dialog import RecoveryKeyDialog
from tests.clock import A_DAY, clock_on
from tests.conftest import FAST_KDF

State = tuple[str, QWidget]  # what is shown, the window showing it


@dataclass
class Env:
    """What an opener needs: the coordinator's window on a filled vault, a programme
    manager's window, a folder for files."""

    window: Callable[[], MainWindow]
    programme: Callable[[], MainWindow]
    folder: Path


def fill(vault: Vault) -> None:
    """Volunteers (two alike, for the merge), shifts and support plans."""
    from coordinator_app.services.demo.demo import add_demo_volunteers
    from coordinator_app.services.demo.demo_shifts import add_demo_shifts
    from coordinator_app.services.demo.demo_support import add_demo_support
    from coordinator_app.services.volunteers import volunteers

    rng = random.Random(7)
    add_demo_volunteers(vault, 20, rng, Progress(), A_DAY)
    first = volunteers.all_records(vault, A_DAY)[0]
    volunteers.register(vault, first.details, A_DAY, allow_duplicates=True)
    add_demo_shifts(vault, 30, rng, Progress(), A_DAY)
    add_demo_support(vault, rng, Progress(), A_DAY)


P = TypeVar("P", bound=QWidget)


def showing(window: MainWindow, kind: type[P]) -> P:
    page = next(p for p in window.pages if isinstance(p, kind))
    window.nav.setCurrentRow(window.pages.index(page))
    settle()
    return page


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _tabs(label: str, tabs: QTabWidget, window: QWidget) -> Iterator[State]:
    for tab in range(tabs.count()):
        tabs.setCurrentIndex(tab)
        settle()
        yield f"{label}, tab {tabs.tabText(tab)!r}", window


def _wizard_pages(wizard: QWizard, before_next: Callable[[QWizard], Any]) -> Iterator[State]:
    wizard.show()
    seen = set()
    while wizard.currentId() not in seen:
        seen.add(wizard.currentId())
        settle()
        yield f"page {wizard.currentPage().title()!r}", wizard
        before_next(wizard)
        wizard.next()
        settle()


def main_window(env: Env) -> Iterator[State]:
    window = env.window()
    yield "unlocked, first section", window
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        page = window.page_at(row)
        settle()
        yield f"section {window.nav.item(row).text()!r}", window
        if isinstance(page, VolunteersPage):
            page.open_row(0)
            yield from _tabs("a volunteer open", page.form, window)
        elif isinstance(page, ShiftsPage):
            yield from _tabs("shifts", page.tabs, window)
        elif isinstance(page, PlansPage):
            yield from _tabs("support plans", page.tabs, window)
    window.session.lock("test")
    settle()
    yield "locked", window
    window.unlock_screen.forgot_button.click()
    yield "locked, recovery key", window


def programme_window(env: Env) -> Iterator[State]:
    window = env.programme()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        window.page_at(row)
        settle()
        yield f"programme section {window.nav.item(row).text()!r}", window


def book_shift(env: Env) -> Iterator[State]:
    page = showing(env.window(), ShiftsPage)
    page.open_booking()
    yield "Book a shift", page.booking


def approve_months(env: Env) -> Iterator[State]:
    page = showing(env.window(), ShiftsPage)
    page.open_approval()
    yield "Approve hours", page.approval


def claim(env: Env) -> Iterator[State]:
    page = showing(env.window(), ShiftsPage)
    page.tabs.setCurrentWidget(page.expenses)
    page.expenses.open_claim()
    yield "Expense claim", page.expenses.claim_dialog


def pathway_editor(env: Env) -> Iterator[State]:
    page = showing(env.window(), PlansPage)
    page.edit_templates()
    settle()
    yield "Pathway templates", page.editor


def merge(env: Env) -> Iterator[State]:
    from coordinator_app.services.volunteers import volunteers

    window = env.window()
    page = showing(window, VolunteersPage)
    assert window.session.vault is not None
    page.open_volunteer(volunteers.all_records(window.session.vault, A_DAY)[0].id)
    page.duplicates_button.click()
    yield "Merge", page.merge_dialog


def erase(env: Env) -> Iterator[State]:
    page = showing(env.window(), VolunteersPage)
    page.open_row(0)
    page.open_erase()
    yield "Erase", page.erase_dialog


def import_wizard(env: Env) -> Iterator[State]:
    page = showing(env.window(), VolunteersPage)
    sheet = env.folder / "people.csv"
    sheet.write_text("First name,Last name\nGenerated,Importee\n", encoding="utf-8")
    page.open_import()
    wizard = page.import_wizard
    wizard.file_page.edit.setText(str(sheet))
    yield from _wizard_pages(wizard, lambda _: None)


def change_passphrase(env: Env) -> Iterator[State]:
    page = showing(env.window(), SettingsPage)
    yield "Change passphrase", page.open_change_passphrase()


def rekey(env: Env) -> Iterator[State]:
    page = showing(env.window(), SettingsPage)
    yield "Re-key", page.keys.open_rekey()


def handover(env: Env) -> Iterator[State]:
    page = showing(env.window(), SettingsPage)
    wizard = page.keys.open_handover()
    assert isinstance(wizard, HandoverWizard)
    yield from _wizard_pages(wizard, lambda w: w.currentPage().mark_done("done"))


def recovery_key(env: Env) -> Iterator[State]:
    page = showing(env.window(), SettingsPage)
    page.keys.new_recovery_key()
    settle()
    assert page.keys.key_dialog is not None
    yield "New recovery key", page.keys.key_dialog


def first_run(env: Env) -> Iterator[State]:
    wizard = FirstRunWizard(env.folder / "new-vault", clock_on(A_DAY), kdf=FAST_KDF)
    wizard.resize(800, 600)

    def fill_in(w: QWizard) -> None:
        assert isinstance(w, FirstRunWizard)
        w.trust_page.name.setText("Generated Coordinator")
        w.passphrase_page.fields.first.setText("violet tractor mango")
        w.passphrase_page.fields.confirm.setText("violet tractor mango")

    try:
        yield from _wizard_pages(wizard, fill_in)
    finally:
        if wizard.vault is not None:
            wizard.vault.close()
        wizard.deleteLater()


def guide(env: Env) -> Iterator[State]:
    yield "Guide", env.window().show_guide()


def shortcuts(env: Env) -> Iterator[State]:
    yield "Keyboard shortcuts", env.window().show_shortcuts()


# (the window's class, how to open it and walk what it shows)
WINDOWS: list[tuple[type[QWidget], Callable[[Env], Iterator[State]]]] = [
    (MainWindow, main_window),
    (MainWindow, programme_window),
    (BookShiftDialog, book_shift),
    (ApproveMonthsDialog, approve_months),
    (ClaimDialog, claim),
    (PathwayEditor, pathway_editor),
    (MergeDialog, merge),
    (EraseDialog, erase),
    (ImportWizard, import_wizard),
    (ChangePassphraseDialog, change_passphrase),
    (RekeyDialog, rekey),
    (HandoverWizard, handover),
    (RecoveryKeyDialog, recovery_key),
    (FirstRunWizard, first_run),
    (GuideDialog, guide),
    (ShortcutsDialog, shortcuts),
]
