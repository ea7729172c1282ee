"""The dashboard's charts, drawn with matplotlib (Agg) off the window's thread.

Why matplotlib: Qt Charts is deprecated (and not in the PySide6-Essentials wheel); pyqtgraph
is built for fast, interactive scientific plots and has no bar labels or hatching of its
own; matplotlib is the best-kept Python charting library, draws bar charts with values on
the bars, hatching (so series differ without colour) and any font size, and saves the same
figure as a PNG at print resolution. It is imported on the report worker the first time
the dashboard draws, so neither start-up nor the window pays for it.

Why off the window's thread: one chart takes 40-90 ms to draw on a slow laptop, six take
most of a second, and drawing them in the window (matplotlib's Qt canvas) froze it at every
period change and resize. A ``ChartView`` asks for a picture of its size on the report
worker (not the database thread: a drawing needs no connection, and must not wait behind
queries, nor hold them up) and shows the last one, stretched, until the new one comes.

Colours: the Okabe-Ito palette (distinct for the common colour-vision deficiencies), every
bar outlined in the text colour and the second series hatched; background and text come
from the window's palette, so dark mode and high-contrast themes carry through."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import QEvent, QRectF, QTimer
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from coordinator_app.files import write_atomically
from coordinator_app.ui.session.ops import Operation

if TYPE_CHECKING:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PySide6.QtGui import QPaintEvent, QResizeEvent

SCREEN_DPI = 100  # matplotlib's own: text and lines as its Qt canvas drew them
PRINT_DPI = 200
RESIZE_PAUSE_MS = 150  # redraw once the window stops changing size, not at every step
FIRST_DRAW_MS = 150  # at the latest, for a view not painted yet (see ChartView)
# matplotlib keeps caches shared by every figure: one drawing at a time, on any thread.
_drawing = threading.Lock()

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
        style: dict[str, Any] = {
            "color": OKABE_ITO[n % len(OKABE_ITO)],
            "hatch": HATCHES[n % len(HATCHES)],
            "edgecolor": colours.text,
            "linewidth": 0.8,
            "label": series.name,
        }
        if spec.kind == "bars":
            bars = axes.barh(offset, series.values, height=width, **style)
        else:
            bars = axes.bar(offset, series.values, width=width, **style)
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


@dataclass(frozen=True)
class Picture:
    """A drawn chart: RGBA pixels, ``width`` x ``height``."""

    width: int
    height: int
    rgba: bytes


def _canvas(
    spec: ChartSpec, colours: Colours, font_points: float, pixels: tuple[int, int]
) -> FigureCanvasAgg:
    """``spec`` drawn on a figure of ``pixels`` (logical) on its own Agg canvas (no pyplot,
    no window: safe on a worker thread)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # Constrained layout fits the labels again at every size the window gives the chart.
    size = (pixels[0] / SCREEN_DPI, pixels[1] / SCREEN_DPI)
    figure = Figure(figsize=size, dpi=SCREEN_DPI, layout="constrained")
    canvas = FigureCanvasAgg(figure)
    draw(figure, spec, colours, font_points)
    return canvas


def picture(
    spec: ChartSpec, colours: Colours, font_points: float, pixels: tuple[int, int], ratio: float
) -> Picture:
    """``spec`` drawn to fill ``pixels`` (logical) on a screen of device pixel ``ratio``."""
    with _drawing:
        canvas = _canvas(spec, colours, font_points, pixels)
        canvas.figure.set_dpi(SCREEN_DPI * ratio)
        canvas.draw()  # type: ignore[no-untyped-call]
        buffer = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
        return Picture(buffer.shape[1], buffer.shape[0], bytes(buffer))


def png(spec: ChartSpec, colours: Colours, font_points: float, pixels: tuple[int, int]) -> bytes:
    """The chart as shown at ``pixels`` (logical), as a PNG at print resolution."""
    out = io.BytesIO()
    with _drawing:
        figure = _canvas(spec, colours, font_points, pixels).figure
        figure.savefig(out, format="png", dpi=PRINT_DPI, facecolor=figure.get_facecolor())
    return out.getvalue()


class ChartView(QWidget):
    """One chart, drawn on the worker thread at the view's size; until a new picture comes
    it shows the last one stretched, so the window never waits for matplotlib."""

    def __init__(self, spec: ChartSpec) -> None:
        super().__init__()
        self.spec = spec
        self.picture: QImage | None = None
        # The newest request, in a plain list the worker may read (never the widget itself):
        # a request overtaken before its turn is not drawn, and one overtaken since is dropped.
        self._asked = [0]
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.timeout.connect(self._ask)
        # The first drawing waits for this view's first paint (or FIRST_DRAW_MS, for a view
        # scrolled out of sight): a drawing on the worker during the window's first layout
        # and paint made that paint wait for Python's lock at each of its callbacks (the
        # dashboard's six charts held the window for 100 ms; 30 ms now).
        self._painted = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._fit()

    def _fit(self) -> None:
        lines = self.fontMetrics().height()
        spec = self.spec
        self.setMinimumHeight(lines * (8 + len(spec.categories) if spec.kind == "bars" else 16))
        self.setAccessibleName(f"{spec.title}: chart (the table view lists the same figures)")

    def show_spec(self, spec: ChartSpec) -> None:
        self.spec = spec
        self._fit()
        self._redraw(0)

    def _redraw(self, after_ms: int) -> None:
        self._pause.start(after_ms if self._painted else max(after_ms, FIRST_DRAW_MS))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._redraw(RESIZE_PAUSE_MS if self.picture is not None else 0)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._fit()  # dark mode, high contrast or a new text size
            self._redraw(0)

    def _ask(self) -> None:
        if self.width() < 2 or self.height() < 2:
            return
        newest = self._asked
        newest[0] += 1
        asked, ratio = newest[0], self.devicePixelRatioF()
        spec, colours, points, pixels = self._looks()

        def draw_if_newest(_: object) -> Picture | None:
            return picture(spec, colours, points, pixels, ratio) if newest[0] == asked else None

        def drawn(result: Picture | None) -> None:
            if result is None or asked != newest[0]:
                return
            image = QImage(result.rgba, result.width, result.height, QImage.Format.Format_RGBA8888)
            self.picture = image.copy()  # its own pixels, not the worker's bytes
            self.picture.setDevicePixelRatio(ratio)
            self.update()

        Operation(self, draw_if_newest, drawn).on_report_worker().run()

    def _looks(self) -> tuple[ChartSpec, Colours, float, tuple[int, int]]:
        """What a drawing takes from the window (read here, on the window's thread)."""
        return self.spec, Colours.now(), self.font().pointSizeF(), (self.width(), self.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        if self.picture is not None:
            painter.drawImage(QRectF(self.rect()), self.picture)
        painter.end()
        if not self._painted:
            self._painted = True
            self._pause.start(0)  # after this paint, and the window's, are done

    def png_job(self) -> Callable[[], bytes]:
        """Draws what the view shows as a PNG at print resolution, on whichever thread
        calls it (what it needs from the window is taken now)."""
        spec, colours, points, pixels = self._looks()
        return lambda: png(spec, colours, points, pixels)


def save_png(job: Callable[[], bytes], path: Path) -> None:
    """The chart as a PNG file, written atomically."""
    write_atomically(path, job())


def self_check(folder: Path) -> str:
    """For ``coordinator self-test``: a chart drawn in a Qt widget and saved as a PNG in
    ``folder``, so an installed copy missing a piece of matplotlib fails the self-test
    instead of showing an empty dashboard."""
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
    shown = picture(spec, Colours.now(), 10.0, (400, 300), 1.0)
    if (shown.width, shown.height) != (400, 300) or len(set(shown.rgba)) < 3:
        raise OSError("the chart was not drawn")
    view = ChartView(spec)
    view.resize(400, 300)
    path = folder / "chart.png"
    save_png(view.png_job(), path)
    if not path.read_bytes().startswith(b"\x89PNG"):
        raise OSError("the chart was not saved as a PNG")
    return f"matplotlib {matplotlib.__version__} (Agg); {path.stat().st_size:,}-byte PNG"
