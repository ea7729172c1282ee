"""The progress report PDF for a trust board or the funder: headline figures, charts with
their figures beside them, and short definitions. Counts of 1 to 4 are shown as "<5"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from coordinator_app.domain.dashboard import Counted, Dashboard
from coordinator_app.domain.periods import ReturnPeriod
from coordinator_app.domain.return_figures import MonthHours
from coordinator_app.export.pdf import REGULAR, build_atomically, esc, styles, table_style
from coordinator_app.export.return_summary import SERVICE_COLOUR, hours_chart, published, shown
from coordinator_app.export.return_workbook import Figure


@dataclass(frozen=True)
class ProgressReport:
    trust_name: str
    figures: tuple[Figure, ...]  # the return's headline figures for the period
    dashboard: Dashboard  # the period's pipeline, milestones, outcomes, distance, barriers
    year_months: tuple[MonthHours, ...]  # the twelve months to the period's end

    @property
    def period(self) -> ReturnPeriod:
        return self.dashboard.period


DEFINITIONS = (
    ("Active volunteers", "attended at least one shift or session in the period."),
    ("Service hours", "hours on wards and departments, attended or late shifts only."),
    ("Training hours", "workshops, classes and sessions attended."),
    (
        "Distance travelled",
        "each person's latest self-rating (1 to 5) minus their first, "
        "averaged over the people rated at least twice.",
    ),
    ("Small numbers", "counts of 1 to 4 are shown as <5 so that nobody can be identified."),
)


def _table(rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
    s = styles()
    body = [[Paragraph(esc(cell), s["small"]) for cell in row] for row in rows]
    table = Table(body, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        table_style(
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F0F4F5")]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        )
    )
    return table


# A published chart never draws a count of 1-4 at its height: such a bar is drawn as a pale
# "<5" band (the height of 5), and the value axis steps in fives, so neither the bar nor the
# axis tells 1 from 4 where the table says <5.
SMALL_BAND = 5
BAND_COLOUR = colors.HexColor("#C9DDEB")


def published_bars(counts: Sequence[int]) -> tuple[list[int], list[str]]:
    """Bar heights and their labels for publication: 1-4 becomes a band of 5 labelled "<5"."""
    heights = [SMALL_BAND if 1 <= n < SMALL_BAND else n for n in counts]
    return heights, [published(n) for n in counts]


def value_step(top: int) -> int:
    """A tick step in whole fives (5, 10, 20, 25, 50, 100 …), at most six ticks to ``top``."""
    scale = 1
    while True:
        for step in (5 * scale, 10 * scale, 20 * scale, 25 * scale, 50 * scale):
            if top <= 6 * step:
                return step
        scale *= 10


def _bars(pairs: Sequence[Counted]) -> Drawing:
    # 6 mm a bar: each label gets its own line.
    drawing = Drawing(160 * mm, (12 + 6 * len(pairs)) * mm)
    if not pairs:
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 8 * mm
    chart.width, chart.height = 90 * mm, drawing.height - 10 * mm
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    ordered = list(reversed(pairs))
    heights, labels = published_bars([p.count for p in ordered])
    chart.data = [heights]
    chart.categoryAxis.categoryNames = [p.label[:40] for p in ordered]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = value_step(max(heights))
    chart.valueAxis.valueMax = max(heights) + (-max(heights)) % chart.valueAxis.valueStep
    chart.bars[0].fillColor = SERVICE_COLOUR
    for n, label in enumerate(labels):
        if label == "<5":
            chart.bars[(0, n)].fillColor = BAND_COLOUR
    chart.barLabelFormat = "values"  # the labels are barLabelArray, as given
    chart.barLabelArray = [labels]
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    return drawing


def _counted(title: str, pairs: Sequence[Counted]) -> list[Flowable]:
    s = styles()
    if not pairs:
        return [Paragraph(title, s["heading"]), Paragraph("None recorded.", s["small"])]
    return [
        Paragraph(title, s["heading"]),
        _bars(pairs),
        _table([("", "Number"), *[(p.label, published(p.count)) for p in pairs]], (120, 40)),
    ]


def write_progress_report(path: Path, report: ProgressReport) -> None:
    s = styles()
    period, board = report.period, report.dashboard
    story: list[Flowable] = [
        Paragraph("Refugee Volunteer to Career: progress report", s["title"]),
        Paragraph(
            f"{esc(report.trust_name)}, {period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}",
            s["subtitle"],
        ),
        Spacer(1, 6 * mm),
        Paragraph("Headline figures", s["heading"]),
        _table(
            [("Figure", "This period"), *[(f.label, shown(f)) for f in report.figures]], (120, 40)
        ),
        PageBreak(),
        Paragraph("Hours by month, the twelve months to the period's end", s["heading"]),
        hours_chart(report.year_months),
        _table(
            [
                ("Month", "Service hours", "Training hours"),
                *[
                    (m.month, f"{m.service_minutes / 60:,.1f}", f"{m.training_minutes / 60:,.1f}")
                    for m in report.year_months
                ],
            ],
            (50, 55, 55),
        ),
        PageBreak(),
        *_counted("Volunteers by stage, now", board.pipeline),
        *_counted(
            "Career milestones achieved in the period, by pathway", board.milestones_by_pathway
        ),
        *_counted("Outcomes that started in the period", board.outcomes),
        Paragraph("Distance travelled (self-ratings, 1 to 5)", s["heading"]),
        _table(
            [
                ("Scale", "First (average)", "Latest (average)", "Change", "People"),
                *[
                    (
                        d.scale,
                        f"{d.first:.2f}",
                        f"{d.latest:.2f}",
                        f"{d.change:+.2f}",
                        published(d.people),
                    )
                    for d in board.distance
                ],
            ],
            (45, 30, 30, 25, 30),
        ),
        *_counted("Barriers to work named by current volunteers", board.barriers),
        Paragraph("Definitions", s["heading"]),
        *[
            Paragraph(f"<b>{esc(term, bold=True)}</b>: {esc(text)}", s["small"])
            for term, text in DEFINITIONS
        ],
    ]
    build_atomically(path, story, f"Progress report {period.label}")
