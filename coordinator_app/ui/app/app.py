"""Starting the desktop app: one instance per user, Fusion style following the system's
light/dark and contrast settings, en-GB, then the first-run wizard or the unlock screen.

Nothing on the way to the first screen names ``Qt`` (``from PySide6.QtCore import Qt``) or
gets a value of one of its enums from Qt: the first such use makes all 93 of the namespace's
Python enums, about 20 ms, more than a bare window's whole start-up allows us (issue 17).
The modules the unlock screen loads import ``Qt`` inside the functions that need it, and
what needs it at start (Qt's colour scheme and contrast answers, which are enums) waits
until the screen is up. The same holds for the other classes in ``_LATE_CLASSES``: Fusion
is chosen by Qt's ``-style`` option and Fusion's light palette is set once the screen is up,
as both ``setStyle`` and ``style()`` hand Python a QStyle. ``tests/ui/test_launch.py``
checks it from a real launch.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from coordinator_app.domain.clock import SystemClock
from coordinator_app.domain.resources import resource_dir
from coordinator_app.services.vault import diagnostics, startup
from coordinator_app.services.vault.startup import DEMO_PASSPHRASE
from coordinator_app.ui.app.main_window import MainWindow, sections_for
from coordinator_app.ui.app.single_instance import SingleInstance
from coordinator_app.ui.session.ops import Operation, database_thread
from coordinator_app.ui.session.session import AppSession

if TYPE_CHECKING:
    from coordinator_app.services.progress import Progress
    from coordinator_app.ui.vault.first_run import FirstRunWizard

# A probe for the start-up benchmark: prints when each screen is first shown, then quits.
STARTUP_PROBE = os.environ.get("COORDINATOR_STARTUP_PROBE") == "1"
# Work that can wait until the first screen has painted (the log, the single-instance
# socket). A zero timer is not enough: Windows paints a new window only once the posted
# events (zero timers among them) are done, so 60 ms of such work delayed the screen.
AFTER_FIRST_SCREEN_MS = 200
# Classes whose first use in Python makes many enums (``Qt`` 93, QStyle 11 with 600 values,
# the dialogs', the wizard's, the item views'): none before the first screen. The
# probe reports those made (a class not yet used is not in its module's ``vars``).
_LATE_CLASSES = (
    ("PySide6.QtCore", "Qt"),
    ("PySide6.QtWidgets", "QStyle"),
    ("PySide6.QtWidgets", "QMessageBox"),
    ("PySide6.QtWidgets", "QWizard"),
    ("PySide6.QtWidgets", "QAbstractItemView"),
    ("PySide6.QtWidgets", "QProgressDialog"),
    ("PySide6.QtWidgets", "QDialog"),
)
_PERSONALIZE = r"Software\Microsoft\Windows\CurrentVersion\Themes\Personalize"


def make_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
        app.setStyle("Fusion")
    else:
        # Fusion chosen by Qt's own option: ``setStyle`` hands Python the style, and the
        # first QStyle in Python makes all its enums (about 6 ms; see above).
        app = QApplication([*sys.argv[:1], "-style", "fusion", *sys.argv[1:]])
    app.setOrganizationName("Helpforce")
    app.setApplicationName("Coordinator")
    app.setApplicationDisplayName("Coordinator")
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    # Dark from the first paint where Windows says so; Qt's own answer once the screen is up.
    # Until then the platform's light palette: asking for Fusion's hands Python the QStyle.
    if _windows_apps_dark():
        apply_colour_scheme(app, dark=True)
    QTimer.singleShot(AFTER_FIRST_SCREEN_MS, lambda: _after_first_screen(app))
    return app


def _after_first_screen(app: QApplication) -> None:
    """What may wait until the first screen is up: Qt's colour scheme and contrast, the
    window icon (Windows shows the executable's own until then) and the bundled fonts
    (names in Ethiopic or Arabic script need them where Windows lacks them; the unlock
    screen shows no names)."""
    from PySide6.QtGui import QIcon

    from coordinator_app.ui.app.fonts import add_bundled_fonts

    # The taskbar and title bar on Linux; Windows takes the executable's own icon too.
    app.setWindowIcon(QIcon(str(resource_dir() / "icons" / "coordinator.png")))
    QGuiApplication.styleHints().colorSchemeChanged.connect(
        lambda _scheme: apply_colour_scheme(app)
    )
    apply_colour_scheme(app)
    _follow_contrast(app)
    add_bundled_fonts(app)


def _windows_apps_dark() -> bool:
    """Windows' "app mode" setting, where Qt reads it, read without Qt's enums (above)."""
    if sys.platform != "win32":
        return False
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, _PERSONALIZE) as key:
            value, _kind = winreg.QueryValueEx(key, "AppsUseLightTheme")
    except OSError:  # never set: Windows' default, light
        return False
    return value == 0


def apply_colour_scheme(app: QApplication, dark: bool | None = None) -> None:
    """Fusion's palette for the system's light or dark scheme (not every platform theme
    hands Fusion a dark palette by itself); ``dark`` overrides the system's choice."""
    if dark is None:
        from PySide6.QtCore import Qt  # after the first screen (above)

        dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    if not dark:
        app.setPalette(app.style().standardPalette())
        return
    from PySide6.QtGui import QColor, QPalette  # only for dark: not before the first screen

    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for r, colour in (
        (role.Window, "#2b2b2b"),
        (role.WindowText, "#f0f0f0"),
        (role.Base, "#1e1e1e"),
        (role.AlternateBase, "#333333"),
        (role.ToolTipBase, "#3c3c3c"),
        (role.ToolTipText, "#f0f0f0"),
        (role.PlaceholderText, "#a0a0a0"),
        (role.Text, "#f0f0f0"),
        (role.Button, "#3a3a3a"),
        (role.ButtonText, "#f0f0f0"),
        (role.BrightText, "#ff8080"),
        (role.Highlight, "#4a90d9"),
        (role.HighlightedText, "#000000"),
        (role.Link, "#8ab4f8"),
    ):
        palette.setColor(r, QColor(colour))
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, r, QColor("#8a8a8a"))
    app.setPalette(palette)


def _follow_contrast(app: QApplication) -> None:
    from PySide6.QtCore import Qt  # after the first screen (above)

    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    contrast = getattr(Qt, "ContrastPreference", None)
    if accessibility is None or contrast is None:
        return
    if accessibility().contrastPreference() == contrast.HighContrast:
        # Thicker focus and plain backgrounds; colours stay the system's own.
        app.setStyleSheet("*:focus { outline: 2px solid palette(highlight); }")


def _announce(what: str) -> None:
    print(f"{what} {time.perf_counter():.6f}", flush=True)


def run_gui(vault_folder: Path | None, demo: bool, debug: bool = False) -> int:
    app = make_application()
    instance = SingleInstance(startup.state_folder(), startup.default_folder())
    if not instance.claim():
        instance.ask_first_to_raise()
        return 0
    # The log opens once the first screen is up, not before it.
    QTimer.singleShot(AFTER_FIRST_SCREEN_MS, lambda: diagnostics.setup_logging(debug=debug))
    folder = startup.demo_folder() if demo else (vault_folder or startup.default_folder())
    session = AppSession(folder, clock=SystemClock())
    diagnostics.install_excepthook(lambda _path: None)
    app.aboutToQuit.connect(lambda: database_thread().wait_idle(10_000))
    wizard = None
    if not demo and not startup.vault_exists(folder):
        from coordinator_app.ui.vault.first_run import FirstRunWizard

        wizard = FirstRunWizard(folder, session.clock)
        wizard.exec()
        if wizard.vault is None:  # left before the vault was made: nothing to open
            return 0
    kind = wizard.role_page.kind if wizard else startup.vault_kind(folder)
    window = MainWindow(
        session,
        demo_passphrase=DEMO_PASSPHRASE if demo else None,
        sections=sections_for(kind),
        staged=True,
    )
    QTimer.singleShot(AFTER_FIRST_SCREEN_MS, window.finish)  # the menus' actions and the rest
    # After the first screen is up: loading QtNetwork need not delay it.
    QTimer.singleShot(AFTER_FIRST_SCREEN_MS, lambda: instance.listen(window.raise_window, window))
    if wizard is not None:
        _start_with_new_vault(session, wizard)
        _show(window)
    elif not startup.vault_exists(folder):  # the demo, made on first use
        _create_demo_then_show(window, folder)
    else:
        _show(window)
        # While the coordinator types the passphrase, load the database code.
        QTimer.singleShot(
            AFTER_FIRST_SCREEN_MS,
            lambda: Operation(None, lambda _: startup.preload(), _ignore).run(),
        )
    return app.exec()


def _show(window: MainWindow) -> None:
    window.show()
    if STARTUP_PROBE:
        QTimer.singleShot(0, lambda: _probe_unlock(window))
        window.unlock_screen.opened.connect(lambda: QTimer.singleShot(0, _probe_done))


def _probe_unlock(window: MainWindow) -> None:
    _announce("unlock-screen")  # the event loop runs: the unlock screen has been shown
    made = [name for module, name in _LATE_CLASSES if name in vars(sys.modules[module])]
    print(f"qt-enums-made {' '.join(made) or 'none'}", flush=True)  # none yet (above)
    window.unlock_screen.passphrase.setText(os.environ.get("COORDINATOR_PASSPHRASE", ""))
    # A person takes a few seconds to type; the probe waits as long before clicking.
    typing_ms = int(os.environ.get("COORDINATOR_PROBE_TYPING_MS", "0"))
    QTimer.singleShot(typing_ms, lambda: _probe_click(window))


def _probe_click(window: MainWindow) -> None:
    _announce("unlock-click")
    window.unlock_screen.unlock()


def _probe_done() -> None:
    _announce("main-window")
    QApplication.quit()


def _create_demo_then_show(window: MainWindow, folder: Path) -> None:
    from coordinator_app.services.demo.demo import create_demo_vault

    def make(progress: Progress) -> None:
        vault, _demo = create_demo_vault(folder, window.session.clock, progress=progress)
        vault.close()  # on the database thread, before any unlock can queue behind it

    Operation(window, make, lambda _: _show(window)).with_progress(
        "Making the demo vault of generated people…", False
    ).run()


def _start_with_new_vault(session: AppSession, wizard: FirstRunWizard) -> None:
    vault = wizard.vault
    assert vault is not None
    from coordinator_app.services.vault import sessions

    Operation(None, lambda _: sessions.describe(vault), session.start).run()


def _ignore(_: object) -> None:
    """Nothing to do with the result."""
