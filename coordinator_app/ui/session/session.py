"""The unlocked session: who is in, and locking when idle, by hand, when the computer's own
session locks or it suspends (``os_lock``), or when the clock jumps (the fallback).

Locking first takes every other window off the screen (``windows``), keeps every
half-filled form and dialog as an encrypted draft in the vault, then clears every widget
holding personal data, then closes the database; unlocking restores them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from coordinator_app.domain.clock import Clock
from coordinator_app.domain.settings import Settings
from coordinator_app.ui.session.changes import Changes, FollowsChanges
from coordinator_app.ui.session.ops import Operation, VaultOperation
from coordinator_app.ui.session.windows import close_windows, show_again

if TYPE_CHECKING:
    from PySide6.QtCore import Qt  # named only at run time: ui/app/app.py

    # the database code loads after the first screen (see services.startup)
    from coordinator_app.services.progress import Progress
    from coordinator_app.services.vault.sessions import OpenedVault
    from coordinator_app.services.vault.vaults import Vault, VaultSummary

T = TypeVar("T")

CLOCK_CHECK_MS = 5_000
CLOCK_JUMP_SECONDS = 60.0  # wall clock moved this much more (or less) than real time
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class DraftProvider(Protocol):
    """A screen that may hold a half-filled form or personal data."""

    def draft_key(self) -> str: ...

    def draft_payload(self) -> dict[str, Any] | None: ...

    def restore_draft(self, payload: dict[str, Any]) -> None: ...

    def clear_personal_data(self) -> None: ...


class HoldsNoDrafts:
    """For screens that only show records (marks are saved as they are made): no draft to
    keep, but their personal data is still cleared on lock through ``clear_personal_data``."""

    def draft_key(self) -> str:
        return type(self).__name__

    def draft_payload(self) -> dict[str, Any] | None:
        return None

    def restore_draft(self, payload: dict[str, Any]) -> None:
        """Nothing was kept, so nothing comes back."""


class _InputWatcher(QObject):
    activity = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _INPUT_EVENTS:
            self.activity.emit()
        return False


class AppSession(QObject):
    locked = Signal(str)
    unlocked = Signal()
    # After every successful write: the kinds it changed and the widget that asked (or None).
    # Emitted on the UI thread and connected directly, so the Python objects are safe here.
    changed = Signal(object, object)

    def __init__(
        self,
        folder: Path,
        *,
        clock: Clock,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.folder = folder
        # Every page, panel and dialog takes "today" and "now" from here.
        self.clock = clock
        self.vault: Vault | None = None
        self.summary: VaultSummary | None = None
        self.settings = Settings()
        self._providers: list[DraftProvider] = []
        self._followers: list[FollowsChanges] = []
        self._pending: dict[str, dict[str, Any]] = {}
        self._hidden: list[QWidget] = []  # windows to show again after the next unlock
        self._mono = monotonic
        self._last_wall, self._last_mono = self._wall(), monotonic()
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(lambda: self.lock("idle"))
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_CHECK_MS)
        self._clock.timeout.connect(self.check_clock)
        self._watcher = _InputWatcher(self)
        self._watcher.activity.connect(self._restart_idle)
        app = QGuiApplication.instance()
        self._app = app if isinstance(app, QGuiApplication) else None
        self._follows_suspend = False

    # --- drafts and providers ------------------------------------------------------------
    def register(self, provider: DraftProvider) -> None:
        """A screen that may hold typing; a draft kept for it is restored as it arrives."""
        self._providers.append(provider)
        payload = self._pending.pop(provider.draft_key(), None)
        if payload is not None and self.is_unlocked:
            provider.restore_draft(payload)

    def take_draft(self, key: str) -> dict[str, Any] | None:
        """The draft kept for a dialog at the last lock, handed over once (as it reopens)."""
        return self._pending.pop(key, None) if self.is_unlocked else None

    # --- operations and what they change ---------------------------------------------------
    def op(
        self,
        parent: QWidget | None,
        fn: Callable[[Vault, Progress], T],
        success: Callable[[T], None],
    ) -> VaultOperation[T]:
        """An operation on the unlocked vault (nothing happens while locked)."""
        return VaultOperation(self, parent, fn, success)

    def notify_changed(self, kinds: Changes, initiator: QObject | None = None) -> None:
        """Every page showing ``kinds`` reloads, now or when next shown."""
        if kinds:
            self.changed.emit(frozenset(kinds), initiator)

    def follow(self, page: FollowsChanges) -> None:
        page.follow_changes(self)
        self._followers.append(page)

    # --- unlocked / locked ---------------------------------------------------------------
    @property
    def is_unlocked(self) -> bool:
        return self.vault is not None

    def start(self, opened: OpenedVault) -> None:
        self.vault, self.summary, self.settings = opened.vault, opened.summary, opened.settings
        self._idle.setInterval(self.settings.idle_lock_minutes * 60_000)
        self._idle.start()
        # Input only matters to the idle lock while unlocked, and watching every event of the
        # app from Python is not free: nothing watches while locked (so at start-up), and
        # watching starts once the unlocked screen is up.
        QTimer.singleShot(0, self._watch_input)
        if self._app is not None and not self._follows_suspend:
            # Only an unlocked vault has anything to lock, and the state's enum must not be
            # made before the first screen (ui/app/app.py): followed from the first unlock.
            self._app.applicationStateChanged.connect(self._state_changed)
            self._follows_suspend = True
        self._last_wall, self._last_mono = self._wall(), self._mono()
        self._clock.start()
        self._pending = dict(opened.drafts)
        self.unlocked.emit()
        show_again(self._hidden)
        self._hidden = []
        # After the screens have loaded the saved records, drafts go back on top of them;
        # screens built later take theirs when they register.
        for provider in self._providers:
            payload = self._pending.pop(provider.draft_key(), None)
            if payload is not None:
                provider.restore_draft(payload)

    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.set_idle_interval_ms(settings.idle_lock_minutes * 60_000)

    def set_idle_interval_ms(self, interval_ms: int) -> None:
        self._idle.setInterval(interval_ms)
        if self.is_unlocked:
            self._idle.start()

    def lock(self, reason: str) -> None:
        vault = self.vault
        if vault is None:
            return
        self.vault = None
        self._idle.stop()
        self._clock.stop()
        if self._app is not None:
            self._app.removeEventFilter(self._watcher)
        # Nothing stays on screen but the unlock screen; dialogs' typing becomes drafts.
        kept, hidden = close_windows()
        self._hidden.extend(hidden)
        # Drafts no screen has taken yet go back into the vault with the new ones.
        half_filled: dict[str, dict[str, Any] | None] = {**self._pending, **kept}
        self._pending = {}
        half_filled.update({p.draft_key(): p.draft_payload() for p in self._providers})
        for provider in self._providers:
            provider.clear_personal_data()
        self._followers = [p for p in self._followers if shiboken6.isValid(p)]
        for page in self._followers:
            page.forget_changes()
        from coordinator_app.services.vault import sessions

        Operation(None, lambda _: sessions.lock(vault, half_filled), lambda _: None).run()
        self.locked.emit(reason)

    # --- what locks ----------------------------------------------------------------------
    def _watch_input(self) -> None:
        if self.is_unlocked and self._app is not None:
            self._app.installEventFilter(self._watcher)

    def _restart_idle(self) -> None:
        if self.is_unlocked:
            self._idle.start()

    def _wall(self) -> float:
        return self.clock.now().timestamp()

    def check_clock(self) -> None:
        """Lock when the wall clock jumped against real time (changed by hand, or the laptop
        slept: the monotonic clock does not count suspended time)."""
        wall, mono = self._wall(), self._mono()
        drift = (wall - self._last_wall) - (mono - self._last_mono)
        self._last_wall, self._last_mono = wall, mono
        if abs(drift) > CLOCK_JUMP_SECONDS:
            self.lock("clock")

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        # Not at the top: no Qt enums before the first screen (ui/app/app.py).
        from PySide6.QtCore import Qt

        if state == Qt.ApplicationState.ApplicationSuspended:
            self.lock("suspend")
