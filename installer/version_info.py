"""The Windows version resource of Coordinator's executables, made from the package's version.

Explorer's Properties › Details, Intune's detection rules and AppLocker's publisher rules
(product name, file name, version range) all read it. PyInstaller takes it as a text file
in its `VSVersionInfo` syntax; the spec writes one into the build folder on every build,
so the version is only ever set in ``coordinator_app/__init__.py``.

    python installer/version_info.py OUT.txt [EXE-NAME]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPANY = "Helpforce"
PRODUCT = "Coordinator"
DESCRIPTION = "Coordinator: records for the Refugee Volunteer to Career programme"
# English (United Kingdom), Unicode: the string table's key and the translation pair.
LANGUAGE, CODEPAGE = 0x0809, 1200


def package_version() -> str:
    """Read without importing the package (the spec runs before any app code is needed)."""
    text = (ROOT / "coordinator_app" / "__init__.py").read_text("utf-8")
    found = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if found is None:
        raise ValueError("coordinator_app/__init__.py has no __version__")
    return found.group(1)


def numeric(version: str) -> tuple[int, int, int, int]:
    """Windows wants four 16-bit numbers: 1.2.3 becomes 1.2.3.0; pre-release tags drop."""
    parts = [int(p) for p in re.findall(r"\d+", version.split("+")[0])[:4]]
    if not parts or any(p > 0xFFFF for p in parts):
        raise ValueError(f"{version!r} cannot be a Windows file version")
    padded = (*parts, 0, 0, 0, 0)[:4]
    return padded[0], padded[1], padded[2], padded[3]


def text(version: str, exe_name: str = "Coordinator.exe") -> str:
    four = numeric(version)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": version,
        "InternalName": exe_name.removesuffix(".exe"),
        "LegalCopyright": f"Copyright {COMPANY}",
        "OriginalFilename": exe_name,
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    table = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""# UTF-8
# Made by installer/version_info.py from coordinator_app/__init__.py: do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={four},
    prodvers={four},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '{LANGUAGE:04X}{CODEPAGE:04X}',
        [
{table}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [{LANGUAGE}, {CODEPAGE}])])
  ]
)
"""


def write(path: Path, exe_name: str = "Coordinator.exe") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text(package_version(), exe_name), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1]), *sys.argv[2:3]))
