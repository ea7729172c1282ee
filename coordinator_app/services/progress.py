"""Progress and cancellation for long use cases, with no Qt: services report through it and
poll it; the UI turns it into a progress dialog."""

from __future__ import annotations

import threading
from collections.abc import Callable

ProgressListener = Callable[[int, int, str], None]


class Cancelled(Exception):
    """The person pressed Cancel; whatever the use case did is rolled back."""


class Progress:
    def __init__(self, listener: ProgressListener | None = None) -> None:
        self._listener = listener
        self._cancelled = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def update(self, done: int, total: int, label: str = "") -> None:
        if self._listener is not None:
            self._listener(done, total, label)

    def raise_if_cancelled(self) -> None:
        if self.cancelled:
            raise Cancelled()
