"""Every dialog, wizard page and custom message box (tests/ui/dialog_catalogue.py) opened as
the app opens it, on a 1366×768 laptop screen, at 100 % and 200 % font: it fits on the
screen and no text in it is cut short or squeezed (tests/ui/clipping.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from coordinator_app.ui.widgets.fit import fit_to_content
from tests.conftest import VaultTemplates
from tests.ui.accessibility import clipped_texts, settle
from tests.ui.clipping import clipped_content
from tests.ui.dialog_catalogue import OPENERS, Scene, in_source

LAPTOP = QRect(0, 0, 1366, 768)


def test_every_dialog_in_the_source_is_in_the_catalogue() -> None:
    missing = in_source() - set(OPENERS)
    assert not missing, f"add these to tests/ui/dialog_catalogue.py OPENERS: {sorted(missing)}"


def fit_problems(window: QWidget) -> list[str]:
    """Off the laptop's screen, or any text in it cut short."""
    settle(window)
    problems = []
    frame = window.frameGeometry()
    if not LAPTOP.contains(frame):
        problems.append(
            f"{window.windowTitle()!r} is {frame.width()}×{frame.height()} at "
            f"({frame.x()}, {frame.y()}): not inside 1366×768"
        )
    return problems + clipped_texts(window) + clipped_content(window)


@pytest.mark.parametrize(
    "name", sorted(set(OPENERS.values()), key=lambda o: o.__name__), ids=lambda o: o.__name__
)
def test_dialog_fits_and_nothing_is_clipped(
    qtbot: QtBot,
    tmp_path: Path,
    vault_templates: VaultTemplates,
    synchronous_ops: None,
    font_scale: float,
    name: object,
) -> None:
    assert QGuiApplication.primaryScreen().availableGeometry() == LAPTOP
    scene = Scene(qtbot, tmp_path, vault_templates)
    problems = []
    try:
        for number, window in enumerate(name(scene)):  # type: ignore[operator]
            found = fit_problems(window)
            problems += [f"{name.__name__} #{number}: {p}" for p in found]  # type: ignore[attr-defined]
    finally:
        scene.close()
    assert not problems, "\n".join(problems)


def test_a_dialog_deleted_while_its_fit_is_due_is_left_alone(qtbot: QtBot) -> None:
    """Fitting waits for the layout (a zero timer); a dialog deleted meanwhile (closed with
    WA_DeleteOnClose, say) must not be fitted any more: that raised in the timer before."""
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    fit_to_content(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    layout.addWidget(QLabel("new content: the layout asks again, and a fit is due"))
    QCoreApplication.sendPostedEvents(dialog, QEvent.Type.LayoutRequest)
    fitter = next(c for c in dialog.children() if type(c).__name__ == "_Fitter")
    dialog.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(fitter)  # the fitter went with its dialog
    qtbot.wait(50)  # the zero timer's turn: nothing raises (pytest-qt fails on an error)
