"""Locking hides everything: every dialog, message box, wizard and progress window leaves
the screen with the main window's pages, and what was typed in Book a shift or an expense
claim is kept as an encrypted draft, offered again when that dialog is next opened."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QWidget,
)
from pytestqt.qtbot import QtBot

from coordinator_app.domain import onboarding
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.services.shifts import placements
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.vault import drafts, vaults
from coordinator_app.services.volunteers import volunteers
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.session import ops
from coordinator_app.ui.settings.settings_page import SettingsPage
from coordinator_app.ui.shifts.book_shift import BookShiftDialog
from coordinator_app.ui.shifts.expenses_page import ClaimDialog
from coordinator_app.ui.shifts.register_page import ShiftsPage
from coordinator_app.ui.support.plans_page import PlansPage
from coordinator_app.ui.volunteers.volunteers_page import VolunteersPage
from tests.conftest import PASSPHRASE, VaultTemplates
from tests.ui.conftest import unlocked_window

TODAY = date(2026, 11, 27)
ROLE = "non_patient_facing"
FAMILY = "Qzlockhide"  # a generated family name, searched for on screen after the lock
TYPED = "Qztyped before the lock"


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None, vault_templates: VaultTemplates
) -> MainWindow:
    folder = tmp_path / "vault"
    vault, _ = vault_templates.open(folder, "ABUHB", "Generated Coordinator")
    role = onboarding.role(ROLE)
    assert role is not None
    placements.add_placement(vault, PlacementDetails("Generated Estates", ROLE, False))
    placements.add_placement(vault, PlacementDetails("Generated Library", ROLE, False))
    for given in ("Generated", "Another"):
        volunteers.register(
            vault,
            VolunteerDetails(given_names=given, family_name=FAMILY, role=ROLE),
            TODAY,
            [CheckRecord(k, TODAY - timedelta(days=30)) for k in role.items],
            allow_duplicates=True,
        )
    vault.close()
    return unlocked_window(qtbot, folder, TODAY)


def _shifts(window: MainWindow) -> ShiftsPage:
    page = next(p for p in window.pages if isinstance(p, ShiftsPage))
    window.nav.setCurrentRow(window.pages.index(page))
    return page


def _other_windows(window: MainWindow) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]


def _texts_on_screen() -> str:
    """Every piece of text a visible widget shows, in any window."""
    seen: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        seen.append(top.windowTitle())
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
                seen.append(widget.text())
            elif isinstance(widget, QComboBox):
                seen.extend(widget.itemText(n) for n in range(widget.count()))
    return "\n".join(seen)


def _stored_draft(window: MainWindow, key: str) -> dict[str, object] | None:
    vault = vaults.unlock(window.session.folder, PASSPHRASE)
    try:
        return drafts.load_draft(vault, key)
    finally:
        vault.close()


def _booking(dialog: BookShiftDialog) -> tuple[object, ...]:
    return (
        dialog.volunteer.currentData(),
        dialog.placement.currentData(),
        dialog.on.text(),
        dialog.weeks.value(),
        dialog.reason.text(),
    )


def _claim(dialog: ClaimDialog) -> tuple[object, ...]:
    return dialog.volunteer.currentData(), dialog.kind.currentData(), dialog.amount.value()


def _unlock(window: MainWindow) -> None:
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    assert window.session.is_unlocked


def test_idle_lock_closes_book_a_shift_and_keeps_its_typing(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = _shifts(window)
    page.open_booking()
    dialog = page.booking
    assert dialog.isVisible() and FAMILY in _texts_on_screen()
    people = [dialog.volunteer.itemText(n) for n in range(dialog.volunteer.count())]
    dialog.volunteer.setCurrentIndex(next(n for n, p in enumerate(people) if "Another" in p))
    dialog.placement.setCurrentIndex(1)
    dialog.on.setText("02/12/2026")
    dialog.weeks.setValue(3)
    qtbot.keyClicks(dialog.reason, TYPED)
    wanted = _booking(dialog)

    window.session.set_idle_interval_ms(100)
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5000)
    assert not dialog.isVisible()
    assert _other_windows(window) == []
    assert FAMILY not in _texts_on_screen() and TYPED not in _texts_on_screen()
    assert window.state_label.text() == "Locked after being idle"
    stored = _stored_draft(window, "book-shift")  # inside the encrypted vault
    assert stored is not None and stored["reason"] == TYPED and stored["weeks"] == 3

    _unlock(window)
    assert _other_windows(window) == []  # offered when the coordinator opens it again
    page.open_booking()
    again = page.booking
    assert again is not dialog and again.isVisible()
    assert _booking(again) == wanted
    assert "before Coordinator locked" in again.message.text()
    assert again.reason.text() == TYPED
    again.book_button.click()
    assert not again.isVisible() and "Booked 3 shifts" in page.message.text()


def test_lock_now_closes_the_expense_claim_and_every_other_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = _shifts(window).expenses
    panel.open_claim()
    claim = panel.claim_dialog
    claim.kind.setCurrentIndex(claim.kind.findData("travel"))
    claim.amount.setValue(12.5)
    qtbot.keyClicks(claim.note, TYPED)
    wanted = _claim(claim)
    # Windows nobody listed: a wizard, a message box naming someone, a progress window.
    people = next(p for p in window.pages if isinstance(p, VolunteersPage))
    people.open_import()
    ok = QMessageBox.StandardButton.Ok
    named = QMessageBox(QMessageBox.Icon.Information, "Saved", f"Saved {FAMILY}.", ok, window)
    named.open()
    busy = QProgressDialog("Making the return…", "Cancel", 0, 0, window)
    busy.show()
    cancelled: list[bool] = []
    busy.canceled.connect(lambda: cancelled.append(True))
    assert len(_other_windows(window)) == 4

    window.lock_action.trigger()  # Ctrl+L, File › Lock now
    assert not window.session.is_unlocked
    assert _other_windows(window) == []
    assert FAMILY not in _texts_on_screen() and TYPED not in _texts_on_screen()
    assert cancelled == []  # the work under a progress window carries on
    stored = _stored_draft(window, "expense-claim")
    assert stored is not None and stored["note"] == TYPED and stored["amount"] == 12.5

    _unlock(window)
    panel.open_claim()
    again = panel.claim_dialog
    assert _claim(again) == wanted and again.note.text() == TYPED
    assert "before Coordinator locked" in again.message.text()
    again.reject()  # the coordinator's choice: the draft was offered once and is gone
    window.session.lock("test")
    assert _stored_draft(window, "expense-claim") is None


def test_an_untouched_dialog_keeps_no_draft_and_an_untaken_one_is_kept(
    window: MainWindow,
) -> None:
    page = _shifts(window)
    page.open_booking()
    page.booking.reason.setText(TYPED)
    window.session.lock("test")
    _unlock(window)
    page.expenses.open_claim()  # opened untouched, beside the waiting booking draft
    window.session.lock("test")
    assert _stored_draft(window, "expense-claim") is None
    stored = _stored_draft(window, "book-shift")  # not opened since: still kept
    assert stored is not None and stored["reason"] == TYPED


def test_a_new_recovery_key_is_hidden_while_locked_and_shown_again(window: MainWindow) -> None:
    settings = next(p for p in window.pages if isinstance(p, SettingsPage))
    window.nav.setCurrentRow(window.pages.index(settings))
    settings.keys.recovery_button.click()
    dialog = settings.keys.key_dialog
    assert dialog is not None
    key = dialog.key.key
    assert dialog.isVisible() and key
    window.session.lock("idle")
    assert _other_windows(window) == [] and key not in _texts_on_screen()
    _unlock(window)
    assert dialog.isVisible() and dialog.key.key == key  # shown once means seen once


def test_unsaved_pathway_template_edits_survive_a_lock(window: MainWindow) -> None:
    plans = next(p for p in window.pages if isinstance(p, PlansPage))
    window.nav.setCurrentRow(window.pages.index(plans))
    plans.templates_button.click()
    editor = plans.editor
    editor.copy_as("Our lock-test route")
    editor.title.setText("Half-written milestone")
    window.session.lock("idle")
    assert not editor.isVisible() and _other_windows(window) == []

    _unlock(window)
    plans.templates_button.click()
    again = plans.editor
    assert again is not editor
    assert again.pathway.currentText() == "Our lock-test route"  # not saved, not lost
    assert again.title.text() == "Half-written milestone"
    assert "before Coordinator locked" in again.message.text()


def test_typing_before_the_lists_arrive_is_kept_too(qtbot: QtBot, window: MainWindow) -> None:
    page = _shifts(window)
    ops.set_synchronous(False)  # the lists come from the database thread, after the typing
    try:
        page.open_booking()
        page.booking.reason.setText(TYPED)
        window.session.lock("idle")
        ops.database_thread().wait_idle(10_000)
        qtbot.wait(50)  # the lists arrive, too late: the vault is locked
    finally:
        ops.set_synchronous(True)
    stored = _stored_draft(window, "book-shift")
    assert stored is not None and stored["reason"] == TYPED
    _unlock(window)
    page.open_booking()
    assert page.booking.reason.text() == TYPED
