"""A volunteer's reviews: each meeting's self-ratings (1-5) as a table and as a chart over
time, the distance travelled (first against latest rating of each scale), and adding a
review. The chart is drawn with QPainter (Qt Charts is not in the Essentials wheel) and the
table beside it carries the same figures for screen readers."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.reviews import SCALES, ReviewRatings
from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.dates import required_uk_date, uk_date
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fields import combo, line, text_box
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table

if TYPE_CHECKING:
    from coordinator_app.services.support.reviews import ReviewHistory, ReviewRecord

# Distinct in colour and in line style, so the chart reads without colour too; mid-tones
# that stand out on light and on dark backgrounds alike.
LINES = {
    "confidence": ("#2F7FD8", Qt.PenStyle.SolidLine),
    "english": ("#E0412F", Qt.PenStyle.DashLine),
    "belonging": ("#1FA34A", Qt.PenStyle.DotLine),
    "career_clarity": ("#B04FA8", Qt.PenStyle.DashDotLine),
}


def _review_cells(review: ReviewRecord) -> tuple[str, ...]:
    ratings = [review.ratings.get(key) for key in SCALES]
    return (
        uk_date(review.held_on),
        *[str(value) if value else "not asked" for value in ratings],
        review.notes,
    )


class RatingsChart(QWidget):
    """Each scale's ratings by review, 1 to 5 up the side."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Ratings over time (the table lists the same figures)")
        self.setMinimumHeight(self.fontMetrics().height() * 12)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.reviews: tuple[ReviewRecord, ...] = ()

    def set_reviews(self, reviews: tuple[ReviewRecord, ...]) -> None:
        self.reviews = reviews
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        metrics = self.fontMetrics()
        legend_width = max(metrics.horizontalAdvance(s.label) for s in SCALES.values()) + 40
        left, top = metrics.horizontalAdvance("5") + 12, metrics.height()
        area = QRectF(left, top, self.width() - left - legend_width - 10, self.height() - 3 * top)
        painter.setPen(QPen(text, 1))
        for value in range(1, 6):
            y = area.bottom() - (value - 1) / 4 * area.height()
            painter.drawText(QPointF(2, y + metrics.ascent() / 2), str(value))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        if len(self.reviews) == 0:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No reviews yet.")
            return
        step = area.width() / max(1, len(self.reviews) - 1)
        for n, review in enumerate(self.reviews):
            x = area.left() + n * step
            painter.drawText(QPointF(x - 20, area.bottom() + top), f"{review.held_on:%m/%y}")
        for row, (key, scale) in enumerate(SCALES.items()):
            colour, style = LINES[key]
            painter.setPen(QPen(QColor(colour), 2.5, style))
            points = [
                QPointF(area.left() + n * step, area.bottom() - (rating - 1) / 4 * area.height())
                for n, review in enumerate(self.reviews)
                if (rating := review.ratings.get(key))
            ]
            for a, b in pairwise(points):
                painter.drawLine(a, b)
            for point in points:
                painter.drawEllipse(point, 3, 3)
            y = top + row * (metrics.height() + 6)
            x = area.right() + 12
            painter.drawLine(QPointF(x, y), QPointF(x + 22, y))
            painter.setPen(QPen(text, 1))
            painter.drawText(QPointF(x + 28, y + metrics.ascent() / 2), scale.label)


class ReviewsPanel(QWidget):
    def __init__(self, session: AppSession, message: QLabel) -> None:
        super().__init__()
        self.session, self.today, self.message = session, session.clock.today, message
        self.setAccessibleName("Reviews")
        self.volunteer_id: int | None = None
        self.model: RecordsModel[ReviewRecord] = RecordsModel(
            ("Date", *[s.label for s in SCALES.values()], "Notes"), _review_cells
        )
        self.table = records_table("Reviews and ratings", self.model, stretch=len(SCALES) + 1)
        self.chart = RatingsChart()
        self.distance = QLabel()
        self.distance.setWordWrap(True)
        self.distance.setAccessibleDescription("Distance travelled")
        self.held_on = line("Review date", "dd/mm/yyyy")
        self.ratings = {
            key: combo(
                scale.label,
                [("", "Not asked")] + [(str(n), f"{n}: {w}") for n, w in enumerate(scale.words, 1)],
            )
            for key, scale in SCALES.items()
        }
        self.notes = text_box("Review notes")
        self.add_button = QPushButton("&Add the review")
        self.add_button.clicked.connect(self.add_review)
        form_box = QGroupBox("A new review")
        form = QFormLayout(form_box)
        # Each question above its choice: beside it, the form gives the wrapped question its
        # full width and squeezes the choice's longest answer ("4: …") off the end.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow("Review &date:", self.held_on)
        for key, scale in SCALES.items():
            label = QLabel(f"{scale.question}")
            label.setWordWrap(True)
            label.setBuddy(self.ratings[key])
            form.addRow(label, self.ratings[key])
        form.addRow("&Notes:", self.notes)
        form.addRow("", self.add_button)
        upper = QHBoxLayout()
        upper.addWidget(self.chart, 3)
        upper.addWidget(form_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(upper, 3)
        layout.addWidget(self.distance)
        layout.addWidget(self.table, 2)

    def show_volunteer(self, volunteer_id: int) -> None:
        self.volunteer_id = volunteer_id
        if not self.held_on.text():
            self.held_on.setText(uk_date(self.today()))
        from coordinator_app.services.support import reviews

        self.session.op(
            self, lambda vault, _: reviews.history(vault, volunteer_id), self._shown
        ).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def _shown(self, history: ReviewHistory) -> None:
        self.model.set_records(history.reviews)
        self.chart.set_reviews(history.reviews)
        moves = []
        for key, change in history.distance.items():
            if change is not None:
                word = "up" if change.change > 0 else "down" if change.change < 0 else "no change"
                moves.append(f"{SCALES[key].label} {change.first} → {change.latest} ({word})")
        self.distance.setText(
            "Distance travelled since the first review: " + "; ".join(moves)
            if moves
            else "Distance travelled shows once two reviews have rated the same thing."
        )

    def add_review(self) -> None:
        person, today = self.volunteer_id, self.today()
        if person is None:
            return
        from coordinator_app.domain.errors import UserFacingError
        from coordinator_app.services.support import reviews

        try:
            held_on = required_uk_date("review date", self.held_on.text())
        except UserFacingError as exc:
            self.message.setText(exc.sentence())
            return
        values: dict[str, Any] = {
            key: int(box.currentData()) if box.currentData() else None
            for key, box in self.ratings.items()
        }
        ratings, notes = ReviewRatings(**values), self.notes.toPlainText()

        def added(_: object) -> None:
            self.message.setText(f"Review of {uk_date(held_on)} added.")
            self.notes.clear()
            for box in self.ratings.values():
                box.setCurrentIndex(0)
            self.show_volunteer(person)

        self.session.op(
            self,
            lambda vault, _: reviews.add_review(vault, person, held_on, ratings, notes, today),
            added,
        ).changes(Change.REVIEWS).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def clear_personal_data(self) -> None:
        self.volunteer_id = None
        self.model.set_records([])
        self.chart.set_reviews(())
        self.distance.clear()
        self.notes.clear()
        self.held_on.clear()
