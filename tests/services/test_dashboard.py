"""The dashboard and the progress report on a small fixed data set: every figure against
the values counted by hand in tests/services/dashboard_data.py, and the PDF read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader

from coordinator_app.data.vault import Vault
from coordinator_app.domain.dashboard import Counted, period_choices
from coordinator_app.domain.periods import parse_period
from coordinator_app.services.reports import progress_report
from coordinator_app.services.reports.dashboard import build_dashboard
from tests.services import dashboard_data


def test_every_dashboard_figure_matches_a_hand_count(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    dashboard_data.fill(vault)
    board = build_dashboard(vault, parse_period("2026-Q4"))
    assert board.active_volunteers == 3
    assert board.pipeline == (
        Counted("Enquiry", 1),
        Counted("Onboarding", 1),
        Counted("Active or paused now", 2),
        Counted("With an outcome", 2),
    )
    assert [(m.month, m.service_minutes, m.training_minutes) for m in board.months] == [
        ("2026-10", 12 * 60, 0),
        ("2026-11", 0, 2 * 60),
        ("2026-12", 0, 0),
    ]
    assert board.milestones_by_pathway == (Counted("Healthcare support worker", 1),)
    assert board.outcomes == (Counted("Training or course", 1),)
    assert board.barriers == (
        Counted("English language", 2),
        Counted("Confidence", 1),
        Counted("Travel cost or distance", 1),
    )
    distance = {d.scale: (d.first, d.latest, d.change, d.people) for d in board.distance}
    assert distance["Confidence"] == (1.5, 3.0, 1.5, 2)  # a 2->4, b 1->2; c rated once
    assert distance["English"] == (2.0, 3.0, 1.0, 1)  # b was asked only once
    assert distance["Belonging"] == (2.5, 3.5, 1.0, 2)
    assert distance["Career clarity"] == (1.5, 2.0, 0.5, 2)


def test_the_period_changes_every_period_figure(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    dashboard_data.fill(vault)
    september = build_dashboard(vault, parse_period("2026-09"))
    assert september.active_volunteers == 1  # a's shift on the 28th
    assert september.service_minutes == 4 * 60 and september.training_minutes == 0
    assert september.milestones_by_pathway == (Counted("Healthcare support worker", 1),)
    assert september.outcomes == (Counted("Paid job", 1),)
    # Reviews up to September's end: only a's June one and b's July one, once each.
    assert all(d.people == 0 for d in september.distance)


def test_the_period_picker_offers_twelve_months_then_quarters_then_months() -> None:
    offered = period_choices(date(2026, 11, 27))
    labels = [label for label, _ in offered]
    assert labels[0] == "Last 12 months"
    assert offered[0][1].start == date(2025, 12, 1) and offered[0][1].end == date(2026, 11, 27)
    assert labels[1].startswith("2026-Q4") and labels[8].startswith("2025-Q1")
    assert labels[9] == "November 2026" and labels[-1] == "December 2025"


def test_the_progress_report_reads_back_with_small_counts_suppressed(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    dashboard_data.fill(vault)
    report = progress_report.build(vault, "2026-Q4")
    assert len(report.year_months) == 12 and report.year_months[-1].month == "2026-12"
    assert report.year_months[-4].service_minutes == 4 * 60  # September, in the year view
    out = tmp_path / "report.pdf"
    progress_report.write(vault, "2026-Q4", out)
    pages = PdfReader(out).pages
    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    assert len(pages) >= 2 and "progress report" in text
    assert "Healthcare support worker <5" in text and "English language <5" in text
    assert "Confidence 1.50 3.00 +1.50 <5" in text
    assert "counts of 1 to 4 are shown as <5" in text
    assert "Generated" not in text and "Dashboard-a" not in text  # nobody is named


def test_published_charts_draw_small_counts_as_a_band_not_their_height() -> None:
    """The progress report's bars: a count of 1-4 is drawn as a "<5" band of height 5, and the
    value axis steps in fives, so the chart tells no more than the table's "<5"."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart

    from coordinator_app.export.progress_report import _bars, value_step

    drawing = _bars([Counted("Enquiry", 1), Counted("Onboarding", 4), Counted("Active", 12)])
    chart = next(c for c in drawing.contents if isinstance(c, HorizontalBarChart))
    assert chart.data == [[12, 5, 5]]  # reversed: the first pair is drawn at the top
    assert chart.barLabelArray == [["12", "<5", "<5"]]
    assert chart.valueAxis.valueStep % 5 == 0 and chart.valueAxis.valueMin == 0
    assert chart.valueAxis.valueMax % chart.valueAxis.valueStep == 0
    assert [value_step(n) for n in (5, 12, 31, 60, 149, 1000)] == [5, 5, 10, 10, 25, 200]
    # As drawn: the bars say "<5", and no tick or label between 1 and 4 appears.
    import io

    from reportlab.graphics import renderPDF

    drawn = PdfReader(io.BytesIO(renderPDF.drawToString(drawing))).pages[0].extract_text()
    words = drawn.split()
    assert words.count("<5") == 2 and "12" in words
    assert not {"1", "2", "3", "4"} & set(words)
