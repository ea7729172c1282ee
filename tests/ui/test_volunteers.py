"""The Volunteers screen on a real vault: lazy model, search and filters, the form with its
problems shown in place, Undo/Redo, duplicates before saving, drafts, merge and import."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coordinator_app.data.vault import Vault
from coordinator_app.services.demo.demo import add_demo_volunteers
from coordinator_app.services.progress import Progress
from coordinator_app.services.vault import vaults
from coordinator_app.services.volunteers import volunteers
from coordinator_app.services.volunteers.volunteers import ListFilter
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.volunteers.volunteers_model import PAGE_SIZE
from coordinator_app.ui.volunteers.volunteers_page import VolunteersPage
from tests.conftest import PASSPHRASE, VaultTemplates
from tests.ui.conftest import unlocked_window

TODAY = date(2026, 11, 27)
PEOPLE = PAGE_SIZE + 60  # more than one page


def _people(vault: Vault) -> None:
    add_demo_volunteers(vault, PEOPLE, random.Random(3), Progress(), TODAY)


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, synchronous_ops: None, vault_templates: VaultTemplates
) -> MainWindow:
    folder = tmp_path / "vault"
    vault_templates.copy(folder, "KRH", "Generated Coordinator", fill=_people)
    return unlocked_window(qtbot, folder, TODAY)


def _page(window: MainWindow) -> VolunteersPage:
    page = next(p for p in window.pages if isinstance(p, VolunteersPage))
    window.nav.setCurrentRow(window.pages.index(page))
    return page


def _vault(window: MainWindow) -> vaults.Vault:
    assert window.session.vault is not None
    return window.session.vault


def test_model_passes_qt_model_tester_and_loads_pages_lazily(
    window: MainWindow, qtmodeltester: ModelTester
) -> None:
    page = _page(window)
    model = page.model
    assert model.rowCount() == PEOPLE
    assert set(model._pages) == {0}  # only the first page is held
    qtmodeltester.check(model)
    assert model.data(model.index(PEOPLE - 1, 0)) not in (None, "…")
    assert set(model._pages) == {0, 1}


def test_search_filters_and_sort_come_from_sql(window: MainWindow, qtbot: QtBot) -> None:
    page = _page(window)
    vault = _vault(window)
    page.search.setText("kovalenko")
    expected = volunteers.count(vault, ListFilter(search="kovalenko"), TODAY)
    assert 0 < page.model.rowCount() == expected
    assert all("Kovalenko" in str(page.model.data(page.model.index(r, 0))) for r in range(expected))
    page.search.clear()
    page.finder.ready_filter.setCurrentIndex(page.finder.ready_filter.findData(True))
    assert page.model.rowCount() == volunteers.count(vault, ListFilter(ready=True), TODAY)
    page.finder.ready_filter.setCurrentIndex(0)
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    codes = [page.model.data(page.model.index(r, 1)) for r in range(5)]
    assert codes == sorted(codes, reverse=True)
    assert page.finder.count_label.text() == f"{PEOPLE} shown"


def test_new_volunteer_problems_shown_in_place_then_saved(window: MainWindow) -> None:
    page = _page(window)
    page.new_button.click()
    page.form.given.setText("Generated")
    page.form.family.setText("Newperson-Test")
    page.form.email.setText("not an email")
    page.form.born.setText("31/02/1990")
    page.save_button.click()
    assert page.form.errors["date_of_birth"].isVisible()  # a date that cannot be read
    assert "February 1990 has no day 31" in page.form.errors["date_of_birth"].text()
    page.form.born.setText("03/04/1990")
    page.save_button.click()
    assert page.form.errors["email"].isVisible()
    assert "name@example.org" in page.form.errors["email"].text()
    assert page.form.given.text() == "Generated"  # nothing typed is lost
    assert volunteers.count(_vault(window), ListFilter(search="newperson"), TODAY) == 0
    page.form.email.setText("generated.newperson@example.org")
    page.save_button.click()
    assert not page.form.errors["email"].isVisible()
    assert page.current is not None and page.current.code.startswith("KRH-")
    assert volunteers.count(_vault(window), ListFilter(search="newperson"), TODAY) == 1
    page.undo_button.click()  # undoing an addition archives it
    assert volunteers.count(_vault(window), ListFilter(search="newperson"), TODAY) == 0


def test_edit_undo_redo_and_archive_undo(window: MainWindow) -> None:
    page = _page(window)
    page.open_row(0)
    assert page.current is not None
    volunteer_id, before = page.current.id, page.current.details.family_name
    page.form.family.setText("Changed-Test")
    page.save_button.click()
    vault = _vault(window)
    assert volunteers.get(vault, volunteer_id, TODAY).details.family_name == "Changed-Test"
    page.undo_stack.undo()
    assert volunteers.get(vault, volunteer_id, TODAY).details.family_name == before
    assert page.form.family.text() == before
    page.undo_stack.redo()
    assert volunteers.get(vault, volunteer_id, TODAY).details.family_name == "Changed-Test"
    page.archive_button.click()
    assert volunteers.get(vault, volunteer_id, TODAY).archived
    assert page.model.rowCount() == PEOPLE - 1
    page.undo_stack.undo()
    assert not volunteers.get(vault, volunteer_id, TODAY).archived
    assert page.model.rowCount() == PEOPLE


def test_likely_duplicate_is_shown_before_saving(window: MainWindow) -> None:
    page = _page(window)
    page.open_row(3)
    assert page.current is not None
    existing = page.current
    page.new_button.click()
    page.form.given.setText(existing.details.given_names.upper())
    page.form.family.setText(existing.details.family_name)
    assert existing.details.date_of_birth is not None
    page.form.born.setText(existing.details.date_of_birth.strftime("%d/%m/%Y"))
    page.save_button.click()
    box = page.duplicate_prompt
    assert isinstance(box, QMessageBox) and existing.code in box.informativeText()
    assert volunteers.count(_vault(window), ListFilter(), TODAY) == PEOPLE
    save_anyway = next(b for b in box.buttons() if b.text() == "Save as a different person")
    save_anyway.click()
    assert volunteers.count(_vault(window), ListFilter(), TODAY) == PEOPLE + 1


def test_half_filled_form_survives_a_lock(window: MainWindow) -> None:
    page = _page(window)
    page.open_row(0)
    assert page.current is not None
    code = page.current.code
    page.form.goals.setPlainText("Generated goal typed before the lock")
    page.form.family.setText("Typed-Before-Lock")
    page.form.born.setText("31/13/19")  # not a date yet: kept exactly as typed
    page.form.status.setCurrentIndex(page.form.status.findData("humanitarian_protection"))
    page.form.barrier_boxes["housing"].setChecked(
        not page.form.barrier_boxes["housing"].isChecked()
    )
    housing = page.form.barrier_boxes["housing"].isChecked()
    page.form.family.textEdited.emit("Typed-Before-Lock")
    window.session.lock("idle")
    assert page.model.rowCount() == 0 and page.form.family.text() == ""
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    assert page.current is not None and page.current.code == code
    assert page.form.family.text() == "Typed-Before-Lock"
    assert page.form.goals.toPlainText() == "Generated goal typed before the lock"
    assert page.form.born.text() == "31/13/19"
    assert page.form.status.currentData() == "humanitarian_protection"
    assert page.form.barrier_boxes["housing"].isChecked() == housing
    assert "kept while Coordinator was locked" in page.message.text()


def test_merge_two_records_side_by_side(window: MainWindow) -> None:
    page = _page(window)
    vault = _vault(window)
    page.open_row(5)
    assert page.current is not None
    keep = page.current
    twin = volunteers.register(
        vault,
        volunteers.get(vault, keep.id, TODAY).details.__class__(
            given_names=keep.details.given_names,
            family_name=keep.details.family_name,
            date_of_birth=keep.details.date_of_birth,
            profession="Radiographer",
        ),
        TODAY,
        allow_duplicates=True,
    )
    page.duplicates_button.click()
    dialog = page.merge_dialog
    assert dialog.other is not None and dialog.other.id == twin.id
    group = dialog.choices["profession"]
    group.button(1).setChecked(True)  # take the twin's profession
    dialog.merge_button.click()
    kept = volunteers.get(vault, keep.id, TODAY)
    assert kept.details.profession == "Radiographer"
    assert volunteers.get(vault, twin.id, TODAY).merged_into == keep.code


def test_import_wizard_matches_columns_previews_and_imports(
    window: MainWindow, tmp_path: Path
) -> None:
    page = _page(window)
    sheet = tmp_path / "mine.csv"
    sheet.write_text(
        "Forename,Family,DOB,Status\n"
        "Generated,Importee-One,01/02/1990,refugee\n"
        "Generated,Importee-Two,02/03/1991,asylum seeker\n",
        encoding="utf-8",
    )
    page.open_import()
    wizard = page.import_wizard
    wizard.file_page.edit.setText(str(sheet))
    assert wizard.file_page.isComplete()
    wizard.next()
    boxes = wizard.mapping_page.boxes
    assert [b.currentData() for b in boxes] == ["given_names", None, "date_of_birth", "status"]
    boxes[1].setCurrentIndex(boxes[1].findData("family_name"))  # the coordinator fixes it
    wizard.next()
    assert wizard.preview is not None and wizard.preview.new == 2
    assert wizard.preview_page.isComplete()
    wizard.accept()
    assert volunteers.count(_vault(window), ListFilter(search="importee"), TODAY) == 2
    assert "Imported 2 volunteers" in page.message.text()


def test_leaving_a_changed_record_asks_first(window: MainWindow) -> None:
    page = _page(window)
    page.open_row(0)
    assert page.current is not None
    first = page.current
    page.form.family.setText("Unsaved-Change")
    page.form.family.textEdited.emit("Unsaved-Change")
    page.open_row(1)
    box = page.leave_prompt
    assert box.isVisible() and page.current.id == first.id  # still on the changed record
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert page.form.family.text() == "Unsaved-Change"
    page.open_row(1)
    page.leave_prompt.button(QMessageBox.StandardButton.Save).click()
    assert volunteers.get(_vault(window), first.id, TODAY).details.family_name == "Unsaved-Change"
    assert page.current is not None and page.current.id != first.id
    page.form.family.setText("Thrown-Away")
    page.form.family.textEdited.emit("Thrown-Away")
    page.new_button.click()
    page.leave_prompt.button(QMessageBox.StandardButton.Discard).click()
    assert page.title.text() == "New volunteer"


def test_export_list_writes_the_named_workbook(window: MainWindow, tmp_path: Path) -> None:
    import openpyxl

    page = _page(window)
    out = tmp_path / "my volunteers.xlsx"
    page.export_to(out)
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    assert sheet.max_row == PEOPLE + 1  # header + every current volunteer
    assert sheet.cell(1, 1).value == "Code"
    assert "keep it safe" in page.message.text()


def test_hours_statement_from_the_record(window: MainWindow, tmp_path: Path) -> None:
    page = _page(window)
    page.open_row(0)
    out = tmp_path / "statement.pdf"
    page.write_hours_statement(out)
    assert out.read_bytes().startswith(b"%PDF")
    assert "Hours statement saved" in page.message.text()


def test_draft_from_a_closed_app_comes_back_at_the_next_start(
    window: MainWindow, qtbot: QtBot
) -> None:
    page = _page(window)
    page.open_row(0)
    page.form.family.setText("Typed-Then-Closed")
    page.form.family.textEdited.emit("Typed-Then-Closed")
    folder = window.session.folder
    window.session.lock("idle")
    window.close()  # the coordinator quit while it was locked
    again = unlocked_window(qtbot, folder, TODAY)  # a new start: the Volunteers page is built later
    restored = _page(again)
    assert restored.form.family.text() == "Typed-Then-Closed"
    assert "kept while Coordinator was locked" in restored.message.text()
