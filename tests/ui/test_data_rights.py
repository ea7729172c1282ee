"""Subject access and erasure from the Volunteers screen: files written for the person, and
an erasure that needs the code typed and a reason before it can happen."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from coordinator_app.ui.app.main_window import MainWindow
from tests.ui.accessibility import assert_accessible
from tests.ui.test_volunteers import _page, window

__all__ = ["window"]


def test_subject_access_then_two_step_erasure(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    page = _page(window)
    out = tmp_path / "sar"
    page.choose_folder = lambda _parent, _title: out
    before = page.model.rowCount()
    page.open_row(0)
    current = page.current
    assert current is not None
    page.access_button.click()
    assert sorted(p.suffix for p in out.iterdir()) == [".pdf", ".xlsx"]
    assert "keep no copy" in page.message.text()

    page.erase_button.click()
    dialog = page.erase_dialog
    assert_accessible(dialog)
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClicks(dialog.typed, current.code.lower())
    assert not dialog.erase_button.isEnabled()  # a reason is needed too
    qtbot.keyClicks(dialog.reason, "The person asked")
    assert dialog.erase_button.isEnabled()
    dialog.erase_button.click()
    assert "is erased" in page.message.text()
    assert page.model.rowCount() == before - 1
