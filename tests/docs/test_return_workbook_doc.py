"""docs/return-workbook.md describes the workbook built today: every sheet, in order, every
column of each, the Summary's keys, under the content_version the manifest carries."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from coordinator_app.data.vault import Vault
from coordinator_app.export.return_workbook import CONTENT_VERSION
from coordinator_app.services.returns import returns

DOC = Path(__file__).resolve().parents[2] / "docs" / "return-workbook.md"


def _documented(version: int) -> dict[str, list[str]]:
    """Sheet name -> the first cells of its tables' rows, for one content_version's section."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"## content_version {version}\n", 1)[1].split("\n## ", 1)[0]
    sheets: dict[str, list[str]] = {}
    for block in section.split("\n### ")[1:]:
        name, _, body = block.partition("\n")
        lines = body.splitlines()
        sheets[name.strip()] = [
            first.strip("`")
            for line, after in zip(lines, [*lines[1:], ""], strict=True)
            if (first := _first_cell(line)) and not after.startswith("|---")  # not a heading
        ]
    return sheets


def _first_cell(line: str) -> str | None:
    found = re.match(r"\| ([^|]+?) \|", line)
    return found.group(1) if found and not line.startswith("|---") else None


def test_the_page_lists_every_sheet_and_column(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    built = returns.build_return(vault, "2026-10", tmp_path, today=date(2026, 11, 27))
    with zipfile.ZipFile(built.path) as bundle:
        book = load_workbook(io.BytesIO(bundle.read("return.xlsx")), read_only=True)
    documented = _documented(CONTENT_VERSION)
    assert list(documented) == book.sheetnames
    for name in book.sheetnames[2:]:  # About and Summary are described in words
        header = next(book[name].iter_rows(max_row=1, values_only=True))
        assert documented[name] == list(header), name
    summary_keys = [r[0] for r in book["Summary"].iter_rows(min_row=2, values_only=True)]
    assert documented["Summary"] == ["Key", "Figure", "Value", "Unit", *summary_keys]
    book.close()
