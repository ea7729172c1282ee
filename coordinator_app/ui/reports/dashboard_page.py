"""The programme dashboard: headline figures and six charts for a chosen period, each chart
with "view as table" and "save as PNG", and the progress report for the same period."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.dashboard import Dashboard, period_choices
from coordinator_app.ui.reports.charts import ChartSpec, ChartView, Series, save_png
from coordinator_app.ui.session.changes import Change, FollowsChanges
from coordinator_app.ui.session.ops import Operation
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.choosers import SaveChooser, choose_save_file
from coordinator_app.ui.widgets.error_dialog import say_or_show, show_error
from coordinator_app.ui.widgets.fields import combo
from coordinator_app.ui.widgets.passphrase_fields import make_bold
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table

if TYPE_CHECKING:
    from coordinator_app.domain.periods import ReturnPeriod
    from coordinator_app.export.progress_report import ProgressReport
    from coordinator_app.services.vault.vaults import Vault


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


def _counted(title: str, axis: str, pairs: tuple[tuple[str, int], ...]) -> ChartSpec:
    return ChartSpec(
        title=title,
        kind="bars",
        categories=tuple(label for label, _ in pairs),
        series=(Series(axis, tuple(float(n) for _, n in pairs)),),
        value_axis=axis,
        headers=("", axis),
        rows=tuple((label, str(n)) for label, n in pairs),
    )


def chart_specs(board: Dashboard) -> tuple[ChartSpec, ...]:
    """The dashboard's six charts, in reading order, each with its table."""
    months = tuple(datetime.strptime(m.month, "%Y-%m") for m in board.months)
    service = tuple(_hours(m.service_minutes) for m in board.months)
    training = tuple(_hours(m.training_minutes) for m in board.months)
    return (
        _counted(
            "Volunteers by stage, now",
            "Volunteers",
            tuple((c.label, c.count) for c in board.pipeline),
        ),
        ChartSpec(
            title="Service and training hours by month",
            kind="columns",
            categories=tuple(f"{m:%b %y}" for m in months),
            series=(Series("Service hours", service), Series("Training hours", training)),
            value_axis="Hours",
            headers=("Month", "Service hours", "Training hours"),
            rows=tuple(
                (f"{m:%B %Y}", f"{s:,.1f}", f"{t:,.1f}")
                for m, s, t in zip(months, service, training, strict=True)
            ),
            value_format="{:,.0f}",
        ),
        _counted(
            "Milestones achieved, by pathway",
            "Milestones",
            tuple((c.label, c.count) for c in board.milestones_by_pathway),
        ),
        _counted(
            "Outcomes that started", "Volunteers", tuple((c.label, c.count) for c in board.outcomes)
        ),
        ChartSpec(
            title="Distance travelled: first and latest self-rating (1 to 5)",
            kind="bars",
            categories=tuple(d.scale for d in board.distance),
            series=(
                Series("First rating (average)", tuple(d.first for d in board.distance)),
                Series("Latest rating (average)", tuple(d.latest for d in board.distance)),
            ),
            value_axis="Average rating",
            headers=("Scale", "First (average)", "Latest (average)", "Change", "People"),
            rows=tuple(
                (d.scale, f"{d.first:.2f}", f"{d.latest:.2f}", f"{d.change:+.2f}", str(d.people))
                for d in board.distance
            ),
            value_format="{:.1f}",
        ),
        _counted(
            "Barriers named by current volunteers",
            "Volunteers",
            tuple((c.label, c.count) for c in board.barriers),
        ),
    )


class ChartPanel(QGroupBox):
    """One chart, its table ("view as table") and "save as PNG"."""

    def __init__(self, spec: ChartSpec, save_as: SaveChooser, message: QLabel) -> None:
        super().__init__()  # the chart carries its title (in saved pictures too)
        self.spec, self.save_as, self.message = spec, save_as, message
        self.setAccessibleName(spec.title)
        self.model: RecordsModel[tuple[str, ...]] = RecordsModel(spec.headers, lambda r: r)
        self.model.set_records(spec.rows)
        self.table = records_table(f"{spec.title}: table", self.model)
        self.chart = ChartView(spec)
        self.views = QStackedWidget()
        self.views.addWidget(self.chart)
        self.views.addWidget(self.table)
        self.as_table = QPushButton("View as table")
        self.as_table.setCheckable(True)
        self.as_table.setAccessibleName(f"View {spec.title} as a table")
        self.as_table.toggled.connect(self._toggle)
        self.save = QPushButton("Save as PNG…")
        self.save.setAccessibleName(f"Save {spec.title} as a PNG picture")
        self.save.clicked.connect(self.save_picture)
        buttons = QHBoxLayout()
        buttons.addWidget(self.as_table)
        buttons.addWidget(self.save)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.views, 1)
        layout.addLayout(buttons)

    def show_spec(self, spec: ChartSpec) -> None:
        self.spec = spec
        self.model.set_records(spec.rows)
        self.chart.show_spec(spec)

    def _toggle(self, table: bool) -> None:
        self.views.setCurrentIndex(1 if table else 0)
        self.as_table.setText("View as chart" if table else "View as table")

    def save_picture(self) -> None:
        name = "".join(c if c.isalnum() else "-" for c in self.spec.title.lower()).strip("-")
        path = self.save_as(self, f"Save {self.spec.title}", f"{name}.png", "PNG picture (*.png)")
        if path is None:
            return
        job = self.chart.png_job()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, OSError):
                show_error(self, exc)  # as any other unexpected failure
                return
            self.message.setText(
                f"The chart could not be saved to {path} ({exc.strerror or exc}). "
                "Choose another folder, or free some space, and try again."
            )

        Operation(
            self,
            lambda _: save_png(job, path),
            lambda _: self.message.setText(f"Chart saved to {path}."),
        ).failure(failed).on_report_worker().run()


class DashboardPage(FollowsChanges, QWidget):
    shows = frozenset(
        {
            Change.VOLUNTEERS,
            Change.SHIFTS,
            Change.PLANS,
            Change.OUTCOMES,
            Change.ACTIVITIES,
            Change.REVIEWS,
        }
    )

    def __init__(
        self,
        session: AppSession,
        save_as: SaveChooser = choose_save_file,
    ) -> None:
        super().__init__()
        self.session, self.today, self.save_as = session, session.clock.today, save_as
        self.setAccessibleName("Dashboard")
        self.period = combo("Period", [])
        self.period.currentIndexChanged.connect(lambda _: self.refresh())
        self.report_button = QPushButton("Save progress &report (PDF)…")
        self.report_button.setAccessibleName("Save the progress report for this period as a PDF")
        self.report_button.clicked.connect(self.save_report)
        self.headline = QLabel()
        make_bold(self.headline)
        self.headline.setWordWrap(True)
        self.headline.setAccessibleDescription("Headline figures")
        self.message = MessageLabel("Dashboard message")
        self.message.setWordWrap(True)
        self.panels: list[ChartPanel] = []
        self.grid = QGridLayout()
        self._build()
        session.unlocked.connect(self.start)
        if session.is_unlocked:
            self.start()

    def _build(self) -> None:
        top = QHBoxLayout()
        label = QLabel("&Period:")
        label.setBuddy(self.period)
        top.addWidget(label)
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.report_button)
        charts = QWidget()
        charts.setLayout(self.grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        scroll.setAccessibleName("Charts")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.headline)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)

    def start(self) -> None:
        self.period.blockSignals(True)
        self.period.clear()
        for label, period in period_choices(self.today()):
            self.period.addItem(label, period)
        self.period.blockSignals(False)
        self.refresh()

    def chosen(self) -> ReturnPeriod | None:
        period: ReturnPeriod | None = self.period.currentData()
        return period

    def reload(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        period = self.chosen()
        if period is None:
            return

        def load(vault: Vault, _: object) -> Dashboard:
            from coordinator_app.services.reports.dashboard import build_dashboard

            return build_dashboard(vault, period)

        self.session.op(self, load, self.show_dashboard).run()

    def show_dashboard(self, board: Dashboard) -> None:
        self.headline.setText(
            f"Active volunteers {board.active_volunteers} · "
            f"Service hours {board.service_minutes / 60:,.1f} · "
            f"Training hours {board.training_minutes / 60:,.1f} · "
            f"Milestones achieved {sum(c.count for c in board.milestones_by_pathway)} · "
            f"Outcomes {sum(c.count for c in board.outcomes)}"
        )
        specs = chart_specs(board)
        if not self.panels:
            # Through the page, so a chooser set later (tests) is the one asked.
            def ask(parent: QWidget, title: str, suggested: str, kinds: str) -> Path | None:
                return self.save_as(parent, title, suggested, kinds)

            self.panels = [ChartPanel(spec, ask, self.message) for spec in specs]
            for n, panel in enumerate(self.panels):
                self.grid.addWidget(panel, n // 2, n % 2)
        else:
            for panel, spec in zip(self.panels, specs, strict=True):
                panel.show_spec(spec)

    def save_report(self) -> None:
        """The figures are gathered on the database thread, the PDF drawn on the report
        worker, so neither waits for the other's queue."""
        period = self.chosen()
        if period is None or not self.session.is_unlocked:
            return
        suggested = f"progress-report-{period.label.replace(' ', '-')}.pdf"
        path = self.save_as(self, "Save the progress report", suggested, "PDF (*.pdf)")
        if path is None:
            return
        from coordinator_app.services.reports import progress_report

        def failed(exc: BaseException) -> None:
            say_or_show(self.message, self, exc)

        def render(report: ProgressReport) -> None:
            from coordinator_app.export.progress_report import write_progress_report

            Operation(
                self,
                lambda _: write_progress_report(path, report),
                lambda _: self.message.setText(f"Progress report saved to {path}."),
            ).failure(failed).with_progress(
                "Writing the progress report…", cancellable=False
            ).on_report_worker().run()

        self.session.op(
            self, lambda vault, _: progress_report.build(vault, period), render
        ).changes(Change.AUDIT).failure(failed).run()
