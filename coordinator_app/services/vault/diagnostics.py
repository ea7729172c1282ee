"""Logs and crash reports that never hold personal data.

Exception messages can quote what a person typed (a name in a constraint error, a value in
a SQL parameter), so reports name the exception's type and where it happened, never its
message or any variable's value; only our own UserFacingError sentences, which we write
without personal data, are kept.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from coordinator_app import __version__
from coordinator_app.data.locations import log_dir
from coordinator_app.domain.clock import SystemClock
from coordinator_app.domain.errors import UserFacingError

LOG_NAME = "coordinator.log"
_PACKAGES = (
    "PySide6-Essentials",
    "SQLAlchemy",
    "alembic",
    "sqlcipher3",
    "cryptography",
    "openpyxl",
    "XlsxWriter",
    "reportlab",
    "platformdirs",
)
_log = logging.getLogger(__name__)


class _NoPersonalData(logging.Filter):
    """Defence in depth: log records keep their fixed text, never arguments or exception
    messages from the database layers, which may carry values."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(("sqlalchemy", "alembic")):
            record.msg = record.getMessage() if not record.args else str(record.msg)
            record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            described = _describe(record.exc_info[1]).replace("%", "%%")
            record.msg = f"{record.msg} [{described}]"
            record.exc_info = None
            record.exc_text = None
        return True


def setup_logging(log_folder: Path | None = None, *, debug: bool = False) -> Path:
    """A rotating log in the per-user log folder; safe to call more than once."""
    from logging.handlers import RotatingFileHandler  # slow to import; not on the hot path

    folder = log_folder or log_dir()
    path = folder / LOG_NAME
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for handler in root.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1024 * 1024, backupCount=5, encoding="utf-8")
    except OSError:
        return path  # a read-only profile must not stop the app; nothing is logged then
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_NoPersonalData())
    root.addHandler(handler)
    return path


def _describe(exc: BaseException) -> str:
    kind = f"{type(exc).__module__}.{type(exc).__qualname__}"
    if isinstance(exc, UserFacingError):
        return f"{kind}: {exc.sentence()}"
    return kind


def _frames(tb: TracebackType | None) -> list[str]:
    home = str(Path.home())
    lines = []
    for frame in traceback.extract_tb(tb):
        filename = frame.filename
        marker = "site-packages"
        if marker in filename:
            filename = filename[filename.index(marker) + len(marker) + 1 :]
        elif "coordinator_app" in filename:
            filename = filename[filename.index("coordinator_app") :]
        elif filename.startswith(home):
            filename = "~" + filename[len(home) :]
        lines.append(f"  {filename}:{frame.lineno} in {frame.name}")
    return lines


def report_text(exc: BaseException, now: datetime | None = None) -> str:
    """The diagnostic report: versions, exception types and frames; no messages, no values.
    ``now`` is the time it says; by default the computer's (a crash has no clock at hand)."""
    import platform
    from importlib import metadata  # slow to import; only a crash needs it

    lines = [
        f"Coordinator {__version__} diagnostic report",
        f"time: {(now or SystemClock().now()).isoformat(timespec='seconds')}",
        f"python: {platform.python_version()} ({platform.python_implementation()})",
        f"platform: {platform.platform(terse=True)}",
    ]
    for name in _PACKAGES:
        try:
            lines.append(f"{name}: {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name}: not installed")
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for index, item in enumerate(chain):
        lines.append("")
        lines.append(("error: " if index == 0 else "caused by: ") + _describe(item))
        lines.extend(_frames(item.__traceback__))
    return "\n".join(lines) + "\n"


def write_crash_report(
    exc: BaseException, *, folder: Path | None = None, now: datetime | None = None
) -> Path:
    """Write the report; falls back to the temp folder, and never raises itself."""
    import secrets

    now = now or SystemClock().now()
    name = f"crash-{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}.txt"
    text = report_text(exc, now)
    for target in (folder or log_dir(), Path(tempfile.gettempdir())):
        try:
            target.mkdir(parents=True, exist_ok=True)
            (target / name).write_text(text, encoding="utf-8")
            return target / name
        except OSError:
            continue
    return Path(tempfile.gettempdir()) / name


def install_excepthook(on_report: Callable[[Path], None] | None = None) -> None:
    """Unexpected errors anywhere become a report (and a callback, e.g. the error dialog)."""

    def handle(exc: BaseException) -> None:
        path = write_crash_report(exc)
        _log.error("Unexpected error (%s); report written to %s", type(exc).__name__, path)
        if on_report is not None:
            on_report(path)

    def on_main(_t: type[BaseException], exc: BaseException, _tb: TracebackType | None) -> None:
        handle(exc)

    def on_thread(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            handle(args.exc_value)

    sys.excepthook = on_main
    threading.excepthook = on_thread
