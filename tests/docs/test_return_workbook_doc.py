"""docs/return-workbook.md documents the workbook the app writes: its version, every sheet
with every column, and every Summary figure, so a reader can rely on it."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from coordinator_app.data.vault import Vault
from coordinator_app.domain.periods import parse_period
from coordinator_app.domain.return_figures import FIGURES
from coordinator_app.export.return_workbook import CONTENT_VERSION
from coordinator_app.services.returns import return_content

DOC = Path(__file__).resolve().parents[2] / "docs" / "return-workbook.md"


def test_every_sheet_column_and_figure_is_documented(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    text = DOC.read_text(encoding="utf-8")
    assert f"**Current version: {CONTENT_VERSION}.**" in text
    sections = dict(re.findall(r"^### (.+?)\n(.*?)(?=^### |^## |\Z)", text, re.M | re.S))
    with vault.unit_of_work() as session:
        content = return_content.gather(session, parse_period("2026-Q3"), datetime(2026, 10, 1))
        for sheet in content.sheets:
            assert sheet.name in sections, f"sheet {sheet.name} is not documented"
            for column in sheet.columns:
                assert f"| {column.name} |" in sections[sheet.name], (sheet.name, column.name)
    for figure in FIGURES:
        assert f"| `{figure.key}` |" in sections["Summary"], figure.key
