"""Whole launches of the desktop app as real processes: the demo path, and a second launch
raising the first instead of opening a second window on the same vault."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coordinator_app.services.vault.startup import (
    DEMO_PASSPHRASE,
    default_folder,
    demo_folder,
    state_folder,
    vault_exists,
)
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.app.single_instance import SingleInstance
from coordinator_app.ui.session.session import AppSession
from tests.clock import A_DAY, clock_on
from tests.conftest import PASSPHRASE, VaultTemplates


def _launch(*args: str, **env: str) -> subprocess.Popen[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("COORDINATOR_")}
    full_env.update(env, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(
        [sys.executable, "-m", "coordinator_app", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=full_env,
    )


def _log_tail() -> str:
    from coordinator_app.data.locations import log_dir

    logs = sorted(log_dir().glob("*"))
    return "\n".join(f"{p.name}: {p.read_text('utf-8', 'replace')[-3000:]}" for p in logs)


def test_demo_launch_makes_the_demo_vault_and_unlocks_with_the_shown_passphrase() -> None:
    assert not vault_exists(demo_folder())
    app = _launch("--demo", COORDINATOR_STARTUP_PROBE="1", COORDINATOR_PASSPHRASE=DEMO_PASSPHRASE)
    try:
        out, err = app.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        app.kill()
        out, err = app.communicate()
        pytest.fail(f"the demo launch hung; stdout {out!r}; stderr {err!r}; log:\n{_log_tail()}")
    assert app.returncode == 0, err
    marks = [line.split()[0] for line in out.splitlines()]
    assert marks == ["unlock-screen", "qt-enums-made", "unlock-click", "main-window"]
    assert vault_exists(demo_folder())


def test_the_unlock_screen_appears_before_any_qt_enum_is_made(
    tmp_path: Path, vault_templates: VaultTemplates
) -> None:
    """Naming ``Qt``, or getting one of its enums' values from Qt, makes all 93 of the
    namespace's Python enums (~20 ms); the first QStyle in Python (``setStyle`` returns one)
    makes 600 values' worth (~6 ms); the message box, wizard, item views and progress
    dialog a few ms more: none of them before the unlock screen (ui/app/app.py)."""
    folder = tmp_path / "vault"
    vault_templates.copy(folder)
    app = _launch(
        "--vault", str(folder), COORDINATOR_STARTUP_PROBE="1", COORDINATOR_PASSPHRASE=PASSPHRASE
    )
    out, err = app.communicate(timeout=120)
    assert app.returncode == 0, err
    marks = dict(line.split(" ", 1) for line in out.splitlines())
    assert list(marks) == ["unlock-screen", "qt-enums-made", "unlock-click", "main-window"]
    assert marks["qt-enums-made"] == "none"


def test_second_launch_raises_the_first_window(
    qtbot: QtBot, tmp_path: Path, vault_templates: VaultTemplates
) -> None:
    folder = tmp_path / "vault"
    vault_templates.copy(folder, "LWH", "Generated Coordinator")
    window = MainWindow(AppSession(folder, clock=clock_on(A_DAY)))
    qtbot.addWidget(window)
    first = SingleInstance(state_folder(), default_folder())
    assert first.claim()
    assert not SingleInstance(state_folder(), default_folder()).claim()  # one holder at a time
    server = first.listen(window.raise_window, window)
    window.showMinimized()
    assert window.windowState() & Qt.WindowState.WindowMinimized

    second = _launch("--vault", str(folder))
    try:
        with qtbot.waitSignal(server.newConnection, timeout=30_000):
            pass
        assert second.wait(timeout=60) == 0
    finally:
        second.kill()
    assert not window.windowState() & Qt.WindowState.WindowMinimized
    assert window.isVisible()


# Libraries the first screen never needs: each costs launch time (the database, PDFs,
# spreadsheets, charts, and the phone and email checks the forms use).
HEAVY = (
    "sqlalchemy",
    "sqlcipher3",
    "reportlab",
    "openpyxl",
    "matplotlib",
    "numpy",
    "phonenumbers",
    "email_validator",
)


def test_the_unlock_screen_loads_no_heavy_library() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, coordinator_app.launch, coordinator_app.ui.app.app; "
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    assert not set(HEAVY) & set(loaded), sorted(set(HEAVY) & set(loaded))
