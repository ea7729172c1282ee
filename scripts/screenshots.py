"""Screenshots for the README and for checking by eye, on a real (virtual) screen:

    xvfb-run -a .venv/bin/python scripts/screenshots.py [--scale 2] [--out docs/screenshots]

Builds a throw-away demo vault, then renders the first-run wizard, the unlock screen and
the main window in light and dark. Dialogs as a coordinator meets them, through the real
launch and key presses on a 1366×768 screen, are taken by scripts/flow_screenshots.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--scale", default="1")
    args = parser.parse_args()
    os.environ["QT_SCALE_FACTOR"] = args.scale
    suffix = "" if args.scale == "1" else f"-{int(float(args.scale) * 100)}"
    home = Path(tempfile.mkdtemp())
    for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        os.environ[var] = str(home / var.lower())

    from PySide6.QtWidgets import QWidget

    from coordinator_app.services.demo.demo import create_demo_vault
    from coordinator_app.services.vault.startup import DEMO_PASSPHRASE
    from coordinator_app.services.vault.vaults import KdfParams
    from coordinator_app.ui.app.app import apply_colour_scheme, make_application
    from coordinator_app.ui.app.main_window import MainWindow
    from coordinator_app.ui.session import ops
    from coordinator_app.ui.session.session import AppSession
    from coordinator_app.ui.vault.first_run import FirstRunWizard

    app = make_application()
    ops.set_synchronous(True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    kdf = KdfParams(b"\0" * 16, 1, 8 * 1024, 1)

    def go(window: MainWindow, title: str) -> Any:
        """Opens the section called ``title`` and gives its page."""
        row = [section for section, _ in window.section_list].index(title)
        window.nav.setCurrentRow(row)
        return window.page_at(row)

    def shot(widget: QWidget, name: str) -> None:
        widget.show()
        # Long enough for charts to be drawn again after the last resize has settled.
        settled = time.monotonic() + 0.5
        while time.monotonic() < settled:
            app.processEvents()
            time.sleep(0.02)
        widget.grab().save(str(out / f"{name}{suffix}.png"))
        print(out / f"{name}{suffix}.png")

    for dark, label in ((False, "light"), (True, "dark")):
        apply_colour_scheme(app, dark)
        wizard = FirstRunWizard(home / f"wizard-{label}", kdf=kdf)
        wizard.resize(760, 560)
        wizard.show()  # a wizard starts on its first page only once shown
        wizard.next()
        wizard.trust_page.name.setText("Alex Demo-Coordinator")
        shot(wizard, f"first-run-{label}")
        wizard.next()
        wizard.passphrase_page.fields.first.setText("violet tractor")
        shot(wizard, f"first-run-passphrase-{label}")
        wizard.passphrase_page.fields.first.setText("violet tractor mango")
        wizard.passphrase_page.fields.confirm.setText("violet tractor mango")
        wizard.next()
        shot(wizard, f"first-run-key-{label}")
        wizard.close()
        if wizard.vault is not None:
            wizard.vault.close()

        folder = home / f"demo-{label}"
        vault, _ = create_demo_vault(folder, kdf=kdf)
        vault.close()
        session = AppSession(folder)
        window = MainWindow(session, demo_passphrase=DEMO_PASSPHRASE)
        window.resize(1400, 880)
        shot(window, f"unlock-{label}")
        window.unlock_screen.passphrase.setText(DEMO_PASSPHRASE)
        window.unlock_screen.unlock()
        shot(window, f"today-{label}")
        dashboard = go(window, "Dashboard")
        shot(window, f"dashboard-{label}")
        dashboard.panels[1].as_table.click()
        shot(window, f"dashboard-table-{label}")
        people = go(window, "Volunteers")
        people.open_row(2)
        shot(window, f"volunteer-{label}")
        people.form.setCurrentIndex(1)
        shot(window, f"volunteer-status-{label}")
        people.form.setCurrentIndex(people.form.count() - 1)
        shot(window, f"volunteer-onboarding-{label}")
        shifts_page = go(window, "Shifts")
        shot(window, f"shifts-{label}")
        for tab in ("placements", "expenses"):
            shifts_page.tabs.setCurrentWidget(getattr(shifts_page, tab))
            shot(window, f"shifts-{tab}-{label}")
        plans_page = go(window, "Support plans")
        plans_page.volunteer.setCurrentIndex(3)
        shot(window, f"plan-{label}")
        plans_page.tabs.setCurrentIndex(1)
        shot(window, f"plan-reviews-{label}")
        plans_page.tabs.setCurrentIndex(2)
        shot(window, f"plan-outcomes-{label}")
        activities_page = go(window, "Activities")
        activities_page.month.setCurrentIndex(2)
        activities_page.table.selectRow(0)
        shot(window, f"activities-{label}")
        returns_page = go(window, "Returns")
        returns_page.folders = lambda _parent, _title: home
        returns_page.build()
        shot(window, f"returns-{label}")
        go(window, "Settings")
        shot(window, f"settings-{label}")
        session.lock("screenshots")
        window.close()
        manager_window(home, label, kdf, shot)


def manager_window(home: Path, label: str, kdf: object, shot: object) -> None:
    """The programme manager's window with the demo trust's returns received."""
    import json

    from coordinator_app.services.vault import signing, vaults
    from coordinator_app.ui.app.main_window import MainWindow, sections_for
    from coordinator_app.ui.session.session import AppSession

    demo = vaults.unlock(home / f"demo-{label}", "practice vault with made-up people")
    keys = home / f"keys-{label}.json"
    keys.write_text(json.dumps(signing.trusted_key_entries(signing.records(demo))))
    demo.close()
    folder = home / f"pm-{label}"
    vault, _ = vaults.create_vault(
        folder, "", "Sam Demo-Manager", "violet tractor mango", kdf=kdf, kind="programme"
    )
    vault.close()
    session = AppSession(folder)
    window = MainWindow(session, sections=sections_for("programme"))
    window.resize(1280, 800)
    window.show()
    window.unlock_screen.passphrase.setText("violet tractor mango")
    window.unlock_screen.unlock()
    keys_page = window.pages[1]
    keys_page.files = lambda _parent, _title: keys
    keys_page.add_keys()
    received = window.pages[0]
    received.folders = lambda _parent, _title: home
    received.receive()
    window.nav.setCurrentRow(0)
    shot(window, f"manager-{label}")
    session.lock("screenshots")
    window.close()


if __name__ == "__main__":
    main()
