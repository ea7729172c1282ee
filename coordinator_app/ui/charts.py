"""The dashboard's charts, drawn with matplotlib's Qt backend (Agg).

Why matplotlib: Qt Charts is deprecated (and not in the PySide6-Essentials wheel); pyqtgraph
is built for fast, interactive scientific plots and has no bar labels or hatching of its
own; matplotlib is the best-kept Python charting library, draws bar charts with values on
the bars, hatching (so series differ without colour) and any font size, and saves the same
figure as a PNG at print resolution. It is imported on the database thread the first time
the dashboard loads, so neither start-up nor the window pays for it.

Colours: the Okabe-Ito palette (distinct for the common colour-vision deficiencies), every
bar outlined in the text colour and the second series hatched; background and text come
from the window's palette, so dark mode and high-contrast themes carry through."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from coordinator_app.files import write_atomically

if TYPE_CHECKING:
    from matplotlib.figure import Figure

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")
HATCHES = ("", "///", "..", "xx")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartSpec:
    """One chart and the table carrying the same figures."""

    title: str
    kind: Literal["bars", "columns"]  # horizontal bars, or columns (months along the bottom)
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_axis: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    value_format: str = "{:g}"

    @property
    def empty(self) -> bool:
        return not self.categories or not any(v for s in self.series for v in s.values)


@dataclass(frozen=True)
class Colours:
    background: str
    text: str
    grid: str

    @staticmethod
    def now() -> Colours:
        """The application's palette: matplotlib gives its canvas a white one of its own."""
        palette = QGuiApplication.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        return Colours(
            palette.color(QPalette.ColorRole.Base).name(),
            text.name(),
            palette.color(QPalette.ColorRole.Mid).name(),
        )


def draw(figure: Figure, spec: ChartSpec, colours: Colours, font_points: float) -> None:
    """Draws ``spec`` on ``figure`` (cleared first), text at the window's font size."""
    figure.clear()
    figure.set_facecolor(colours.background)
    axes = figure.add_subplot()
    axes.set_facecolor(colours.background)
    for side in axes.spines.values():
        side.set_color(colours.text)
    axes.tick_params(colors=colours.text, labelsize=font_points)
    # Over the whole figure, so a long title is not cut where the axes end.
    figure.suptitle(spec.title, color=colours.text, fontsize=font_points * 1.15)
    if spec.empty:
        axes.set_axis_off()
        axes.text(
            0.5,
            0.5,
            "Nothing recorded in this period.",
            ha="center",
            va="center",
            color=colours.text,
            fontsize=font_points,
            transform=axes.transAxes,
        )
        return
    count = len(spec.series)
    width = 0.8 / count
    positions = range(len(spec.categories))
    for n, series in enumerate(spec.series):
        offset = [p - 0.4 + width * (n + 0.5) for p in positions]
        colour, hatch = OKABE_ITO[n % len(OKABE_ITO)], HATCHES[n % len(HATCHES)]
        if spec.kind == "bars":
            bars = axes.barh(
                offset,
                series.values,
                height=width,
                color=colour,
                edgecolor=colours.text,
                hatch=hatch,
                linewidth=0.8,
                label=series.name,
            )
        else:
            bars = axes.bar(
                offset,
                series.values,
                width=width,
                color=colour,
                edgecolor=colours.text,
                hatch=hatch,
                linewidth=0.8,
                label=series.name,
            )
        labels = [spec.value_format.format(v) if v else "" for v in series.values]
        axes.bar_label(
            bars, labels=labels, padding=2, color=colours.text, fontsize=font_points * 0.85
        )
    if spec.kind == "bars":
        axes.set_yticks(list(positions), spec.categories)
        axes.invert_yaxis()  # the first category on top, as in the table
        axes.set_xlabel(spec.value_axis, color=colours.text, fontsize=font_points)
        axes.grid(axis="x", color=colours.grid, linewidth=0.5)
        axes.margins(x=0.15)
    else:
        axes.set_xticks(list(positions), spec.categories, rotation=45 if len(positions) > 6 else 0)
        axes.set_ylabel(spec.value_axis, color=colours.text, fontsize=font_points)
        axes.grid(axis="y", color=colours.grid, linewidth=0.5)
        axes.margins(y=0.15)
    axes.set_axisbelow(True)
    if count > 1:  # below the chart, where it covers no bar
        legend = figure.legend(
            loc="outside lower center",
            ncols=count,
            fontsize=font_points * 0.9,
            facecolor=colours.background,
            edgecolor=colours.text,
            labelcolor=colours.text,
        )
        legend.get_frame().set_linewidth(0.8)


def chart_canvas(parent: QWidget, spec: ChartSpec) -> QWidget:
    """A Qt widget showing ``spec``; ``save_png`` writes the same figure to a file."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

    # Constrained layout fits labels again at every size the window gives the chart.
    canvas = FigureCanvasQTAgg(Figure(layout="constrained"))  # type: ignore[no-untyped-call]
    lines = parent.fontMetrics().height()
    canvas.setMinimumHeight(lines * (8 + len(spec.categories) if spec.kind == "bars" else 16))
    canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    canvas.setAccessibleName(f"{spec.title}: chart (the table view lists the same figures)")
    redraw(canvas, spec)
    return canvas


def redraw(canvas: QWidget, spec: ChartSpec) -> None:
    figure = canvas.figure  # type: ignore[attr-defined]
    draw(figure, spec, Colours.now(), canvas.font().pointSizeF())
    canvas.draw_idle()  # type: ignore[attr-defined]


def save_png(canvas: QWidget, path: Path) -> None:
    """The figure as shown, at print resolution, written atomically."""
    out = io.BytesIO()
    figure = canvas.figure  # type: ignore[attr-defined]
    figure.savefig(out, format="png", dpi=200, facecolor=figure.get_facecolor())
    write_atomically(path, out.getvalue())


def self_check(folder: Path) -> str:
    """For ``coordinator self-test``: a chart drawn in a Qt widget and saved as a PNG in
    ``folder``, so an installed copy missing a piece of matplotlib or of its Qt backend
    fails the self-test instead of showing an empty dashboard."""
    import os

    import matplotlib
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # nothing shown to anyone
        app = QApplication([])
    spec = ChartSpec(
        title="Self-test",
        kind="columns",
        categories=("Oct 26", "Nov 26"),
        series=(Series("Service hours", (4.0, 6.0)), Series("Training hours", (2.0, 0.0))),
        value_axis="Hours",
        headers=("Month", "Service hours", "Training hours"),
        rows=(("October 2026", "4.0", "2.0"), ("November 2026", "6.0", "0.0")),
    )
    host = QWidget()
    canvas = chart_canvas(host, spec)
    path = folder / "chart.png"
    save_png(canvas, path)
    if not path.read_bytes().startswith(b"\x89PNG"):
        raise OSError("the chart was not saved as a PNG")
    return (
        f"matplotlib {matplotlib.__version__} with its Qt backend; {path.stat().st_size:,}-byte PNG"
    )
