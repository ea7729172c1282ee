"""Start-up time of the desktop app against a bare PySide6 window, in one run.

    .venv/bin/python benchmarks/startup.py [--runs 5]

Each run is a fresh process (offscreen). Figures: launch to the unlock screen shown, and
unlock click to the main window shown (which includes the Argon2id derivation, measured
bare in the same run and reported beside it). The probe clicks Unlock 2 s after the screen
appears, as a coordinator typing would, so the database code loaded meanwhile.
Target (Desktop shell issue): <= 2x the bare window.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "violet tractor mango harbour"
BARE = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1100, 720)
window.show()
def shown():
    print(f"shown {time.perf_counter():.6f}", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, dict[str, float]]:
    started = time.perf_counter()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=True)
    marks = {}
    for line in out.stdout.splitlines():
        name, _, value = line.partition(" ")
        if value:
            marks[name] = float(value)
    return started, marks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from coordinator_app.data.keyfile import KeyFile
    from coordinator_app.services import vaults

    home = Path(tempfile.mkdtemp())
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        COORDINATOR_STARTUP_PROBE="1",
        COORDINATOR_PASSPHRASE=PASSPHRASE,
        COORDINATOR_PROBE_TYPING_MS="2000",  # a coordinator typing the passphrase
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CONFIG_HOME=str(home / "config"),
    )
    folder = home / "vault"
    vault, _ = vaults.create_vault(folder, "RUH", "Benchmark Coordinator", PASSPHRASE)
    vault.close()
    params = KeyFile.load(folder / "vault.key").passphrase_kdf()
    assert params is not None
    app_cmd = [sys.executable, "-m", "coordinator_app", "--vault", str(folder)]
    bare_cmd = [sys.executable, "-c", BARE]
    bare, to_unlock, to_main, kdf = [], [], [], []
    _timed(bare_cmd, env), _timed(app_cmd, env)  # warm the file cache
    for _ in range(args.runs):  # interleaved so machine drift hits all alike
        start, marks = _timed(bare_cmd, env)
        bare.append(marks["shown"] - start)
        start, marks = _timed(app_cmd, env)
        to_unlock.append(marks["unlock-screen"] - start)
        to_main.append(marks["main-window"] - marks["unlock-click"])
        t = time.perf_counter()
        params.derive(PASSPHRASE.encode())
        kdf.append(time.perf_counter() - t)

    def row(name: str, values: list[float]) -> str:
        return (
            f"{name:34} median {statistics.median(values) * 1000:7.0f} ms "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
        )

    print(row("bare PySide6 window, launch->shown", bare))
    print(row("launch -> unlock screen", to_unlock))
    print(row("unlock click -> main window", to_main))
    print(row("bare Argon2id (inside the unlock)", kdf))
    base = statistics.median(bare)
    r1 = statistics.median(to_unlock) / base
    r2 = (statistics.median(to_main) - statistics.median(kdf)) / base
    print(f"ratio launch->unlock screen / bare window: {r1:.2f} (target <= 2)")
    print(f"ratio (unlock->main window minus KDF) / bare window: {r2:.2f} (target <= 2)")


if __name__ == "__main__":
    main()
