"""The return's `summary.pdf`: the period's figures as tables and charts for people who will
not open a spreadsheet, with barriers identified against resolved. Published counts of 1
to 4 are shown as "<5" so nobody can be picked out; the workbook keeps the exact figures
for the programme manager."""

from __future__ import annotations

from datetime import date

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from coordinator_app.domain.return_figures import BarrierCount, MonthHours
from coordinator_app.export.pdf import BOLD, REGULAR, build_pdf, esc, styles, table_style
from coordinator_app.export.return_workbook import Figure, ReturnContent

SERVICE_COLOUR = colors.HexColor("#005EB8")  # NHS blue
TRAINING_COLOUR = colors.HexColor("#FFB81C")  # NHS warm yellow: apart from blue in grey too


def published(count: int) -> str:
    """A count as the summary shows it: 1-4 suppressed, so a person cannot be singled out."""
    return "<5" if 1 <= count <= 4 else f"{count:,}"


def shown(figure: Figure) -> str:
    if figure.unit == "minutes":
        return f"{figure.value / 60:,.1f} hours"
    if figure.unit == "pence":
        return f"£{figure.value / 100:,.2f}"
    if figure.unit in ("people", "records"):
        return published(figure.value)
    return f"{figure.value:,}"


def write_return_summary(content: ReturnContent) -> bytes:
    s = styles()
    rows: list[list[object]] = [["Figure", "This period"]]
    rows += [[Paragraph(esc(f.label), s["body"]), shown(f)] for f in content.figures]
    table = Table(rows, colWidths=[120 * mm, 40 * mm], repeatRows=1)
    table.setStyle(
        table_style(
            ("FONTNAME", (0, 0), (-1, 0), BOLD),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F0F4F5")]),
        )
    )
    story = [
        Paragraph("Trust return: summary", s["title"]),
        Paragraph(
            f"{esc(content.trust_name)} ({esc(content.trust_code)}), period "
            f"{esc(content.period_label)}: {content.period_start:%d/%m/%Y} to "
            f"{content.period_end:%d/%m/%Y}",
            s["subtitle"],
        ),
        Spacer(1, 6 * mm),
        table,
        Spacer(1, 6 * mm),
        Paragraph("Hours by month", s["heading"]),
        hours_chart(content.months),
        *barriers_table(content.barriers),
        Spacer(1, 4 * mm),
        *[Paragraph(esc(note), s["small"]) for note in content.notes],
        Paragraph(
            'Counts from 1 to 4 are shown as "&lt;5" so that nobody can be identified; the '
            "signed workbook holds the exact figures.",
            s["small"],
        ),
        Paragraph(f"Created {content.created_at:%d/%m/%Y %H:%M} UTC by Coordinator.", s["small"]),
    ]
    title = f"Trust return {content.trust_code} {content.period_label}"
    return build_pdf(story, title, margins_mm=(22, 18))


def barriers_table(counts: tuple[BarrierCount, ...]) -> list[Flowable]:
    """Barriers identified against resolved in the period, and open at its end; a table,
    not a chart, so small counts can be shown as "<5"."""
    if not counts:
        return []
    shown_rows = [c for c in counts if c.identified or c.resolved or c.still_open]
    s = styles()
    heading = Paragraph("Barriers to work: identified and resolved", s["heading"])
    if not shown_rows:
        return [Spacer(1, 4 * mm), heading, Paragraph("No barriers recorded.", s["body"])]
    rows: list[list[object]] = [["Barrier", "Identified", "Resolved", "Open at end"]]
    rows += [
        [
            Paragraph(esc(c.label), s["body"]),
            published(c.identified),
            published(c.resolved),
            published(c.still_open),
        ]
        for c in shown_rows
    ]
    rows.append(
        [
            "All barriers",
            published(sum(c.identified for c in shown_rows)),
            published(sum(c.resolved for c in shown_rows)),
            published(sum(c.still_open for c in shown_rows)),
        ]
    )
    table = Table(rows, colWidths=[85 * mm, 25 * mm, 25 * mm, 25 * mm], repeatRows=1)
    table.setStyle(
        table_style(
            ("FONTNAME", (0, 0), (-1, 0), BOLD),
            ("FONTNAME", (0, -1), (-1, -1), BOLD),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        )
    )
    return [Spacer(1, 4 * mm), heading, table]


def hours_chart(months: tuple[MonthHours, ...]) -> Drawing:
    drawing = Drawing(160 * mm, 62 * mm)
    if not months:
        empty = "No hours recorded in this period."
        drawing.add(String(10, 90, empty, fontName=REGULAR, fontSize=10))
        return drawing
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 15 * mm, 10 * mm, 110 * mm, 48 * mm
    chart.data = [
        [round(m.service_minutes / 60, 1) for m in months],
        [round(m.training_minutes / 60, 1) for m in months],
    ]
    # "Oct 25" rather than "2025-10", so twelve months fit under their bars.
    chart.categoryAxis.categoryNames = [
        f"{date(int(m.month[:4]), int(m.month[5:]), 1):%b %y}" for m in months
    ]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "{:,.0f}".format
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = SERVICE_COLOUR
    chart.bars[1].fillColor = TRAINING_COLOUR
    drawing.add(chart)
    legend = Legend()
    legend.fontName = REGULAR
    legend.x, legend.y = 130 * mm, 50 * mm
    legend.colorNamePairs = [(SERVICE_COLOUR, "Service hours"), (TRAINING_COLOUR, "Training hours")]
    drawing.add(legend)
    return drawing
