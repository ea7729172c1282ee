"""Every dialog, wizard and custom message box the app can open, each opened the way the app
opens it (so at its own default size), in each state worth seeing: a wizard's pages, Book a
shift with and without the not-ready warning. Written to be shared by any check that must
see every window (clipping, mnemonics…).

``in_source()`` finds, by reading coordinator_app/ui, every QDialog/QWizard/QMessageBox
subclass and every function that builds a QMessageBox; the guard test fails when one of
them is missing from ``OPENERS``, so a new dialog cannot be forgotten."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget, QWizard
from pytestqt.qtbot import QtBot

from coordinator_app.domain import onboarding
from coordinator_app.domain.errors import UserFacingError
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.shifts import ShiftTime
from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.services.shifts import placements, shifts
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.volunteers import volunteers
from coordinator_app.services.volunteers.volunteers import DuplicateCandidate
from coordinator_app.ui.app.main_window import MainWindow
from tests.conftest import FAST_KDF, PASSPHRASE, VaultTemplates
from tests.ui.conftest import unlocked_window

UI = Path(__file__).resolve().parents[2] / "coordinator_app" / "ui"
TODAY = date(2026, 11, 27)
ROLE = "non_patient_facing"
SECOND = "copper meadow kettle lighthouse"
_DIALOG_BASES = {"QDialog", "QWizard", "QMessageBox"}


def in_source() -> set[str]:
    """``Class`` for each dialog class, ``function`` / ``Class.method`` for each place a
    QMessageBox is built, across coordinator_app/ui."""
    found: set[str] = set()
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
                if bases & _DIALOG_BASES:
                    found.add(node.name)
        for owner, function in _functions(tree):
            if any(
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Name)
                and n.func.id == "QMessageBox"
                for n in ast.walk(function)
            ):
                found.add(f"{owner}.{function.name}" if owner else function.name)
    return found


def _functions(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef]]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield "", node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    yield node.name, item


@dataclass
class Scene:
    """What openers need: the bot, a folder for new vaults, and (made on first use) the
    main window on a vault with placements, shifts, a ready and a not-ready volunteer and
    two records of one person."""

    qtbot: QtBot
    tmp_path: Path
    templates: VaultTemplates
    _window: MainWindow | None = None

    @property
    def window(self) -> MainWindow:
        if self._window is None:
            self._window = _busy_window(self.qtbot, self.tmp_path, self.templates)
        return self._window

    def page(self, kind: type) -> object:
        window = self.window
        page = next(p for p in window.pages if isinstance(p, kind))
        window.nav.setCurrentRow(window.pages.index(page))
        return page

    def close(self) -> None:
        if self._window is not None and self._window.session.is_unlocked:
            self._window.session.lock("test")


def _busy_window(qtbot: QtBot, tmp_path: Path, templates: VaultTemplates) -> MainWindow:
    folder = tmp_path / "vault"
    vault, _ = templates.open(folder, "ABUHB", "Generated Coordinator")
    role = onboarding.role(ROLE)
    assert role is not None
    estates = placements.add_placement(vault, PlacementDetails("Generated Estates", ROLE, False))
    placements.add_placement(vault, PlacementDetails("Generated Library and Archive", ROLE, False))
    checks = [CheckRecord(k, TODAY - timedelta(days=30)) for k in role.items]
    ready = volunteers.register(
        vault,
        VolunteerDetails(given_names="Generated", family_name="Ready-Person", role=ROLE),
        TODAY,
        checks,
    )
    volunteers.register(
        vault,
        VolunteerDetails(given_names="Generated", family_name="Not-Ready", role=ROLE),
        TODAY,
        [],
    )
    twin = VolunteerDetails(
        given_names="Generated",
        family_name="Twin-Person",
        date_of_birth=date(1990, 2, 1),
        role=ROLE,
    )
    for _ in range(2):
        volunteers.register(vault, twin, TODAY, allow_duplicates=True)
    for back in (1, 8, 35):
        day = TODAY - timedelta(days=back)
        shifts.book(vault, ready.id, estates.id, ShiftTime(day, time(9), time(13)), TODAY)
    vault.close()
    return unlocked_window(qtbot, folder, TODAY)


Opener = Callable[[Scene], Iterator[QWidget]]


def _shown(widget: QWidget) -> Iterator[QWidget]:
    yield widget


def book_shift(scene: Scene) -> Iterator[QWidget]:
    from coordinator_app.ui.shifts.register_page import ShiftsPage

    page = scene.page(ShiftsPage)
    page.open_booking()  # type: ignore[attr-defined]
    dialog = page.booking  # type: ignore[attr-defined]
    yield dialog
    dialog.volunteer.setCurrentIndex(dialog.volunteer.findText("Not-Ready", flags_contains()))
    dialog.book_button.click()
    assert "Not ready" in dialog.message.text(), dialog.message.text()
    yield dialog  # the not-ready warning showing


def flags_contains() -> object:
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchContains


def approve_months(scene: Scene) -> Iterator[QWidget]:
    from coordinator_app.ui.shifts.register_page import ShiftsPage

    page = scene.page(ShiftsPage)
    page.open_approval()  # type: ignore[attr-defined]
    yield page.approval  # type: ignore[attr-defined]


def expense_claim(scene: Scene) -> Iterator[QWidget]:
    from coordinator_app.ui.shifts.register_page import ShiftsPage

    page = scene.page(ShiftsPage)
    page.tabs.setCurrentWidget(page.expenses)  # type: ignore[attr-defined]
    page.expenses.open_claim()  # type: ignore[attr-defined]
    yield page.expenses.claim_dialog  # type: ignore[attr-defined]


def pathway_editor(scene: Scene) -> Iterator[QWidget]:
    from coordinator_app.ui.support.plans_page import PlansPage

    page = scene.page(PlansPage)
    page.edit_templates()  # type: ignore[attr-defined]
    yield page.editor  # type: ignore[attr-defined]


def _volunteers(scene: Scene) -> object:
    from coordinator_app.ui.volunteers.volunteers_page import VolunteersPage

    return scene.page(VolunteersPage)


def merge(scene: Scene) -> Iterator[QWidget]:
    page = _volunteers(scene)
    twins = volunteers.all_rows(scene.window.session.vault, TODAY)  # type: ignore[arg-type]
    twin = next(r for r in twins if "Twin-Person" in r.name)
    page.open_volunteer(twin.id)  # type: ignore[attr-defined]
    page.duplicates_button.click()  # type: ignore[attr-defined]
    yield page.merge_dialog  # type: ignore[attr-defined]


def erase(scene: Scene) -> Iterator[QWidget]:
    page = _volunteers(scene)
    page.open_row(0)  # type: ignore[attr-defined]
    page.open_erase()  # type: ignore[attr-defined]
    yield page.erase_dialog  # type: ignore[attr-defined]


def import_wizard(scene: Scene) -> Iterator[QWidget]:
    page = _volunteers(scene)
    sheet = scene.tmp_path / "people.csv"
    sheet.write_text(
        "Forename,Family,DOB,Status,Telephone number (mobile)\n"
        "Generated,Importee-One,01/02/1990,refugee,07700 900123\n",
        encoding="utf-8",
    )
    page.open_import()  # type: ignore[attr-defined]
    wizard = page.import_wizard  # type: ignore[attr-defined]
    yield wizard
    wizard.file_page.edit.setText(str(sheet))
    wizard.next()
    yield wizard
    wizard.next()
    yield wizard


def first_run(scene: Scene) -> Iterator[QWidget]:
    from coordinator_app.ui.vault.first_run import FirstRunWizard
    from tests.clock import clock_on

    wizard = FirstRunWizard(scene.tmp_path / "new-vault", clock_on(TODAY), kdf=FAST_KDF)
    scene.qtbot.addWidget(wizard)
    wizard.show()
    yield wizard
    wizard.next()
    wizard.trust_page.name.setText("Generated Coordinator")
    yield wizard
    wizard.next()
    yield wizard
    wizard.passphrase_page.fields.first.setText(PASSPHRASE)
    wizard.passphrase_page.fields.confirm.setText(PASSPHRASE)
    wizard.next()
    scene.qtbot.waitUntil(lambda: wizard.created is not None, timeout=30_000)
    yield wizard  # the recovery key page
    wizard.reject()
    assert wizard.leave_box is not None
    yield wizard.leave_box  # "Leave set-up?"
    wizard.leave_box.close()
    wizard.next()
    yield wizard
    if wizard.vault is not None:
        wizard.vault.close()


def _keys(scene: Scene) -> object:
    from coordinator_app.ui.settings.settings_page import SettingsPage

    return scene.page(SettingsPage).keys  # type: ignore[attr-defined]


def recovery_key(scene: Scene) -> Iterator[QWidget]:
    keys = _keys(scene)
    keys.recovery_button.click()  # type: ignore[attr-defined]
    yield keys.key_dialog  # type: ignore[attr-defined]


def rekey(scene: Scene) -> Iterator[QWidget]:
    yield _keys(scene).open_rekey()  # type: ignore[attr-defined]


def handover(scene: Scene) -> Iterator[QWidget]:
    keys = _keys(scene)
    scene.window.session.vault.add_coordinator("Leaving Generated", SECOND)  # type: ignore[union-attr]
    wizard = keys.open_handover()  # type: ignore[attr-defined]
    assert isinstance(wizard, QWizard)
    yield wizard
    form = wizard.add_form  # type: ignore[attr-defined]
    form.name.setText("Successor Generated")
    form.passphrase.first.setText(PASSPHRASE + " two")
    form.passphrase.confirm.setText(PASSPHRASE + " two")
    form.add.click()
    wizard.next()
    yield wizard
    wizard.remove_button.click()  # type: ignore[attr-defined]
    wizard.next()
    yield wizard
    wizard.recovery_button.click()  # type: ignore[attr-defined]
    wizard.key_dialog.accept()  # type: ignore[attr-defined]
    wizard.next()
    yield wizard


def change_passphrase(scene: Scene) -> Iterator[QWidget]:
    from coordinator_app.ui.settings.settings_page import SettingsPage

    yield scene.page(SettingsPage).open_change_passphrase()  # type: ignore[attr-defined]


def error_dialogs(scene: Scene) -> Iterator[QWidget]:
    from coordinator_app.ui.widgets.error_dialog import show_error

    yield show_error(
        scene.window,
        UserFacingError("The backup folder is on a drive that is not there.", "Plug it in."),
    )
    yield show_error(scene.window, RuntimeError("an unexpected fault, made by the test"))


def save_first(scene: Scene) -> Iterator[QWidget]:
    from coordinator_app.ui.volunteers.volunteer_prompts import ask_to_save_first

    yield ask_to_save_first(scene.window, "ABUHB-SG2R3K", lambda: None, lambda: None)


def duplicates(scene: Scene) -> Iterator[QWidget]:
    from coordinator_app.ui.volunteers.volunteer_prompts import ask_about_duplicates

    found = DuplicateCandidate(
        1, "ABUHB-SG2R3K", "Generated Twin-Person", date(1990, 2, 1), "", "", ("same name",)
    )
    yield ask_about_duplicates(scene.window, (found,), lambda _: None, lambda: None)


def _executed(call: Callable[[], object]) -> Iterator[QWidget]:
    """A box the app runs with exec(): shown instead, so it can be looked at."""
    boxes: list[QMessageBox] = []

    def show(box: QMessageBox) -> int:
        boxes.append(box)
        box.show()
        return int(QMessageBox.StandardButton.Cancel)

    original = QMessageBox.exec
    QMessageBox.exec = show  # type: ignore[method-assign]
    try:
        call()
    finally:
        QMessageBox.exec = original  # type: ignore[method-assign]
    yield from boxes


def ask_encryption(scene: Scene) -> Iterator[QWidget]:
    from coordinator_app.ui.returns import returns_page

    yield from _executed(lambda: returns_page.ask_encryption(scene.window, ("age1" + "q" * 58,)))
    yield from _executed(lambda: returns_page.ask_encryption(scene.window, ()))


def confirm_sequence(scene: Scene) -> Iterator[QWidget]:
    from coordinator_app.ui.returns import returns_page

    why = "The last return this vault signed was number 3, but number 5 is wanted."
    yield from _executed(lambda: returns_page.confirm_sequence(scene.window, why, 5))


def guide(scene: Scene) -> Iterator[QWidget]:
    yield scene.window.show_guide()


def shortcuts(scene: Scene) -> Iterator[QWidget]:
    yield scene.window.show_shortcuts()


# Name in the source (see in_source) -> how to open it.
OPENERS: dict[str, Opener] = {
    "BookShiftDialog": book_shift,
    "GuideDialog": guide,
    "ShortcutsDialog": shortcuts,
    "ApproveMonthsDialog": approve_months,
    "ClaimDialog": expense_claim,
    "PathwayEditor": pathway_editor,
    "MergeDialog": merge,
    "EraseDialog": erase,
    "ImportWizard": import_wizard,
    "FirstRunWizard": first_run,
    "FirstRunWizard.reject": first_run,
    "HandoverWizard": handover,
    "RecoveryKeyDialog": recovery_key,
    "RekeyDialog": rekey,
    "ChangePassphraseDialog": change_passphrase,
    "show_error": error_dialogs,
    "_question": save_first,
    "ask_about_duplicates": duplicates,
    "ask_encryption": ask_encryption,
    "confirm_sequence": confirm_sequence,
}


def top_levels() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]
