"""Editing pathway templates in the app: a trust's own copy of a pathway, a milestone
changed and one added, checked and saved to the rules folder, then offered for new plans."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from coordinator_app.data.locations import rules_dir
from coordinator_app.domain import pathways, resources
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.support.pathway_editor import PathwayEditor
from coordinator_app.ui.support.plans_page import PlansPage
from tests.ui.accessibility import assert_accessible
from tests.ui.test_support_plans import window

__all__ = ["window"]


@pytest.fixture(autouse=True)
def _bundled_rules_after() -> Iterator[None]:
    yield
    resources.set_override_dir(None)  # the next test reads the bundled templates again


def test_copy_change_add_and_save_a_pathway(window: MainWindow, qtbot: QtBot) -> None:
    page = next(p for p in window.pages if isinstance(p, PlansPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.templates_button.click()
    editor = page.editor
    assert isinstance(editor, PathwayEditor)
    assert_accessible(editor)
    editor.pathway.setCurrentIndex(editor.pathway.findData("healthcare_support_worker"))
    editor.copy_as("Our support worker route")
    key = editor.pathway.currentData()
    assert key == "our_support_worker_route"
    editor.table.selectRow(0)
    editor.title.clear()
    editor.change_button.click()
    assert "needs a title" in editor.message.text()
    qtbot.keyClicks(editor.title, "Welcome day at the trust")
    editor.valid.setValue(12)
    editor.change_button.click()
    editor.title.setText("Shadowing a ward manager")
    editor.evidence.setPlainText("A note from the ward manager.")
    editor.add_button.click()
    assert (
        editor.steps.rowCount() == len(pathways.pathway("healthcare_support_worker").milestones) + 1
    )  # type: ignore[union-attr]
    editor.save_button.click()
    assert not editor.isVisible()

    saved = pathways.pathway(key)
    assert saved is not None and saved.milestones[0].title == "Welcome day at the trust"
    assert saved.milestones[0].valid_months == 12
    assert saved.milestones[-1].depends_on == (saved.milestones[-2].key,)
    assert (rules_dir() / "pathways.json").exists()
    assert page.pathway.findData(key) >= 0 and "saved" in page.message.text()
    assert pathways.pathway("healthcare_support_worker") is not None  # the original stays
    page.pathway.setCurrentIndex(page.pathway.findData(key))
    page.add_pathway_button.click()
    assert page.milestones.records[0].title == "Welcome day at the trust"
