"""List the one-folder build's files for the MSI: a WiX v4 fragment of one component per
file, in a ComponentGroup that installer/windows/coordinator.wxs installs.

    python installer/windows/harvest.py dist/coordinator build/files.wxs

WiX v4 has no harvesting of its own outside MSBuild (Heat is deprecated), and this one
is plain Python, so the Linux tests check it too. Ids come from each file's path, so the
same file keeps the same component from one version to the next; components take WiX's
automatic GUIDs, which are stable for the same path. Coordinator.exe is left out: the
main source installs it with its Start menu shortcut.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path, PurePosixPath
from xml.sax.saxutils import quoteattr

WIX_NS = "http://wixtoolset.org/schemas/v4/wxs"
MAIN_EXE = "Coordinator.exe"
GROUP = "AppFiles"
ROOT_DIR = "INSTALLFOLDER"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.]")


def identifier(kind: str, relative: str) -> str:
    """A valid WiX id (letters, digits, _ and ., at most 72 characters), unique per path:
    a readable tail of the path and a hash of all of it."""
    digest = hashlib.sha256(relative.lower().encode("utf-8")).hexdigest()[:16]
    tail = _UNSAFE.sub("_", relative.rsplit("/", 1)[-1])[-40:]
    return f"{kind}_{digest}_{tail}"


def fragment(source: Path, source_var: str = "SourceDir") -> str:
    """The fragment's text for every file under ``source`` (but the main executable)."""
    files = sorted(
        PurePosixPath(p.relative_to(source).as_posix())
        for p in source.rglob("*")
        if p.is_file() and p.relative_to(source).as_posix() != MAIN_EXE
    )
    if not files:
        raise ValueError(f"{source} holds no files: build the app first")
    folders = sorted({parent for f in files for parent in f.parents if str(parent) != "."})
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!-- Made by installer/windows/harvest.py from the build folder: do not edit. -->",
        f'<Wix xmlns="{WIX_NS}">',
        "  <Fragment>",
        f"    <DirectoryRef Id={quoteattr(ROOT_DIR)}>",
    ]
    lines += _directories(folders, PurePosixPath("."), depth=3)
    lines += ["    </DirectoryRef>", f"    <ComponentGroup Id={quoteattr(GROUP)}>"]
    for f in files:
        parent = str(f.parent)
        directory = ROOT_DIR if parent == "." else identifier("dir", parent)
        file_source = f"$(var.{source_var})\\" + str(f).replace("/", "\\")
        lines += [
            f"      <Component Id={quoteattr(identifier('cmp', str(f)))} "
            f"Directory={quoteattr(directory)}>",
            f"        <File Id={quoteattr(identifier('fil', str(f)))} "
            f'Source={quoteattr(file_source)} KeyPath="yes" />',
            "      </Component>",
        ]
    lines += ["    </ComponentGroup>", "  </Fragment>", "</Wix>", ""]
    return "\n".join(lines)


def _directories(folders: list[PurePosixPath], parent: PurePosixPath, depth: int) -> list[str]:
    lines = []
    for folder in (f for f in folders if f.parent == parent):
        pad = "  " * depth
        lines.append(
            f"{pad}<Directory Id={quoteattr(identifier('dir', str(folder)))} "
            f"Name={quoteattr(folder.name)}>"
        )
        lines += _directories(folders, folder, depth + 1)
        lines.append(f"{pad}</Directory>")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: harvest.py BUILD-FOLDER OUT.wxs", file=sys.stderr)
        return 2
    source, out = Path(argv[0]), Path(argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(fragment(source), encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
