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
    assert saved.exists() and "Return 1 for November 2026 is signed" in page.signed.said.text()
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
    assert not page.key_label.isVisible()  # under Details

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
    assert "Return 2 for November 2026 is signed" in page.signed.said.text()
    assert (tmp_path / "rvc-return_ABUHB_2026-11_0002.zip").exists()


def _visible_text(root: QWidget) -> str:
    """Every piece of text a person sees on the page: labels, buttons, table cells."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTableView

    said = [w.text() for w in root.findChildren(QLabel) if w.isVisible()]
    said += [w.text() for w in root.findChildren(QAbstractButton) if w.isVisible()]
    for table in root.findChildren(QTableView):
        model = table.model()
        if not table.isVisible():
            continue
        for column in range(model.columnCount()):
            said.append(str(model.headerData(column, Qt.Orientation.Horizontal)))
            for row in range(model.rowCount()):
                said.append(str(model.index(row, column).data()))
    return "\n".join(said)


def test_after_signing_plain_words_open_folder_copy_path_and_no_return_due(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtGui import QDesktopServices

    page = _page(window, tmp_path)
    assert window.return_label.text() == "Return due 07/12/2026"
    assert window.return_label.toolTip() == "November 2026 return due 07/12/2026"
    page.period.setCurrentIndex(page.period.findData("2026-10"))
    assert page.period.currentText() == "October 2026"
    page.period.addItem("November 2026", "2026-11")
    page.period.setCurrentIndex(page.period.count() - 1)
    page.build_button.click()
    saved = tmp_path / "rvc-return_ABUHB_2026-11_0001.zip"
    assert saved.exists() and page.signed.isVisible()
    said = page.signed.said.text()
    assert f"saved as {saved.name} in {tmp_path}" in said
    assert "Send it only by a route your trust approves" in said and "not encrypted" in said
    # The preview no longer asks to send it again as a correction: it is signed.
    assert page.warnings.text().startswith("Already signed: Return 1 already covers November")
    assert "correction" not in page.warnings.text()
    # The status bar follows the signing through the session's change notice.
    assert window.return_label.text() == "Return signed"
    assert window.return_label.accessibleDescription() == (
        "Next return due: November 2026 return signed 27/11/2026"
    )

    key_id = window.session.summary.signing_key_id if window.session.summary else None
    assert key_id
    shown = _visible_text(page)
    for technical in ("SHA-256", "UTC", key_id[:12], "Fingerprint"):
        assert technical not in shown
    page.details_button.click()
    assert page.details.isVisible()
    details = page.details_text.text()
    assert "SHA-256" in details and "UTC" in details and key_id in details

    class Opener(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.asked: list[QUrl] = []

        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            self.asked.append(url)

    opener = Opener()
    QDesktopServices.setUrlHandler("file", opener, "open")  # nothing is really opened
    try:
        page.signed.open_folder.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(u.toLocalFile()) for u in opener.asked] == [tmp_path]
    page.signed.copy_path.click()
    assert QGuiApplication.clipboard().text() == str(saved)


def test_an_encrypted_return_says_it_is_safe_to_send(tmp_path: Path) -> None:
    from coordinator_app.services.returns.returns import BuiltReturn, ExportRecord
    from coordinator_app.ui.returns.signed_panel import what_to_send

    record = ExportRecord(3, "2026-Q3", "2026-10-05T09:00:00Z", "ab" * 32, "r.zip", "k", None, {})
    built = BuiltReturn(tmp_path / "r.zip.age", record, (), ("age1generatedrecipient",))
    said = what_to_send(built)
    assert said.startswith("Return 3 for July to September 2026 is signed and saved as r.zip.age")
    assert "only they can open it" in said and "by secure email" in said
    assert "age1" not in said
