"""The programme manager's analysis on a fixed, hand-counted set of returns: every figure
of every cross-trust table as published (the analysis), as written in the combined
workbook (read back with openpyxl) and as printed in the programme report (pdftotext);
small counts suppressed, and never given away by a total, in the tables and the charts."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coordinator_app.domain.programme_figures import Analysis
from coordinator_app.domain.suppression import hidden_cells, publish_all
from coordinator_app.domain.trusts import all_trusts
from coordinator_app.export.consolidate import in_force, write_consolidated
from coordinator_app.export.programme_charts import counts_chart
from coordinator_app.export.programme_report import write_programme_report
from coordinator_app.export.programme_sheets import SHEETS, analyse_returns
from tests.export.programme_data import EXPECTED, MADE, N, accepted, workbooks

NAMES = {t.code: t.name for t in all_trusts()}


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    books = workbooks()
    return analyse_returns(in_force(accepted()), lambda r: books[(r.trust, r.sequence)], NAMES)


def test_every_figure_matches_the_hand_counts(analysis: Analysis) -> None:
    assert [t.code for t in analysis.trusts] == ["ABUHB", "KRH", "RUH"]
    assert (analysis.first_month, analysis.last_month) == ("2026-07", "2026-08")
    assert analysis.trusts[1].months == ("2026-07", "2026-08")
    published = {t.table.key: t for t in publish_all(analysis)}
    assert set(published) == set(EXPECTED) == set(SHEETS)
    for key, rows in EXPECTED.items():
        found = [
            (label, [c.text for c in cells])
            for label, cells in (*published[key].rows, *published[key].measures)
        ]
        assert found == rows, key


def test_no_suppressed_count_can_be_worked_out_from_a_total(analysis: Analysis) -> None:
    """In every line that adds up to a shown total, either nothing is hidden or at least two
    parts are: one hidden part alone would be the total less the others."""
    for table in analysis.tables:
        cells, hidden = hidden_cells(table)
        lines = [[(i, j) for j in range(len(row))] for i, row in enumerate(cells)]
        if table.total_label:
            lines += [[(i, j) for i in range(len(cells))] for j in range(len(cells[0]))]
        for line in lines:
            *parts, total = line
            parts = [p for p in parts if cells[p[0]][p[1]] is not None]
            if total in hidden or cells[total[0]][total[1]] is None:
                continue
            assert sum(p in hidden for p in parts) != 1, (table.key, line)


def test_a_version_1_return_says_not_in_the_returns_never_zero(analysis: Analysis) -> None:
    published = {t.table.key: t for t in publish_all(analysis)}
    for key in ("barriers_identified", "referrals", "lasted_6", "first_shift"):
        assert all(cells[0].text == N for _label, cells in published[key].rows)
    # Milestones are in version 1 returns too: ABUHB's three are counted.
    assert published["milestones"].rows[0][1][0].text == "<5"


def test_the_combined_workbook_has_the_cross_trust_sheets(
    analysis: Analysis, tmp_path: Path
) -> None:
    path = tmp_path / "combined.xlsx"
    used = accepted()
    write_consolidated(path, used, [], list(NAMES), date(2026, 9, 10), MADE, analysis)
    book = load_workbook(path, read_only=True)
    for key, rows in EXPECTED.items():
        sheet = list(book[SHEETS[key]].iter_rows(values_only=True))
        assert sheet[0][1:] == ("ABUHB", "KRH", "RUH", "Programme")
        body = [r for r in sheet[1 : len(rows) + 1]]
        for (label, texts), row in zip(rows, body, strict=True):
            assert row[0] == label
            # Shown counts are numbers in the workbook; what is hidden is its mark.
            assert [_as_text(v) for v in row[1:]] == texts, (key, label)
            for value, text in zip(row[1:], texts, strict=True):
                if text[0].isdigit() and "." not in text:
                    assert isinstance(value, int)
    definitions = {r[0]: r[1] for r in book["Programme definitions"].iter_rows(values_only=True)}
    assert definitions["Period covered"] == "2026-07 to 2026-08"
    assert "Kingston & Richmond" in definitions["Trust KRH"]
    assert "1 to 4" in definitions["Shown as <5"]
    book.close()


def _as_text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}" if not value.is_integer() or value < 5 else f"{value:.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def test_the_report_prints_every_figure_and_names_each_trust(
    analysis: Analysis, tmp_path: Path
) -> None:
    path = write_programme_report(tmp_path / "report.pdf", analysis, MADE)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "programme progress report" in " ".join(text.split())
    assert "July 2026 to August 2026" in text
    for name in ("Aneurin Bevan UHB", "Kingston & Richmond", "Royal United Hospitals Bath"):
        assert name in text
    lines = [re.sub(r"\s{2,}", "|", line.strip()) for line in text.splitlines()]
    for key, rows in EXPECTED.items():
        for label, texts in rows:
            # A table row reads: label, then each trust's cell and the programme's.
            wanted = "|".join([label, *texts])
            assert wanted in lines, (key, wanted)
    pages = text.split("\f")
    assert "Definitions" in pages[-2] and "1 to 4" in pages[-2]


def test_charts_draw_no_hidden_count(analysis: Analysis) -> None:
    """A "<5" is a band the height of 5, labelled so; a "*" has no bar; nothing else moves."""
    published = {t.table.key: t for t in publish_all(analysis)}
    table = published["barriers_identified"]  # ABUHB none, KRH * and <5, RUH <5 and *
    drawing = counts_chart(table, ["ABUHB", "KRH", "RUH"])
    assert drawing is not None
    chart = drawing.contents[0]
    # Series drawn bottom-up (RUH, KRH, ABUHB), categories bottom-up (Housing, English).
    assert chart.data == [[0, 5], [5, 0], [0, 0]]
    assert chart.barLabelArray == [["*", "<5"], ["<5", "*"], ["no data", "no data"]]
    assert chart.valueAxis.valueStep == 5


def test_a_chart_shows_counts_of_five_and_more_as_they_are(analysis: Analysis) -> None:
    published = {t.table.key: t for t in publish_all(analysis)}
    drawing = counts_chart(published["lasted_12"], ["ABUHB", "KRH", "RUH"])
    assert drawing is not None
    chart = drawing.contents[0]
    assert chart.data[1] == [6]  # KRH: six in post at twelve months; other rows all zero
