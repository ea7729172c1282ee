"""The one volunteer chooser: typing part of a name chooses them, a reload keeps them, and
someone no longer listed is not silently swapped for someone else."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter
from pytestqt.qtbot import QtBot

from coordinator_app.services.volunteers.volunteers import VolunteerListRow
from coordinator_app.ui.widgets.people_combo import PeopleCombo


def _person(id_: int, name: str) -> VolunteerListRow:
    return VolunteerListRow(
        id=id_,
        code=f"TST-{id_:04d}",
        name=name,
        state="active",
        status="Refugee status",
        profession="Nurse",
        ready=True,
        phone="",
        email="",
        archived=False,
    )


PEOPLE = [
    _person(1, "Generated Alpha-Testperson"),
    _person(2, "Generated Bravo-Testperson"),
    _person(3, "Generated Charlie-Sample"),
]


def _combo(qtbot: QtBot) -> PeopleCombo:
    combo = PeopleCombo("Volunteer")
    qtbot.addWidget(combo)
    combo.show()
    combo.set_people(PEOPLE)
    return combo


def _type(qtbot: QtBot, combo: PeopleCombo, text: str) -> None:
    edit = combo.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_named_for_screen_readers_and_shows_name_and_code(qtbot: QtBot) -> None:
    combo = _combo(qtbot)
    assert combo.accessibleName() == "Volunteer"
    assert combo.completer().popup().accessibleName() == "Volunteer matches"
    assert combo.currentIndex() == 0  # nobody chosen before: the first person
    assert [combo.itemText(n) for n in range(combo.count())] == [
        "Generated Alpha-Testperson (TST-0001)",
        "Generated Bravo-Testperson (TST-0002)",
        "Generated Charlie-Sample (TST-0003)",
    ]


def test_typing_part_of_a_name_in_any_case_chooses_the_person(qtbot: QtBot) -> None:
    combo = _combo(qtbot)
    _type(qtbot, combo, "charlie-s")
    completer = combo.completer()
    assert completer.filterMode() == Qt.MatchFlag.MatchContains
    assert completer.completionMode() == QCompleter.CompletionMode.PopupCompletion
    assert completer.completionCount() == 1  # matched inside the name, not at its start
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert combo.currentData() == 3
    assert combo.currentText() == "Generated Charlie-Sample (TST-0003)"


def test_typing_a_code_then_leaving_the_field_chooses_the_person(qtbot: QtBot) -> None:
    combo = _combo(qtbot)
    _type(qtbot, combo, "tst-0002")
    combo.completer().popup().hide()
    combo.lineEdit().editingFinished.emit()  # as when focus moves on
    assert combo.currentData() == 2


def test_several_matches_are_listed_and_one_is_picked_from_the_popup(qtbot: QtBot) -> None:
    combo = _combo(qtbot)
    _type(qtbot, combo, "TESTPERSON")
    completer = combo.completer()
    assert completer.completionCount() == 2
    popup = completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert combo.currentData() == 2


def test_text_matching_nobody_goes_back_to_who_is_chosen(qtbot: QtBot) -> None:
    combo = _combo(qtbot)
    combo.setCurrentIndex(1)
    _type(qtbot, combo, "nobody by this name")
    combo.completer().popup().hide()
    combo.lineEdit().editingFinished.emit()
    assert combo.currentData() == 2
    assert combo.currentText() == "Generated Bravo-Testperson (TST-0002)"


def test_a_reload_keeps_the_chosen_person(qtbot: QtBot) -> None:
    combo = _combo(qtbot)
    combo.setCurrentIndex(combo.findData(3))
    newcomer = _person(4, "Generated Aardvark-Newcomer")
    with qtbot.assertNotEmitted(combo.currentIndexChanged), qtbot.assertNotEmitted(combo.gone):
        combo.set_people([newcomer, *PEOPLE])
    assert combo.currentData() == 3
    assert combo.count() == 4


def test_someone_no_longer_listed_is_unchosen_and_said_so(qtbot: QtBot) -> None:
    combo = _combo(qtbot)
    combo.setCurrentIndex(combo.findData(2))
    with qtbot.waitSignal(combo.gone) as said:
        combo.set_people([PEOPLE[0], PEOPLE[2]])
    assert combo.currentIndex() == -1 and combo.currentData() is None
    assert combo.currentText() == ""
    assert said.args == [
        "Generated Bravo-Testperson (TST-0002) is no longer in the list: choose someone else."
    ]


def test_asking_for_someone_not_listed_chooses_nobody(qtbot: QtBot) -> None:
    combo = _combo(qtbot)
    with qtbot.waitSignal(combo.gone) as said:
        combo.set_people(PEOPLE, chosen=99)
    assert combo.currentData() is None
    assert said.args == [
        "The volunteer chosen before is no longer in the list: choose someone else."
    ]
