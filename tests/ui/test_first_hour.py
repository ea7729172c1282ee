"""A coordinator's first hour as it is met: a real launch from an empty folder through the
wizard, Ctrl+L and unlocking again; the wizard's key page at a laptop's size and at 200 %
font; no way back to the pages that made the vault; Esc after creation asks first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget, QWizard
from pytestqt.qtbot import QtBot

from coordinator_app.services.vault import startup
from coordinator_app.ui.vault.first_run import FirstRunWizard
from coordinator_app.ui.widgets.recovery_key_view import RecoveryKeyView
from tests.clock import A_DAY, clock_on
from tests.conftest import FAST_KDF, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def test_a_new_vault_locks_and_unlocks_again_in_a_real_launch(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COORDINATOR_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    run = subprocess.run(
        [sys.executable, "-m", "tests.ui.first_hour_driver", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    steps = run.stdout.split("\n")
    assert "failed" not in run.stdout, run.stdout
    assert steps[-3:-1] == ["locked", "unlocked"], run.stdout + run.stderr
    assert startup.vault_exists(folder)


def _focused(window: QWidget) -> QWidget:
    """Where keys typed into ``window`` go (offscreen, the window need not be active)."""
    return window.focusWidget() or window


def _to_key_page(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.keyClick(_focused(wizard), Qt.Key.Key_Return)
    focused = _focused(wizard)
    assert focused is wizard.trust_page.name  # typing starts in the name, not the trust list
    trust = wizard.trust_page.trust.currentData()
    qtbot.keyClicks(focused, "Generated Coordinator")
    assert wizard.trust_page.trust.currentData() == trust
    qtbot.keyClick(focused, Qt.Key.Key_Return)
    qtbot.keyClicks(_focused(wizard), PASSPHRASE)
    qtbot.keyClick(_focused(wizard), Qt.Key.Key_Tab)
    qtbot.keyClicks(_focused(wizard), PASSPHRASE)
    qtbot.keyClick(_focused(wizard), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.created is not None, timeout=30_000)


def _whole_key_shown(view: RecoveryKeyView) -> bool:
    """Every group of the key inside the label and the label inside the window."""
    label = view.label
    needed = label.fontMetrics().boundingRect(
        label.contentsRect(), Qt.TextFlag.TextWordWrap, label.text()
    )
    inside_label = (
        needed.width() <= label.contentsRect().width()
        and needed.height() <= label.contentsRect().height()
    )
    top_left = label.mapTo(label.window(), QPoint(0, 0))
    inside_window = label.window().rect().contains(top_left) and label.window().rect().contains(
        top_left + QPoint(label.width() - 1, label.height() - 1)
    )
    return inside_label and inside_window and label.isVisible()


@pytest.mark.parametrize("font_scale", [1.0, 2.0])
def test_the_whole_recovery_key_is_shown_and_back_is_gone(
    qtbot: QtBot, tmp_path: Path, font_scale: float
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    bigger = app.font()
    bigger.setPointSizeF(font.pointSizeF() * font_scale)
    app.setFont(bigger)
    try:
        wizard = FirstRunWizard(tmp_path / "vault", clock_on(A_DAY), kdf=FAST_KDF)
        qtbot.addWidget(wizard)
        _to_key_page(qtbot, wizard)
        assert wizard.created is not None and wizard.vault is not None
        view = wizard.key_page.key
        assert view.key == wizard.created.recovery_key
        assert "".join(view.label.text().split()) == wizard.created.recovery_key.replace("-", "")
        for size in (wizard.size(), wizard.minimumSizeHint(), (1366, 768)):
            wizard.resize(*size) if isinstance(size, tuple) else wizard.resize(size)
            qtbot.waitUntil(lambda: _whole_key_shown(view), timeout=2000)
        assert view.label.font().fixedPitch() or view.label.font().styleHint() == (
            view.label.font().StyleHint.TypeWriter
        )
        assert view.label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
        view.copy.click()
        assert QApplication.clipboard().text() == wizard.created.recovery_key
        # Past the page that made the vault, there is no way back to its (cleared) pages.
        assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
        qtbot.keyClick(_focused(wizard), Qt.Key.Key_Return)
        assert wizard.currentPage() is wizard.confirm_page
        assert not wizard.button(QWizard.WizardButton.BackButton).isVisible() or not (
            wizard.button(QWizard.WizardButton.BackButton).isEnabled()
        )
    finally:
        app.setFont(font)
        QApplication.clipboard().clear()
    wizard.vault.close()


def test_escape_after_the_vault_exists_asks_and_says_what_happens(
    qtbot: QtBot, tmp_path: Path
) -> None:
    wizard = FirstRunWizard(tmp_path / "vault", clock_on(A_DAY), kdf=FAST_KDF)
    qtbot.addWidget(wizard)
    _to_key_page(qtbot, wizard)
    qtbot.keyClick(_focused(wizard), Qt.Key.Key_Escape)
    box = wizard.leave_box
    assert isinstance(box, QMessageBox) and box.isVisible() and wizard.isVisible()
    assert "vault has been created" in box.text() and "recovery key" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc again means stay
    assert wizard.isVisible() and wizard.result() != QWizard.DialogCode.Accepted
    qtbot.keyClick(_focused(wizard), Qt.Key.Key_Escape)
    box = wizard.leave_box
    assert box is not None
    leave = next(b for b in box.buttons() if "Leave" in b.text())
    leave.click()
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert wizard.vault is not None  # still open: the app goes on to the main window
    wizard.vault.close()


def test_the_trust_list_ignores_a_wheel_turned_over_it_unfocused(qtbot: QtBot) -> None:
    wizard = FirstRunWizard(Path("unused"), clock_on(A_DAY), kdf=FAST_KDF)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    combo = wizard.trust_page.trust
    assert not combo.hasFocus()
    before = combo.currentIndex()
    wheel = QWheelEvent(
        QPointF(5, 5),
        QPointF(combo.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(combo, wheel)
    assert combo.currentIndex() == before
