"""What Qt hands a screen reader, read through its accessibility interfaces: a label's text
is its name (what it is goes in the description), so the unlock message, the recovery key
and the status bar are heard; typing fields inside combos have names; the check over every
screen catches both mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.announce import plain
from coordinator_app.ui.widgets.fields import combo
from coordinator_app.ui.widgets.people_combo import PeopleCombo
from coordinator_app.ui.widgets.recovery_key_view import RecoveryKeyView
from tests.clock import A_DAY, clock_on
from tests.conftest import PASSPHRASE, VaultTemplates
from tests.ui.accessibility import labels_hiding_text, unnamed_controls

KEY = "AB6GY-RXWHM-8X25R-B7HVW-0V8PC-S3SG3"


def _heard(widget: QWidget) -> tuple[str, str]:
    """The name and description a screen reader gets for ``widget``."""
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None
    return iface.text(QAccessible.Text.Name), iface.text(QAccessible.Text.Description)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, vault_templates: VaultTemplates) -> MainWindow:
    folder = tmp_path / "vault"
    vault_templates.copy(folder, "ABUHB", "Generated Coordinator")
    shown = MainWindow(AppSession(folder, clock=clock_on(A_DAY)))
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_the_unlock_message_is_its_name(
    window: MainWindow, synchronous_ops: None, qtbot: QtBot
) -> None:
    screen = window.unlock_screen
    screen.passphrase.setText("not the passphrase at all")
    screen.unlock()
    qtbot.waitUntil(lambda: bool(screen.message.text()))
    name, description = _heard(screen.message)
    assert "not right" in name
    assert description == "Unlock message"
    window.unlock_screen.message.clear()


def test_the_status_bar_says_its_texts(window: MainWindow, synchronous_ops: None) -> None:
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    assert window.session.is_unlocked
    labels = [window.trust_label, window.state_label, window.backup_label, window.return_label]
    heard = [_heard(label) for label in labels]
    assert [name for name, _ in heard] == [plain(label.text()) for label in labels]
    assert heard[1] == ("Unlocked", "Vault state")
    assert [description for _, description in heard[:3]] == [
        "Trust",
        "Vault state",
        "Last backup",
    ]
    assert heard[3][1].startswith("Next return due: ")
    window.session.lock("test")
    assert _heard(window.state_label)[0] == window.state_label.text() != "Unlocked"


def test_the_recovery_key_is_read_whole(qtbot: QtBot) -> None:
    view = RecoveryKeyView()
    qtbot.addWidget(view)
    view.show_key(KEY)
    name, description = _heard(view.label)
    assert "".join(name.split()) == KEY.replace("-", "")
    assert description == "Recovery key"


def test_typing_fields_inside_combos_are_named(qtbot: QtBot) -> None:
    people = PeopleCombo("Volunteer to add to the register")
    english = combo("English level", [("", ""), ("B1", "B1")], editable=True)
    for box in (people, english):
        qtbot.addWidget(box)
        edit = box.lineEdit()
        assert isinstance(edit, QLineEdit)
        assert _heard(edit)[0] == box.accessibleName()
    blank = english.view().model().index(0, 0)
    iface = QAccessible.queryAccessibleInterface(english.view())
    assert iface is not None
    cell = iface.child(0) if iface.childCount() else None
    assert blank.isValid() and cell is not None
    assert cell.text(QAccessible.Text.Name).strip()  # a blank choice is not read as nothing


def test_the_named_inputs_on_volunteers_plans_and_activities(
    window: MainWindow, synchronous_ops: None
) -> None:
    from coordinator_app.ui.support.activities_page import ActivitiesPage
    from coordinator_app.ui.support.plans_page import PlansPage
    from coordinator_app.ui.volunteers.volunteers_page import VolunteersPage

    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    pages = window.pages
    volunteers = next(p for p in pages if isinstance(p, VolunteersPage))
    plans = next(p for p in pages if isinstance(p, PlansPage))
    activities = next(p for p in pages if isinstance(p, ActivitiesPage))
    for box in (volunteers.form.english, plans.volunteer, activities.person):
        assert isinstance(box, QComboBox)
        edit = box.lineEdit()
        assert edit is not None and _heard(edit)[0] == box.accessibleName() != ""
    window.session.lock("test")


def test_the_check_catches_a_hidden_text_and_an_unnamed_typing_field(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    message = QLabel("That passphrase is not right.", root)
    message.setAccessibleName("Unlock message")
    box = QComboBox(root)
    box.setAccessibleName("English level")
    box.setEditable(True)
    message.move(0, 40)
    root.show()
    assert labels_hiding_text(root) == [
        "QLabel showing 'That passphrase is not right.' is read as 'Unlock message'"
    ]
    assert [problem.split()[0] for problem in unnamed_controls(root)] == ["QLineEdit"]
    message.setAccessibleName("")
    message.setAccessibleDescription("Unlock message")
    assert not labels_hiding_text(root)
