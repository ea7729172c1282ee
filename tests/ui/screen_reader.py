"""Reads the app as a screen reader does, from outside, through AT-SPI (run by the system's
python3, which has pyatspi; inside ``dbus-run-session`` and an X server):

    python3 tests/ui/screen_reader.py <app python> <empty folder> <out folder>

Launches tests/ui/screen_reader_driver.py with Qt's accessibility bridge on, and at each of
its pauses writes ``<out>/<name>.json``: what the driver says is on screen and every object
AT-SPI shows (role, name, description, text, focusable). Announcements heard meanwhile go
to ``<out>/announcements.json``, the driver's output to ``<out>/driver.txt``.
This script imports nothing of the app: it sees only what assistive technology sees.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pyatspi  # type: ignore[import-not-found]
from gi.repository import GLib  # type: ignore[import-not-found]

MAX_OBJECTS = 4000
TIMEOUT_S = 240.0


def _text(obj: Any) -> str:
    try:
        text = obj.queryText()
    except NotImplementedError:
        return ""
    return str(text.getText(0, min(text.characterCount, 2000)))


def _tree(app: Any) -> list[dict[str, Any]]:
    """Every object on screen (and the window's top levels), depth first."""
    found: list[dict[str, Any]] = []

    def walk(obj: Any, depth: int) -> None:
        if obj is None or len(found) >= MAX_OBJECTS:
            return
        states = obj.getState()
        showing = states.contains(pyatspi.STATE_SHOWING)
        if depth > 1 and not showing:
            return  # hidden pages and closed popups: nothing of them is on screen
        found.append(
            {
                "depth": depth,
                "role": obj.getRoleName(),
                "name": obj.name or "",
                "description": obj.description or "",
                "text": _text(obj),
                "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
                "showing": showing,
            }
        )
        for child in obj:
            walk(child, depth + 1)

    walk(app, 0)
    return found


def _app(pid: int) -> Any:
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.get_process_id() == pid:
            return app
    raise RuntimeError("the app is not on the accessibility bus")


def main(python: str, folder: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    handshake = out / "go"
    handshake.mkdir(exist_ok=True)
    heard: list[dict[str, str]] = []

    def on_announcement(event: Any) -> None:
        heard.append({"text": str(event.any_data), "source": event.source.name or ""})

    pyatspi.Registry.registerEventListener(on_announcement, "object:announcement")
    env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb")
    root = Path(__file__).resolve().parents[2]
    command = [python, "-m", "tests.ui.screen_reader_driver", str(folder), str(handshake)]
    driver = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue[str | None] = queue.Queue()
    said: list[str] = []

    def read_output() -> None:
        assert driver.stdout is not None
        for line in driver.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read_output, daemon=True).start()
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        while GLib.MainContext.default().iteration(False):
            pass  # deliver the announcements heard so far
        try:
            line = lines.get(timeout=0.05)
        except queue.Empty:
            continue
        if line is None:
            break
        said.append(line)
        if line.startswith("read "):
            _, name, shown = line.split(" ", 2)
            time.sleep(0.5)  # let the bridge's own updates arrive first
            while GLib.MainContext.default().iteration(False):
                pass
            tree = _tree(_app(driver.pid))
            page = {"shown": json.loads(shown), "objects": tree, "heard": list(heard)}
            (out / f"{name}.json").write_text(json.dumps(page, indent=1), encoding="utf-8")
            (handshake / name).touch()
    else:
        driver.kill()
        said.append("failed: the reader timed out")
    code = driver.wait(timeout=60)
    (out / "announcements.json").write_text(json.dumps(heard, indent=1), encoding="utf-8")
    if not said:  # e.g. it found another Coordinator of this user running, and left
        said.append(f"failed: the app exited ({code}) before saying anything")
    (out / "driver.txt").write_text("\n".join(said) + "\n", encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])))
