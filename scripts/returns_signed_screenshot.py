"""The Returns screen just after signing a return, at 1366×768, for checking by eye:

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/returns_signed_screenshot.py

Builds a throw-away demo vault with a programme manager's recipient registered (a fresh
``age-keygen`` key), opens the real main window, unlocks it, goes to Returns and signs last
month's return with real key presses: Alt+B on the page, then Enter in the "Encrypt the
return?" question (its default: encrypt for the programme manager). Only the folder chooser
is answered by the script (a native file dialog), with a temporary folder. Writes
docs/screenshots/returns-signed.png (or --out).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _age_recipient(folder: Path) -> str:
    key = folder / "manager.agekey"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    line = next(x for x in key.read_text().splitlines() if x.startswith("# public key: "))
    return line.removeprefix("# public key: ").strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots" / "returns-signed.png"))
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="returns-signed-"))
    for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        os.environ[var] = str(home / var.lower())

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from coordinator_app.domain.clock import SystemClock
    from coordinator_app.services.demo.demo import create_demo_vault
    from coordinator_app.services.returns import recipients
    from coordinator_app.services.vault.startup import DEMO_PASSPHRASE
    from coordinator_app.services.vault.vaults import KdfParams
    from coordinator_app.ui.app.app import make_application
    from coordinator_app.ui.app.main_window import MainWindow
    from coordinator_app.ui.returns.returns_page import ReturnsPage
    from coordinator_app.ui.session import ops
    from coordinator_app.ui.session.session import AppSession

    app = make_application()
    folder = home / "vault"
    vault, _ = create_demo_vault(folder, SystemClock(), kdf=KdfParams(b"\0" * 16, 1, 8 * 1024, 1))
    recipients.add(vault, _age_recipient(home))
    vault.close()
    window = MainWindow(AppSession(folder, clock=SystemClock()), demo_passphrase=DEMO_PASSPHRASE)
    window.move(0, 0)
    window.resize(1366, 768)
    window.show()

    def settle(seconds: float) -> None:
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            app.processEvents()
            time.sleep(0.02)

    def wait_for(ready: object, what: str, seconds: float = 60.0) -> None:
        until = time.monotonic() + seconds
        while not ready():  # type: ignore[operator]
            if time.monotonic() > until:
                raise SystemExit(f"{what} did not come")
            app.processEvents()
            time.sleep(0.02)

    window.unlock_screen.passphrase.setText(DEMO_PASSPHRASE)
    QTest.keyClick(window.unlock_screen.passphrase, Qt.Key.Key_Return)
    wait_for(lambda: window.session.is_unlocked, "unlocking")
    titles = [title for title, _ in window.section_list]
    window.nav.setCurrentRow(titles.index("Returns"))
    page = window.page_at(titles.index("Returns"))
    assert isinstance(page, ReturnsPage)
    page.folders = lambda _parent, _title: home
    wait_for(lambda: page.figures.rowCount() > 0, "the figures")
    settle(0.5)

    def answer() -> None:  # the question is modal: Enter takes its default, Encrypt
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(100, answer)
            return
        QTest.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(100, answer)
    window.activateWindow()
    wait_for(window.isActiveWindow, "the window taking the keyboard")
    page.period.setFocus()
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    wait_for(lambda: page.signed.isVisible(), "the signed return")
    settle(1.0)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(out)
    print(page.signed.said.text())
    window.session.lock("screenshot")
    ops.database_thread().wait_idle(30_000)
    window.close()


if __name__ == "__main__":
    main()
