"""The Returns screen through its widgets: preview, build with progress, history, save
again byte for byte, the key record, and nothing left on screen once locked."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coordinator_app.data.locations import state_dir
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.returns.returns_page import ReturnsPage, period_choices
from tests.ui.test_register import window

__all__ = ["window"]  # the fixture: a vault with shifts this week


def _page(window: MainWindow, folder: Path) -> ReturnsPage:
    page = next(p for p in window.pages if isinstance(p, ReturnsPage))
    page.folders = lambda _parent, _title: folder
    page.asks_encryption = lambda _parent, _recipients: False  # no recipient: sent plain
    window.nav.setCurrentRow(window.pages.index(page))
    page.period.setCurrentIndex(page.period.findData("2026-11"))
    return page


def test_period_choices_start_with_last_month() -> None:
    choices = period_choices(date(2027, 1, 15))
    assert choices[:2] == ["2026-12", "2026-11"] and choices[12:] == [
        "2026-Q4",
        "2026-Q3",
        "2026-Q2",
        "2026-Q1",
    ]


def test_build_save_again_and_lock(
    window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester, tmp_path: Path
) -> None:
    page = _page(window, tmp_path)
    page.period.addItem("2026-11", "2026-11")  # this month, still running
    page.period.setCurrentIndex(page.period.count() - 1)
    figures = {f.key: f.value for f in page.figures.records}
    assert figures["volunteers_excluded_no_consent"] == 3  # the fixture's people never agreed
    assert "has not ended yet" in page.warnings.text()
    assert "first return" in page.changes.text()
    qtmodeltester.check(page.figures)

    page.build_button.click()
    saved = tmp_path / "rvc-return_ABUHB_2026-11_0001.zip"
    assert saved.exists() and "Return 1 for 2026-11 is signed" in page.message.text()
    assert page.history.rowCount() == 1
    qtmodeltester.check(page.history)
    assert "No figure changed since return 1" in page.changes.text()

    again = tmp_path / "again"
    again.mkdir()
    page.folders = lambda _parent, _title: again
    page.history_table.selectRow(0)
    page.again_button.click()
    assert (again / saved.name).read_bytes() == saved.read_bytes()

    page.copy_button.click()
    assert '"trust": "ABUHB"' in QGuiApplication.clipboard().text()
    assert "Fingerprint" in page.key_label.text()

    window.session.lock("test")
    assert page.figures.rowCount() == 0 and page.history.rowCount() == 0
    assert page.key_label.text() == ""


def test_a_number_that_jumps_is_confirmed_first(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    page = _page(window, tmp_path)
    page.period.addItem("2026-11", "2026-11")
    page.period.setCurrentIndex(page.period.count() - 1)
    asked: list[tuple[str, int]] = []
    answers = [False, True]

    def confirm(_parent: QWidget, why: str, sequence: int) -> bool:
        asked.append((why, sequence))
        return answers.pop(0)

    page.confirm = confirm
    page.build_button.click()
    assert asked == [] and page.history.rowCount() == 1  # the first return: nothing to ask
    copy = next((state_dir() / "returns-chain").glob("*.json"))
    doc = json.loads(copy.read_text())
    doc["returns_chain"]["sequence"] = 9  # the copy outside the vault, edited
    copy.write_text(json.dumps(doc))

    page.build_button.click()
    assert asked[0][1] == 2 and "outside the vault" in asked[0][0]
    assert "not confirmed" in page.message.text() and page.history.rowCount() == 1
    page.build_button.click()
    assert [number for _, number in asked] == [2, 2]
    assert "Return 2 for 2026-11 is signed" in page.message.text()
    assert (tmp_path / "rvc-return_ABUHB_2026-11_0002.zip").exists()
