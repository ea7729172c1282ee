"""Charts for the programme report: each trust's bars side by side for every row of a
table, drawn with reportlab's graphics (the export layer draws no matplotlib).

Suppression is drawn as the tables say it: a count of 1 to 4 is a pale band the height of
5 labelled "<5" (the coordinator's progress report does the same, and the value axis steps
in fives), a cell hidden to protect another has no bar and is labelled "*", and a trust
whose returns lack the figure has no bar and says so. No bar is ever drawn at a hidden
height."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm

from coordinator_app.domain.suppression import PublishedTable, Shown
from coordinator_app.export.pdf import REGULAR
from coordinator_app.export.progress_report import SMALL_BAND, value_step

# NHS identity colours, one a trust, apart in grey too (blue, warm yellow, green, pink, purple).
TRUST_COLOURS = ("#005EB8", "#FFB81C", "#009639", "#AE2573", "#330072", "#768692")
WIDTH = 160 * mm
LABEL_ROOM = 58 * mm


def trust_colour(n: int) -> colors.Color:
    return colors.HexColor(TRUST_COLOURS[n % len(TRUST_COLOURS)])


def pale(colour: colors.Color) -> colors.Color:
    """The colour a "<5" band is drawn in: the trust's own, washed out."""
    return colors.linearlyInterpolatedColor(colour, colors.white, 0, 1, 0.65)


def bar_height(cell: Shown) -> float:
    """What a published cell may be drawn as: its value, a band of 5 for "<5", else 0."""
    if cell.state == "small":
        return SMALL_BAND
    return cell.value if cell.state == "shown" and cell.value is not None else 0.0


def bar_label(cell: Shown) -> str:
    return "no data" if cell.state == "missing" else cell.text


def counts_chart(table: PublishedTable, trusts: Sequence[str]) -> Drawing | None:
    """One bar per trust for each row with anything to show (rows of zeros are left to the
    table); None when there is nothing to draw."""
    rows = [(label, cells[: len(trusts)]) for label, cells in table.body]
    rows = [(label, cells) for label, cells in rows if any(bar_height(c) > 0 for c in cells)]
    if not rows:
        return None
    series = [[cells[n] for _label, cells in rows] for n in range(len(trusts))]
    return _clustered([label for label, _ in rows], series, list(trusts), counts=True)


def measures_chart(
    table: PublishedTable, pairs: Sequence[tuple[int, int]], names: Sequence[str]
) -> Drawing | None:
    """The programme's averages, side by side per row: ``pairs`` are (first, latest)
    measure indexes for each category; ``names`` the two series' names."""
    programme = [
        [table.measures[i][1][-1] for i, _ in pairs],
        [table.measures[j][1][-1] for _, j in pairs],
    ]
    if not any(bar_height(c) > 0 for s in programme for c in s):
        return None
    labels = [table.body[n][0].split(":")[0] for n in range(len(pairs))]
    return _clustered(labels, programme, list(names), counts=False)


def _clustered(
    categories: Sequence[str], series: Sequence[Sequence[Shown]], names: Sequence[str], counts: bool
) -> Drawing:
    bar = 3.2 * mm if len(series) <= 3 else 2.4 * mm
    group = bar * len(series) + 3 * mm
    legend_room = 5 * mm * ((len(names) + 2) // 3)
    height = group * len(categories) + 12 * mm + legend_room
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = LABEL_ROOM, 8 * mm
    chart.width, chart.height = WIDTH - LABEL_ROOM - 14 * mm, group * len(categories)
    chart.barWidth, chart.groupSpacing, chart.barSpacing = bar, 3 * mm, 0
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    # reportlab draws the first category at the bottom: reversed, the chart reads as the table.
    order = list(reversed(range(len(categories))))
    chart.categoryAxis.categoryNames = [_short(categories[i]) for i in order]
    top = max([bar_height(cell) for s in series for cell in s] + [1])
    chart.valueAxis.valueMin = 0
    if counts:
        step = chart.valueAxis.valueStep = value_step(int(top))
        # A step to spare past the longest bar, for its label.
        chart.valueAxis.valueMax = top + (-top) % step + (step if top % step == 0 else 0)
        chart.valueAxis.labelTextFormat = "{:,.0f}".format
    else:  # self-ratings run from 1 to 5
        chart.valueAxis.valueMax, chart.valueAxis.valueStep = 5, 1
    # Within a group too the first series is drawn lowest: reversed, the first trust is on top.
    drawn = list(reversed(range(len(series))))
    chart.data = [[bar_height(series[n][i]) for i in order] for n in drawn]
    for position_n, n in enumerate(drawn):
        colour = trust_colour(n)
        chart.bars[position_n].fillColor = colour
        chart.bars[position_n].strokeColor = None
        for position, i in enumerate(order):
            if series[n][i].state == "small":
                chart.bars[(position_n, position)].fillColor = pale(colour)
    chart.barLabelFormat = "values"  # the labels are barLabelArray, as given
    chart.barLabelArray = [[bar_label(series[n][i]) for i in order] for n in drawn]
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    legend = Legend()
    legend.fontName, legend.fontSize = REGULAR, 7.5
    legend.alignment = "right"
    legend.columnMaximum = 1 if len(names) <= 3 else 2
    legend.x, legend.y = LABEL_ROOM, height - 2 * mm
    legend.dx = legend.dy = 6
    legend.deltax = 40 * mm
    legend.colorNamePairs = [(trust_colour(n), name) for n, name in enumerate(names)]
    drawing.add(legend)
    return drawing


def _short(label: str) -> str:
    return label if len(label) <= 42 else label[:41] + "…"
