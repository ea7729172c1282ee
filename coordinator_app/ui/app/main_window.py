"""The main window: the unlock screen while locked; navigation, sections and a status bar
while unlocked. Sections appear as their features land (one line each in SECTIONS)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from coordinator_app.domain.backups import needs_warning
from coordinator_app.domain.wording import counted
from coordinator_app.ui.app.window_actions import WindowActions
from coordinator_app.ui.session.changes import Change, Changes, FollowsChanges
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.vault.unlock import UnlockScreen
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.fit import scrolling

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from coordinator_app.services.reports.today import ReturnStatus
    from coordinator_app.ui.session.os_lock import OsLock

SectionFactory = Callable[[AppSession], QWidget]


def _settings_page(session: AppSession) -> QWidget:
    from coordinator_app.ui.settings.settings_page import SettingsPage

    return SettingsPage(session)


def _dashboard_page(session: AppSession) -> QWidget:
    from coordinator_app.ui.reports.dashboard_page import DashboardPage

    return DashboardPage(session)


def _volunteers_page(session: AppSession) -> QWidget:
    from coordinator_app.ui.volunteers.volunteers_page import VolunteersPage

    return VolunteersPage(session)


def _today_page(session: AppSession) -> QWidget:
    from coordinator_app.ui.reports.today_page import TodayPage

    return TodayPage(session)


def _shifts_page(session: AppSession) -> QWidget:
    from coordinator_app.ui.shifts.register_page import ShiftsPage

    return ShiftsPage(session)


def _plans_page(session: AppSession) -> QWidget:
    from coordinator_app.ui.support.plans_page import PlansPage

    return PlansPage(session)


def _activities_page(session: AppSession) -> QWidget:
    from coordinator_app.ui.support.activities_page import ActivitiesPage

    return ActivitiesPage(session)


def _returns_page(session: AppSession) -> QWidget:
    from coordinator_app.ui.returns.returns_page import ReturnsPage

    return ReturnsPage(session)


# (title, factory), in the programme's order: Today, Dashboard, Volunteers, Shifts, Support
# plans, Activities, Returns, Settings; a section appears when its feature lands. Pages are built
# at the first unlock, so the unlock screen appears without loading them.
SECTIONS: list[tuple[str, SectionFactory]] = [
    ("Today", _today_page),
    ("Dashboard", _dashboard_page),
    ("Volunteers", _volunteers_page),
    ("Shifts", _shifts_page),
    ("Support plans", _plans_page),
    ("Activities", _activities_page),
    ("Returns", _returns_page),
    ("Settings", _settings_page),
]


def _received_page(session: AppSession) -> QWidget:
    from coordinator_app.ui.returns.programme_page import ReceivedReturnsPage

    return ReceivedReturnsPage(session)


def _keys_page(session: AppSession) -> QWidget:
    from coordinator_app.ui.returns.programme_page import TrustedKeysPage

    return TrustedKeysPage(session)


# The programme manager's vault: trusts' returns in, the combined workbook out.
PROGRAMME_SECTIONS: list[tuple[str, SectionFactory]] = [
    ("Returns received", _received_page),
    ("Trusted keys", _keys_page),
    ("Settings", _settings_page),
]


def sections_for(kind: str) -> list[tuple[str, SectionFactory]]:
    return PROGRAMME_SECTIONS if kind == "programme" else SECTIONS


REST_AFTER_MS = 150
# Following the computer's own lock and sleep starts once the first screen is up.
OS_LOCK_AFTER_MS = 500


def _backup_text(last: datetime | None, now: datetime) -> str:
    if last is None:
        return "⚠ No backup yet"
    from coordinator_app.ui.widgets.dates import uk_date_time  # not before the first screen

    days = (now - last).days
    text = f"Backed up {uk_date_time(last.astimezone())}"
    return f"⚠ {text}: {counted(days, 'day')} ago" if needs_warning(last, now) else text


class MainWindow(WindowActions, QMainWindow):
    def __init__(
        self,
        session: AppSession,
        demo_passphrase: str | None = None,
        sections: list[tuple[str, SectionFactory]] | None = None,
        *,
        staged: bool = False,
    ) -> None:
        """``staged``: only the unlock screen, the status bar and the menus' titles now; the
        caller calls ``finish()`` once the first screen is up (it is also done at the first
        unlock, however quick)."""
        super().__init__()
        self.session = session
        self.section_list = sections if sections is not None else SECTIONS
        self._today = session.clock.today
        self.setWindowTitle("Coordinator")
        self.setAccessibleName("Coordinator")
        self.unlock_screen = UnlockScreen(session, demo_passphrase)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.unlock_screen)
        self.setCentralWidget(self.stack)
        self._build_status_bar()
        # The titles now, so the menu bar is there from the first paint; the actions later.
        self.menus = [self.menuBar().addMenu(title) for title in ("&File", "&View", "&Help")]
        self._finished = False
        session.unlocked.connect(self._on_unlocked)
        session.locked.connect(self._on_locked)
        session.changed.connect(self._on_changed)
        self._restore_geometry()
        self._os_lock: OsLock | None = None
        QTimer.singleShot(OS_LOCK_AFTER_MS, self._follow_os_lock)
        self._on_locked("start")
        if not staged:
            self.finish()
        if session.is_unlocked:
            self._on_unlocked()

    def finish(self) -> None:
        """The sections' list and places, and the menus' actions (once)."""
        if self._finished:
            return
        self._finished = True
        self._build_workspace()
        self._build_menus(*self.menus)
        for action in self.while_unlocked:
            action.setEnabled(self.session.is_unlocked)

    def _build_workspace(self) -> None:
        # Here, not at the top: the first screen does without them (issue 17's start-up).
        from PySide6.QtWidgets import QListWidget, QSplitter

        self.nav = QListWidget()
        self.nav.setAccessibleName("Sections")
        self.sections = QStackedWidget()
        self._built: list[QWidget | None] = [None] * len(self.section_list)
        for _ in self.section_list:  # placeholders, replaced by each page when first needed
            self.sections.addWidget(QWidget())
        self.nav.addItems([title for title, _ in self.section_list])
        self.nav.currentRowChanged.connect(self._show_section)
        self.nav.setMaximumWidth(220)
        # Never narrower than its longest title: the splitter otherwise squeezes it first.
        self.nav.setMinimumWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 4)
        workspace = QSplitter()
        workspace.addWidget(self.nav)
        workspace.addWidget(self.sections)
        workspace.setStretchFactor(1, 1)
        workspace.setChildrenCollapsible(False)
        self.stack.addWidget(workspace)

    @property
    def os_lock(self) -> OsLock:
        """What follows the computer's own lock and sleep: made (and its module loaded)
        once the first screen is up."""
        if self._os_lock is None:
            from coordinator_app.ui.session.os_lock import OsLock

            self._os_lock = OsLock(self)
            self._os_lock.lock_requested.connect(self.session.lock)
        return self._os_lock

    def _follow_os_lock(self) -> None:
        self.os_lock.start()

    # --- building ------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.trust_label = QLabel()
        # Locking (by the idle timer too) and unlocking are announced where the focus is.
        self.state_label = MessageLabel("Vault state")
        self.backup_label = QLabel()
        self.return_label = QLabel()
        for label, name in (
            (self.trust_label, "Trust"),
            (self.state_label, "Vault state"),
            (self.backup_label, "Last backup"),
            (self.return_label, "Next return due"),
        ):
            label.setAccessibleDescription(name)  # what it is; its text is what is heard
            label.setContentsMargins(10, 0, 10, 0)
            label.setToolTip(name)
            bar.addPermanentWidget(label)

    def page_at(self, row: int) -> QWidget:
        """The section's page, built the first time it is needed (after the first unlock):
        the main window appears once the shown section is ready, the others follow."""
        page = self._built[row]
        if page is None:
            page = self.section_list[row][1](self.session)
            self._built[row] = page
            placeholder = self.sections.widget(row)
            # Scrolled when taller or wider than the window: one long page (Settings) must
            # not make the whole window outgrow a 1366×768 laptop screen.
            frame = scrolling(page, sideways=True)
            frame.setAccessibleName(self.section_list[row][0])
            self.sections.insertWidget(row, frame)
            if placeholder is not None:
                self.sections.removeWidget(placeholder)
                placeholder.deleteLater()
            if hasattr(page, "draft_key"):  # a DraftProvider: kept as a draft when locking
                self.session.register(page)  # type: ignore[arg-type]
            if isinstance(page, FollowsChanges):  # reloads what others change
                self.session.follow(page)
            if hasattr(page, "open_requested"):  # Today: its lines open their records
                page.open_requested.connect(self.open_record)
        return page

    @property
    def pages(self) -> list[QWidget]:
        return [self.page_at(row) for row in range(len(self.section_list))]

    def _show_section(self, row: int) -> None:
        if 0 <= row < len(self.section_list):
            self.page_at(row)
            self.sections.setCurrentIndex(row)

    def open_record(self, kind: str, target: object) -> None:
        """Shows the section holding a record and opens it there (from Today's lines)."""
        title = {
            "volunteer": "Volunteers",
            "plan": "Support plans",
            "reviews": "Support plans",
            "outcomes": "Support plans",
            "notes": "Support plans",
            "shift": "Shifts",
            "returns": "Returns",
            "backup": "Settings",
        }[kind]
        titles = [t for t, _ in self.section_list]
        if title not in titles:
            return
        row = titles.index(title)
        self.nav.setCurrentRow(row)
        page: Any = self.page_at(row)
        if kind == "volunteer" and isinstance(target, int):
            page.leave_then(lambda: page.open_volunteer(target))
        elif kind in ("plan", "reviews", "outcomes", "notes") and isinstance(target, int):
            page.open_volunteer(target, page.TABS.index(kind))
        elif kind == "shift" and isinstance(target, date):
            # Here, not at the top: domain.shifts brings the phone and email libraries,
            # which the unlock screen must not wait for.
            from coordinator_app.domain.shifts import week_start

            page.show_week(week_start(target))
        page.setFocus()

    def _build_the_rest(self) -> None:
        """One section per turn of the event loop, so the window stays responsive."""
        row = next((r for r, page in enumerate(self._built) if page is None), None)
        if row is not None and self.session.is_unlocked:
            self.page_at(row)
            QTimer.singleShot(0, self._build_the_rest)

    # --- locked / unlocked -----------------------------------------------------------------
    def _on_unlocked(self) -> None:
        self.finish()
        self._show_section(max(self.nav.currentRow(), 0))
        # The other sections are built once the shown one has painted, not before it.
        QTimer.singleShot(REST_AFTER_MS, self._build_the_rest)
        summary = self.session.summary
        self.trust_label.setText(summary.trust.name if summary else "")
        self.state_label.setText("Unlocked")
        last_backup = summary.last_backup if summary else None
        self.backup_label.setText(_backup_text(last_backup, self.session.clock.now()))
        self._show_return_status()
        for action in self.while_unlocked:
            action.setEnabled(True)
        self.stack.setCurrentIndex(1)
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)
        self.nav.setFocus()

    def _show_return_status(self) -> None:
        # Here, not at the top: the services are not loaded before the first unlock.
        from coordinator_app.services.reports.today import return_status

        today = self._today()
        self.session.op(
            self, lambda vault, _: return_status(vault, today), self._return_status_shown
        ).run()

    def _return_status_shown(self, status: ReturnStatus) -> None:
        from coordinator_app.ui.widgets.dates import month_name, uk_date

        month = month_name(status.period)
        # Short in the bar (it must fit at 200 %); the month and dates in its description.
        if status.sent_on is not None:  # signed: nothing is due until next month's return
            short, full = "Return signed", f"{month} return signed {uk_date(status.sent_on)}"
        else:
            short = f"Return due {uk_date(status.due_on)}"
            full = f"{month} return due {uk_date(status.due_on)}"
        self.return_label.setText(short)
        self.return_label.setToolTip(full)
        # What it is first, then the month and dates the short text leaves out.
        self.return_label.setAccessibleDescription(f"Next return due: {full}")

    def _on_changed(self, kinds: Changes, _initiator: object) -> None:
        """The status bar follows a return signed and a backup made since unlocking."""
        if Change.RETURNS in kinds:
            self._show_return_status()
        if Change.BACKUPS not in kinds:
            return
        from coordinator_app.services.vault import backups

        self.session.op(
            self,
            lambda vault, _: backups.last_backup(vault),
            lambda last: self.backup_label.setText(_backup_text(last, self.session.clock.now())),
        ).run()

    def _on_locked(self, reason: str) -> None:
        self.stack.setCurrentIndex(0)
        self.trust_label.clear()
        self.backup_label.clear()
        self.return_label.clear()
        self.state_label.setText("Locked after being idle" if reason == "idle" else "Vault locked")
        if self._finished:
            for action in self.while_unlocked:
                action.setEnabled(False)
        self.unlock_screen.reset()

    # --- window ----------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        stored = QSettings().value("main_window/geometry")
        if isinstance(stored, QByteArray) and self.restoreGeometry(stored):
            return
        self.resize(1100, 720)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        self.session.lock("closing")
        super().closeEvent(event)

    def raise_window(self) -> None:
        # Not at the top: no Qt enums before the first screen (ui/app/app.py).
        from PySide6.QtCore import Qt

        self.setWindowState(
            (self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
        self.show()
        self.raise_()
        self.activateWindow()
