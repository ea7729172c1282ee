"""Screenshots of dialogs as a coordinator meets them: the real ``launch`` entry on a real
(virtual) 1366×768 X screen, driven with key presses to the focused widget, the whole screen
grabbed. Retake them with:

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/flow_screenshots.py \\
        [--font-scale 2] [--out docs/screenshots]

Shots: the first-run wizard's recovery key page (from an empty folder) and Book a shift with
the not-ready warning (a vault with a placement and a volunteer whose checks are not done).
Each runs in its own process, as each launch is one app.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _grab(path: Path) -> None:
    """The whole screen, as the coordinator sees it."""
    from PySide6.QtWidgets import QApplication

    QApplication.primaryScreen().grabWindow(0).save(str(path))
    shown = QApplication.activeModalWidget() or QApplication.activeWindow()
    where = shown.frameGeometry().getRect() if shown is not None else None
    least = shown.minimumSize().toTuple() if shown is not None else None
    print(f"saved {path}: {type(shown).__name__} at {where}, at least {least}", flush=True)


def _settled(then: Callable[[], object]) -> Callable[[], object]:
    """Act after the window has been drawn at its final size."""
    from PySide6.QtCore import QTimer

    return lambda: QTimer.singleShot(700, then)


def key_page(folder: Path, shot: Path) -> int:
    """From an empty folder through the wizard to its recovery key page, by keyboard."""
    from PySide6.QtCore import Qt

    from tests.conftest import PASSPHRASE
    from tests.ui import first_hour_driver as d

    enter = Qt.Key.Key_Return
    steps: list[d.Step] = [
        ("wizard", lambda: d._window("FirstRunWizard") is not None, lambda: d._press(enter)),
        ("trust-page", lambda: d._wizard().currentId() == 1, lambda: d._type("Alex Demo")),
        ("named", d._next_enabled, lambda: d._press(enter)),
        ("passphrase-page", lambda: d._wizard().currentId() == 2, lambda: d._type(PASSPHRASE)),
        ("confirm", lambda: True, lambda: (d._press(Qt.Key.Key_Tab), d._type(PASSPHRASE))),
        ("typed", d._next_enabled, lambda: d._press(enter)),
        ("key-page", lambda: d._wizard().currentId() == 3 and d._next_enabled(), lambda: None),
        ("shot", lambda: True, _settled(lambda: (_grab(shot), os._exit(0)))),
        ("wait", lambda: False, lambda: None),
    ]
    return d.main(folder, steps)


def not_ready_booking(folder: Path, shot: Path) -> int:
    """Unlock by typing the passphrase, open Shifts › Book a shift, choose someone whose
    checks are not done and press Alt+B: the warning asks for a reason."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog

    from coordinator_app.domain.clock import SystemClock
    from coordinator_app.domain.volunteers import VolunteerDetails
    from coordinator_app.services.shifts import placements
    from coordinator_app.services.shifts.placements import PlacementDetails
    from coordinator_app.services.vault import vaults
    from coordinator_app.services.volunteers import volunteers
    from tests.conftest import FAST_KDF, PASSPHRASE
    from tests.ui import first_hour_driver as d

    vault, _ = vaults.create_vault(folder, "ABUHB", "Alex Demo", PASSPHRASE, kdf=FAST_KDF)
    role = "non_patient_facing"
    placements.add_placement(vault, PlacementDetails("Estates and facilities", role, False))
    new = VolunteerDetails(given_names="Samira", family_name="Demo-Haddad", role=role)
    volunteers.register(vault, new, SystemClock().today(), [])
    vault.close()

    def booking() -> QDialog:
        found = d._window("BookShiftDialog")
        assert isinstance(found, QDialog)
        return found

    def activate() -> None:
        """With no window manager on the virtual screen, nothing else gives it the keys."""
        window = d._window("MainWindow")
        assert window is not None
        window.activateWindow()

    def open_booking() -> None:
        window = d._window("MainWindow")
        titles = [title for title, _ in window.section_list]  # type: ignore[attr-defined]
        window.nav.setCurrentRow(titles.index("Shifts"))  # type: ignore[attr-defined]
        page = window.page_at(titles.index("Shifts"))  # type: ignore[attr-defined]
        QTest.mouseClick(page.book_button, Qt.MouseButton.LeftButton)

    def choose_and_book() -> None:
        dialog = booking()
        dialog.volunteer.setFocus()  # type: ignore[attr-defined]
        QTest.keyClicks(dialog.volunteer, "Samira")  # type: ignore[attr-defined]
        QTest.keyClick(d._focus(), Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)

    steps: list[d.Step] = [
        ("unlock-screen", lambda: d._window("MainWindow") is not None, activate),
        (
            "typed",
            lambda: QApplication.focusWidget() is not None,
            lambda: (d._type(PASSPHRASE), d._press(Qt.Key.Key_Return)),
        ),
        ("unlocked", d._unlocked, open_booking),
        (
            "booking",
            lambda: d._window("BookShiftDialog") is not None and booking().volunteer.count() > 0,  # type: ignore[attr-defined]
            _settled(choose_and_book),
        ),
        (
            "warning",
            lambda: "Not ready" in booking().message.text(),  # type: ignore[attr-defined]
            _settled(lambda: (_grab(shot), os._exit(0))),
        ),
        ("wait", lambda: False, lambda: None),
    ]
    return d.main(folder, steps)


SHOTS = {"first-run-key-page": key_page, "book-shift-not-ready": not_ready_booking}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--font-scale", type=float, default=1.0)
    parser.add_argument("--one", choices=sorted(SHOTS), help="(used by this script itself)")
    args = parser.parse_args()
    out = Path(args.out)
    suffix = "" if args.font_scale == 1 else f"-{int(args.font_scale * 100)}"
    if args.one is None:
        for name in SHOTS:
            command = [sys.executable, __file__, "--one", name, "--out", str(out)]
            subprocess.run([*command, "--font-scale", str(args.font_scale)], check=True)
        return
    home = Path(tempfile.mkdtemp())
    for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var.lower())
    from PySide6.QtGui import QFont

    from coordinator_app.ui.app.app import make_application

    app = make_application()
    if args.font_scale != 1:
        bigger = QFont(app.font())
        bigger.setPointSizeF(bigger.pointSizeF() * args.font_scale)
        app.setFont(bigger)
    out.mkdir(parents=True, exist_ok=True)
    sys.exit(SHOTS[args.one](home / "vault", out / f"{args.one}{suffix}.png"))


if __name__ == "__main__":
    main()
