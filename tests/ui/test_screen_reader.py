"""Heard from outside, as a screen reader hears it: a real launch read through AT-SPI
(tests/ui/screen_reader.py, with the system's pyatspi) at the wizard's key page, the main
window, three sections and the unlock screen after a wrong passphrase."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = "/usr/bin/python3"


def _missing() -> str | None:
    for tool in ("dbus-run-session", "xvfb-run"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install dbus xvfb)"
    probe = [SYSTEM_PYTHON, "-c", "import pyatspi"]
    if not Path(SYSTEM_PYTHON).exists() or subprocess.run(probe, capture_output=True).returncode:
        return "the system python3 has no pyatspi (apt-get install at-spi2-core python3-pyatspi)"
    return None


@pytest.fixture(scope="module")
def heard(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """What AT-SPI showed at each pause of the launch, by pause name."""
    why = _missing()
    if why:
        pytest.skip(why)
    base = tmp_path_factory.mktemp("screen-reader")
    out = base / "read"
    reader = [SYSTEM_PYTHON, str(ROOT / "tests/ui/screen_reader.py")]
    run = subprocess.run(
        [
            "dbus-run-session",
            "--",
            "xvfb-run",
            "-a",
            *reader,
            sys.executable,
            str(base / "vault"),
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=400,
    )
    said = (out / "driver.txt").read_text() if (out / "driver.txt").exists() else run.stderr
    assert "failed" not in said and "read-wrong-passphrase" in said, said + run.stderr
    pages = {path.stem: json.loads(path.read_text()) for path in out.glob("*.json")}
    pages["announcements"] = {"heard": json.loads((out / "announcements.json").read_text())}
    return pages


def _readable(page: dict[str, Any]) -> str:
    """Everything a screen reader can say of the objects on screen, one line each."""
    return "\n".join(" | ".join((o["name"], o["description"], o["text"])) for o in page["objects"])


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_the_unlock_message_is_read_and_announced(heard: dict[str, dict[str, Any]]) -> None:
    page = heard["wrong-passphrase"]
    assert "not right" in page["shown"]
    assert "not right" in _readable(page)
    announced = [h["text"] for h in heard["announcements"]["heard"]]
    assert any("not right" in text for text in announced)
    assert "Vault locked" in announced  # Ctrl+L (or the idle timer) is heard, not only seen


def test_the_recovery_key_is_read_on_the_key_page(heard: dict[str, dict[str, Any]]) -> None:
    page = heard["key-page"]
    key = page["shown"]
    assert len(key) == 30
    assert any(key in _squeezed(o["name"] + o["text"]) for o in page["objects"])


def test_the_status_bar_is_read(heard: dict[str, dict[str, Any]]) -> None:
    page = heard["main-window"]
    assert "Unlocked" in page["shown"]
    names = [o["name"] for o in page["objects"]]
    for text in page["shown"]:
        assert text in names, f"{text!r} is on the status bar but not read"


@pytest.mark.parametrize(
    "pause", ["main-window", "volunteers", "support-plans", "activities", "unlock-screen"]
)
def test_every_focusable_control_has_a_name(heard: dict[str, dict[str, Any]], pause: str) -> None:
    unnamed = [
        f"{o['role']} (description {o['description']!r})"
        for o in heard[pause]["objects"]
        if o["focusable"] and o["showing"] and not o["name"].strip()
    ]
    assert not unnamed, unnamed
