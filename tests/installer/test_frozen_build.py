"""The installed (frozen) app, built here with installer/build-linux.sh (issue #12).

Marked slow: it builds the one-folder app (about 35 s on this project's 2-core machines)
and is run by CI with the rest of the suite, so the spec cannot rot unnoticed. The same
build then plays IT's upgrade: a vault made by one installed copy is kept and opened by
the copy installed over it, and a vault from a newer version is refused, exit 1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coordinator_app.data import locations
from coordinator_app.data.vault import Vault
from tests.conftest import PASSPHRASE, vault_file_hashes

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        sys.platform == "win32",
        reason="the Linux frozen build; Windows builds are made and self-tested by "
        ".github/workflows/windows-installer.yml",
    ),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build script's own run: it builds, then runs the frozen self-test. Its build,
    dist and PyInstaller work folders are temporary, never in the checkout."""
    out = tmp_path_factory.mktemp("frozen")
    untouched = [p for p in (ROOT / "build", ROOT / "dist") if not p.exists()]
    done = subprocess.run(
        [str(ROOT / "installer" / "build-linux.sh"), str(out)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Build time: " in done.stdout and "MiB in " in done.stdout
    assert not [p for p in untouched if p.exists()]  # nothing written into the checkout
    report = json.loads((out / "build" / "self-test.json").read_text("utf-8"))
    assert report["ok"] is True and report["frozen"] is True
    # The last step draws a dashboard chart: matplotlib is in the build and draws.
    assert [s["name"] for s in report["steps"]][-2:] == [
        "integrity check",
        "draw a dashboard chart",
    ]
    return out / "dist" / "coordinator"


def _run(program: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COORDINATOR_")}
    env |= {"QT_QPA_PLATFORM": "offscreen", "COORDINATOR_PASSPHRASE": PASSPHRASE}
    return subprocess.run(
        [str(program), *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_the_folder_is_self_contained(built: Path) -> None:
    inside = built / "_internal"
    assert (built / "coordinator").is_file() and os.access(built / "coordinator", os.X_OK)
    assert (inside / "coordinator_app" / "resources" / "trusts.json").is_file()
    assert (inside / "coordinator_app" / "resources" / "icons" / "coordinator.png").is_file()
    # The PDFs' fonts, and HarfBuzz, which reportlab imports only if it can (Arabic shaping).
    assert (
        inside / "coordinator_app" / "resources" / "fonts" / "NotoSansArabic-Bold.ttf"
    ).is_file()
    assert list((inside / "uharfbuzz").glob("_harfbuzz*"))
    versions = inside / "coordinator_app" / "data" / "migrations" / "versions"
    assert (versions / "0001_trust_coordinator_settings.py").is_file()
    assert not list(inside.rglob("__pycache__"))
    qt = {p.name for p in (inside / "PySide6").glob("Qt*.so")}
    used = {"QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtDBus"}  # D-Bus: logind's lock
    assert qt == {f"{name}.abi3.so" for name in used}
    assert not list(inside.rglob("translations/*.qm"))
    # No one-file archive unpacked at run time: the program starts from the folder.
    assert (built / "coordinator").stat().st_size < 20 * 1024 * 1024


def test_an_upgrade_keeps_the_vault_and_a_newer_vault_is_refused(
    built: Path, tmp_path: Path
) -> None:
    old = tmp_path / "install-old"
    shutil.copytree(built, old, symlinks=True)
    made = _run(old / "coordinator", "init", "--trust", "RUH", "--coordinator", "Generated Person")
    assert made.returncode == 0, made.stderr
    vault_dir = locations.default_vault_dir()  # the per-user folder, outside the install
    assert vault_dir.is_dir() and not vault_dir.is_relative_to(old)

    # Installing over: the program's folder is replaced; the data folder is not touched.
    shutil.rmtree(old)
    new = tmp_path / "install-new"
    shutil.copytree(built, new, symlinks=True)
    opened = _run(new / "coordinator", "unlock-check")
    assert opened.returncode == 0, opened.stderr

    with Vault.open(vault_dir, PASSPHRASE) as vault, vault.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0042_future'")
    before = vault_file_hashes(vault_dir)
    refused = _run(new / "coordinator", "unlock-check")
    assert refused.returncode == 1
    assert "saved by a newer version of Coordinator" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert vault_file_hashes(vault_dir) == before
