"""The Windows installer sources, checked here as far as Linux can (issue #12, point 3).

- NSIS: the per-user script compiles with `makensis` (warnings are errors), with a stand-in
  build folder and a stand-in signer that must be called for the uninstaller and then the
  installer.
- WiX v4: `wixl` (msitools) reads only WiX v3, so the MSI source is checked as XML against
  what the issue asks (per-machine, Program Files, Start menu, fixed UpgradeCode,
  MajorUpgrade, no custom actions) and the harvested file list is checked for valid,
  unique, resolvable ids. `wix build` itself runs on the Windows workflow.
- The workflow: valid YAML, every step named, signing fed from secrets, self-tests run.
- The version resource: read back by PyInstaller's own Windows code.
Where a tool is missing these skip on a developer's machine and fail in CI (.ci/run
installs them), so they cannot silently stop checking.
"""

from __future__ import annotations

import ast
import importlib
import os
import re
import shutil
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from coordinator_app import __version__

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "installer" / "windows"
WORKFLOW = ROOT / ".github" / "workflows" / "windows-installer.yml"
NS = {"w": "http://wixtoolset.org/schemas/v4/wxs"}
# Never to change: Windows Installer upgrades only packages that share it.
UPGRADE_CODE = "{6B0C4E2A-3F7D-4C1E-9A52-8D2F1B7E6C10}"
WIX_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]{0,71}$")

sys.path.insert(0, str(ROOT / "installer"))
sys.path.insert(0, str(WINDOWS))
import harvest  # noqa: E402 - installer/windows/harvest.py
import version_info  # noqa: E402 - installer/version_info.py


def _tool(name: str) -> str:
    if sys.platform == "win32":
        # The stand-in signer is a shell script; on Windows the installer workflow runs
        # makensis on the real build and signs with sign.ps1.
        pytest.skip("makensis is checked here on Linux; Windows runs windows-installer.yml")
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing: .ci/run installs it (apt-get install nsis)")
    pytest.skip(f"{name} is not installed (apt-get install nsis)")


@pytest.fixture
def fake_build(tmp_path: Path) -> Path:
    """A stand-in for dist/coordinator as the Windows build lays it out."""
    build = tmp_path / "coordinator"
    for name in (
        "Coordinator.exe",
        "coordinator-cli.exe",
        "_internal/python311.dll",
        "_internal/PySide6/Qt6Core.dll",
        "_internal/PySide6/plugins/platforms/qwindows.dll",
        "_internal/coordinator_app/resources/trusts.json",
        "_internal/coordinator_app/data/migrations/versions/0001_trust coordinator-settings.py",
        "_internal/base_library.zip",
    ):
        (build / name).parent.mkdir(parents=True, exist_ok=True)
        (build / name).write_bytes(b"MZ stand-in " + name.encode())
    return build


# --- NSIS ---------------------------------------------------------------------------------
def test_the_per_user_installer_compiles_and_is_signed_as_it_is_made(
    fake_build: Path, tmp_path: Path
) -> None:
    makensis = _tool("makensis")
    signed = tmp_path / "signed.log"
    signer = tmp_path / "sign.sh"
    signer.write_text(f'#!/bin/sh\necho "$1" >> "{signed}"\n')
    signer.chmod(0o755)
    out = tmp_path / f"Coordinator-{__version__}-user-setup.exe"
    done = subprocess.run(
        [
            makensis,
            "-WX",  # a warning is an error
            "-V2",
            f"-DVERSION={__version__}",
            f"-DDIST_DIR={fake_build}",
            f"-DOUT_FILE={out}",
            f"-DSIGN_COMMAND={signer}",
            str(WINDOWS / "coordinator.nsi"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.read_bytes()[:2] == b"MZ"  # a Windows executable
    calls = signed.read_text().splitlines()
    assert len(calls) == 2 and calls[1] == str(out)  # the uninstaller first, then this


def test_the_nsis_script_refuses_to_build_without_a_build_folder(tmp_path: Path) -> None:
    makensis = _tool("makensis")
    done = subprocess.run(
        [makensis, "-V1", f"-DVERSION={__version__}", str(WINDOWS / "coordinator.nsi")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "Define DIST_DIR" in done.stdout + done.stderr


def test_the_per_user_installer_needs_no_admin_and_leaves_the_vault() -> None:
    script = (WINDOWS / "coordinator.nsi").read_text("utf-8")
    code = [line for line in script.splitlines() if not line.lstrip().startswith(";")]
    text = "\n".join(code)
    assert "RequestExecutionLevel user" in text and "RequestExecutionLevel admin" not in text
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\Coordinator"' in text
    assert "HKLM" not in text and "$APPDATA" not in text  # no machine keys, no roaming
    uninstall = text.split('Section "Uninstall"', 1)[1]
    assert "Helpforce" not in uninstall  # the data folder is never named, so never removed
    assert 'RMDir /r "$INSTDIR"' not in uninstall  # only the files it put there


# --- WiX ----------------------------------------------------------------------------------
def _wxs() -> ET.Element:
    return ET.parse(WINDOWS / "coordinator.wxs").getroot()  # noqa: S314 - our own source


def test_the_msi_is_per_machine_in_program_files_with_a_fixed_upgrade_code() -> None:
    root = _wxs()
    assert root.tag == f"{{{NS['w']}}}Wix"
    (package,) = root.findall("w:Package", NS)
    assert package.get("Scope") == "perMachine"
    assert package.get("UpgradeCode") == UPGRADE_CODE
    assert package.get("Version") == "$(var.Version)" and package.get("Manufacturer")
    (upgrade,) = package.findall("w:MajorUpgrade", NS)
    assert "newer version" in (upgrade.get("DowngradeErrorMessage") or "")
    (program_files,) = package.findall("w:StandardDirectory[@Id='ProgramFiles64Folder']", NS)
    (folder,) = program_files.findall("w:Directory", NS)
    assert (folder.get("Id"), folder.get("Name")) == ("INSTALLFOLDER", "Coordinator")
    shortcut = package.find(".//w:Component[@Id='MainExecutable']/w:File/w:Shortcut", NS)
    assert shortcut is not None and shortcut.get("Directory") == "ProgramMenuFolder"
    main_file = package.find(".//w:Component[@Id='MainExecutable']/w:File", NS)
    assert main_file is not None and main_file.get("Source", "").endswith("\\Coordinator.exe")
    refs = {e.get("Id") for e in package.findall("w:Feature/*", NS)}
    assert refs == {"MainExecutable", harvest.GROUP}


def test_the_msi_has_no_custom_actions_and_touches_no_user_data() -> None:
    tags = {element.tag.split("}")[-1] for element in _wxs().iter()}
    forbidden = {
        "CustomAction",
        "CustomActionRef",
        "Binary",
        "InstallExecuteSequence",
        "InstallUISequence",
        "ServiceInstall",
        "RegistryValue",
        "RemoveFolderEx",
        "Environment",
    }
    assert tags & forbidden == set()
    text = (WINDOWS / "coordinator.wxs").read_text("utf-8")
    body = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    assert "LocalAppDataFolder" not in body and "AppDataFolder" not in body


def test_the_harvested_file_list_is_valid_unique_and_resolvable(fake_build: Path) -> None:
    root = ET.fromstring(harvest.fragment(fake_build))  # noqa: S314 - made just above
    directories = {d.get("Id") for d in root.iter(f"{{{NS['w']}}}Directory")}
    components = root.findall(".//w:ComponentGroup/w:Component", NS)
    files = [c.find("w:File", NS) for c in components]
    sources = [f.get("Source", "") for f in files if f is not None]
    expected = {
        "$(var.SourceDir)\\" + str(p.relative_to(fake_build)).replace("/", "\\")
        for p in fake_build.rglob("*")
        if p.is_file() and p.name != "Coordinator.exe"  # the main source installs that one
    }
    assert sorted(sources) == sorted(expected)
    ids = [e.get("Id", "") for e in root.iter() if e.get("Id")]
    assert len(ids) == len(set(ids)) and all(WIX_ID.match(i) for i in ids)
    assert all(c.get("Directory") in directories | {"INSTALLFOLDER"} for c in components)
    # The same path keeps the same ids from one build (and version) to the next.
    assert harvest.fragment(fake_build) == harvest.fragment(fake_build)


def test_harvest_refuses_an_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="build the app first"):
        harvest.fragment(tmp_path)


# --- the workflow -------------------------------------------------------------------------
def _workflow() -> dict[Any, Any]:
    import yaml  # requirements/build.txt

    loaded = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_the_workflow_is_valid_yaml_and_names_every_step() -> None:
    flow = _workflow()
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"workflow_dispatch", "workflow_call"} <= set(triggers)
    secrets = triggers["workflow_call"]["secrets"]
    assert {"SIGNING_CERTIFICATE_PFX_BASE64", "SIGNING_CERTIFICATE_PASSWORD"} <= set(secrets)
    assert flow["jobs"]
    for job in flow["jobs"].values():
        assert str(job["runs-on"]).startswith("windows")
        for number, step in enumerate(job["steps"], 1):
            assert str(step.get("name", "")).strip(), f"step {number} has no name"


def test_the_workflow_builds_signs_packages_and_self_tests() -> None:
    steps = [s for job in _workflow()["jobs"].values() for s in job["steps"]]
    scripts = "\n".join(str(s.get("run", "")) for s in steps)
    assert "installer\\coordinator.spec" in scripts
    assert scripts.count("self-test") >= 4  # built, signed, installed MSI, installed NSIS
    assert "sign.ps1 -Path dist\\coordinator" in scripts
    assert "wix build" in scripts and "makensis -WX" in scripts
    assert "msiexec.exe" in scripts and "/qn" in scripts
    # Secrets reach scripts through the environment only, never pasted into a command.
    assert "secrets." not in scripts
    # Every file of this repository a step names exists.
    for path in set(re.findall(r"(?:installer|requirements|resources)\\[\w\\.-]+", scripts)):
        assert (ROOT / path.replace("\\", "/")).exists(), path


# --- the version resource and the spec ----------------------------------------------------
def test_the_version_resource_is_what_pyinstaller_reads_on_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PyInstaller's reader imports Windows-only modules at the top, used only to write
    # into executables; stand-ins let its parser and serializer run here.
    import PyInstaller.compat

    monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    versioninfo = importlib.import_module("PyInstaller.utils.win32.versioninfo")
    try:
        path = version_info.write(tmp_path / "version.txt", "coordinator-cli.exe")
        info = versioninfo.load_version_info_from_text_file(str(path))
        assert len(info.toRaw()) > 500
    finally:
        sys.modules.pop("PyInstaller.utils.win32.versioninfo", None)
    major, minor, patch, build = version_info.numeric(__version__)
    assert info.ffi.fileVersionMS == (major << 16) | minor
    assert info.ffi.fileVersionLS == (patch << 16) | build
    assert f"StringStruct('ProductVersion', '{__version__}')" in path.read_text()
    assert "StringStruct('OriginalFilename', 'coordinator-cli.exe')" in path.read_text()


@pytest.mark.parametrize(
    ("given", "four"),
    [("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.0.1rc1", (2, 0, 1, 1))],
)
def test_windows_versions_have_four_numbers(given: str, four: tuple[int, ...]) -> None:
    assert version_info.numeric(given) == four
    with pytest.raises(ValueError):
        version_info.numeric("70000.0")


def _spec_list(name: str) -> list[str]:
    tree = ast.parse((ROOT / "installer" / "coordinator.spec").read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"{name} not in the spec")


def test_the_spec_leaves_out_no_qt_module_the_app_uses() -> None:
    used = set()
    for source in (ROOT / "coordinator_app").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", source.read_text("utf-8")))
    assert used == {"QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtDBus"}
    assert used.isdisjoint(_spec_list("QT_UNUSED"))


def test_the_spec_keeps_the_metadata_a_diagnostic_report_names() -> None:
    from coordinator_app.services.vault import diagnostics

    spec = (ROOT / "installer" / "coordinator.spec").read_text("utf-8")
    for name in diagnostics._PACKAGES:
        assert f'"{name}"' in spec, name
