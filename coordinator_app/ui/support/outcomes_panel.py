"""A volunteer's outcomes (a job, an apprenticeship, a course, study, more volunteering,
leaving) with the 3, 6 and 12-month follow-ups (in post, in study or left, and why), and
recording a new one. Paid work for
someone whose status does not allow it is refused with the reason (domain.outcomes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.choices import follow_up_reasons
from coordinator_app.domain.outcomes import (
    FOLLOW_UP_MONTHS,
    FOLLOW_UP_RESULTS,
    KINDS,
    LEFT_REASONS,
    NHS_BANDS,
)
from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.dates import required_uk_date, uk_date
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fields import combo, line
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table

if TYPE_CHECKING:
    from coordinator_app.services.support.outcomes import OutcomeRecord


def _outcome_cells(outcome: OutcomeRecord) -> tuple[str, ...]:
    d = outcome.details
    what = ", ".join(x for x in (d.role, d.employer, d.course, d.reason) if x)
    if d.nhs:
        what += f" (NHS{', band ' + d.band if d.band else ''})"
    checks = "; ".join(
        f"{f.months}m "
        + (
            f"✓ {f.result_label}" + (f" ({f.reason})" if f.reason else "")
            if f.done_on
            else f"due {uk_date(f.due_on)}"
        )
        for f in outcome.follow_ups
    )
    return (outcome.kind_label, uk_date(d.started_on), what, checks if d.kind != "left" else "")


class OutcomesPanel(QWidget):
    def __init__(self, session: AppSession, message: QLabel) -> None:
        super().__init__()
        self.session, self.today, self.message = session, session.clock.today, message
        self.setAccessibleName("Outcomes")
        self.volunteer_id: int | None = None
        self.model: RecordsModel[OutcomeRecord] = RecordsModel(
            ("Outcome", "Start", "Details", "Follow-ups"), _outcome_cells
        )
        self.table = records_table("Outcomes and follow-ups", self.model, stretch=2)
        self.kind = combo("Outcome", list(KINDS.items()))
        self.started = line("Start date", "dd/mm/yyyy")
        self.employer = line("Employer")
        self.nhs = QCheckBox("An NHS &job")
        self.nhs.setAccessibleName("An NHS job")
        self.role = line("Role")
        self.band = combo("NHS band", [("", "none")] + [(b, f"Band {b}") for b in NHS_BANDS])
        self.hours = QDoubleSpinBox()
        self.hours.setAccessibleName("Hours a week")
        self.hours.setRange(0, 48)
        self.hours.setSpecialValueText("not known")
        self.course = line("Course or study")
        self.reason = combo("Reason for leaving", [("", "")] + [(r, r) for r in LEFT_REASONS])
        self.note = line("Outcome note")
        self.add_button = QPushButton("Record the ou&tcome")
        self.add_button.clicked.connect(self.add_outcome)
        new = QGroupBox("A new outcome")
        form = QFormLayout(new)
        for label, widget in (
            ("Outco&me:", self.kind),
            ("&Start date:", self.started),
            ("Emplo&yer:", self.employer),
            ("", self.nhs),
            ("Rol&e:", self.role),
            ("B&and:", self.band),
            ("Hours a &week:", self.hours),
            ("Co&urse:", self.course),
            ("Reason for leav&ing:", self.reason),
            ("&Note:", self.note),
        ):
            form.addRow(label, widget)
        form.addRow("", self.add_button)
        self.months = combo("Follow-up", [(str(m), f"{m} months") for m in FOLLOW_UP_MONTHS])
        self.result = combo("Follow-up result", list(FOLLOW_UP_RESULTS.items()))
        self.follow_reason = combo(
            "Follow-up reason", [("", "no reason given")] + [(r, r) for r in follow_up_reasons()]
        )
        self.follow_button = QPushButton("Recor&d the follow-up for the chosen outcome")
        self.follow_button.clicked.connect(self.record_follow_up)
        follow = QHBoxLayout()
        follow.addWidget(self.months)
        follow.addWidget(self.result)
        follow.addWidget(self.follow_reason, 1)
        follow.addWidget(self.follow_button)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addLayout(follow)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(new, 2)

    def show_volunteer(self, volunteer_id: int) -> None:
        self.volunteer_id = volunteer_id
        from coordinator_app.services.support import outcomes

        self.session.op(
            self, lambda vault, _: outcomes.outcomes(vault, volunteer_id), self.model.set_records
        ).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def add_outcome(self) -> None:
        person, today = self.volunteer_id, self.today()
        if person is None:
            return
        from coordinator_app.domain.errors import UserFacingError
        from coordinator_app.domain.outcomes import OutcomeDetails
        from coordinator_app.services.support import outcomes

        try:
            started = required_uk_date("start date", self.started.text())
        except UserFacingError as exc:
            self.message.setText(exc.sentence())
            return
        details = OutcomeDetails(
            kind=self.kind.currentData(),
            started_on=started,
            employer=self.employer.text(),
            nhs=self.nhs.isChecked(),
            role=self.role.text(),
            band=self.band.currentData() or "",
            hours_per_week=self.hours.value() or None,
            course=self.course.text(),
            reason=self.reason.currentData() or "",
            note=self.note.text(),
        )

        def added(_: object) -> None:
            self.message.setText(
                f"{self.kind.currentText()} recorded; follow-ups are due at 3, 6 and 12 months."
            )
            for field in (self.employer, self.role, self.course, self.note, self.started):
                field.clear()
            self.show_volunteer(person)

        self.session.op(
            self, lambda vault, _: outcomes.add_outcome(vault, person, details, today), added
        ).changes(Change.OUTCOMES).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def record_follow_up(self) -> None:
        today = self.today()
        chosen = self.model.record(self.table.currentIndex())
        if chosen is None or self.volunteer_id is None:
            self.message.setText("Choose an outcome in the list first.")
            return
        from coordinator_app.services.support import outcomes

        months, result = int(self.months.currentData()), self.result.currentData()
        reason, person = self.follow_reason.currentData() or "", self.volunteer_id

        def recorded(_: object) -> None:
            self.message.setText(f"{months}-month follow-up recorded: {self.result.currentText()}.")
            self.show_volunteer(person)

        self.session.op(
            self,
            lambda vault, _: outcomes.record_follow_up(
                vault,
                chosen.id,
                months,
                today,
                result != "left",
                "",
                today,
                result=result,
                reason=reason,
            ),
            recorded,
        ).changes(Change.OUTCOMES).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def clear_personal_data(self) -> None:
        self.volunteer_id = None
        self.model.set_records([])
        for field in (self.employer, self.role, self.course, self.note, self.started):
            field.clear()
