"""Booking a shift or a weekly series: clashes are shown and booked only when confirmed;
someone not ready for the placement needs a reason (kept in the audit log)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.errors import UserFacingError
from coordinator_app.domain.shifts import MAX_SERIES_WEEKS, ShiftTime, parse_time
from coordinator_app.domain.wording import counted
from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.session.windows import DialogDraft
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.dates import required_uk_date, uk_date
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fields import counted_suffix
from coordinator_app.ui.widgets.fit import fit_to_content, fits_placeholder
from coordinator_app.ui.widgets.people_combo import PeopleCombo

if TYPE_CHECKING:
    from coordinator_app.services.shifts.placements import Placement
    from coordinator_app.services.shifts.shifts import ShiftRecord
    from coordinator_app.services.vault.vaults import Vault
    from coordinator_app.services.volunteers.volunteers import VolunteerListRow


class BookShiftDialog(DialogDraft, QDialog):
    booked = Signal(str)
    draft_name = "book-shift"

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.today = session, session.clock.today
        self.setWindowTitle("Book a shift")
        self.setAccessibleName("Book a shift")
        self.volunteer = PeopleCombo("Volunteer")
        self.placement = QComboBox()
        self.placement.setAccessibleName("Placement")
        self.on = QLineEdit(uk_date(self.today()))
        self.on.setAccessibleName("Date")
        self.start = QLineEdit("09:00")
        self.start.setAccessibleName("Start time")
        self.end = QLineEdit("13:00")
        self.end.setAccessibleName("End time")
        self.weeks = QSpinBox()
        self.weeks.setRange(1, MAX_SERIES_WEEKS)
        counted_suffix(self.weeks, "week")
        self.weeks.setAccessibleName("Repeat weekly for")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for booking before the checks are done")
        self.reason.setPlaceholderText("only needed when the volunteer is not ready yet")
        fits_placeholder(self.reason)
        self.message = MessageLabel("Booking message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Volunteer:", self.volunteer)
        form.addRow("&Placement:", self.placement)
        form.addRow("&Date:", self.on)
        form.addRow("&Start:", self.start)
        form.addRow("&End:", self.end)
        form.addRow("&Repeat:", self.weeks)
        form.addRow("Reason to book &now:", self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.book_button = self.buttons.addButton("&Book", QDialogButtonBox.ButtonRole.AcceptRole)
        self.anyway_button = self.buttons.addButton(
            "Book &anyway", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.anyway_button.hide()
        self.buttons.accepted.connect(lambda: self.book(confirm=False))
        self.anyway_button.clicked.connect(lambda: self.book(confirm=True))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        fit_to_content(self)  # grows with the not-ready warning instead of squeezing the rows
        self.draft_built()  # typing may start before the lists arrive
        self._load_choices()

    def _load_choices(self) -> None:
        today = self.today()
        from coordinator_app.services.shifts import placements
        from coordinator_app.services.volunteers import volunteers

        def load(vault: Vault, _: object) -> tuple[list[VolunteerListRow], list[Placement]]:
            return volunteers.all_rows(vault, today), placements.placements(vault)

        def fill(found: tuple[list[VolunteerListRow], list[Placement]]) -> None:
            people, places = found
            self.volunteer.set_people(people)
            for place in places:
                self.placement.addItem(place.name, place.id)
            if not places:
                self.message.setText("Add a placement first: there is nowhere to book yet.")
            self.choices_loaded(self.session)

        self.session.op(self, load, fill).run()

    # --- kept as a draft when the vault locks ------------------------------------------
    def draft_fields(self) -> dict[str, Any]:
        return {
            "volunteer": self.volunteer.currentData(),
            "placement": self.placement.currentData(),
            "on": self.on.text(),
            "start": self.start.text(),
            "end": self.end.text(),
            "weeks": self.weeks.value(),
            "reason": self.reason.text(),
        }

    def put_draft_fields(self, fields: dict[str, Any]) -> None:
        for combo, key in ((self.volunteer, "volunteer"), (self.placement, "placement")):
            found = combo.findData(fields.get(key))
            if found >= 0:  # someone erased since is simply not chosen
                combo.setCurrentIndex(found)
        for edit, key in ((self.on, "on"), (self.start, "start"), (self.end, "end")):
            edit.setText(str(fields.get(key, edit.text())))
        self.weeks.setValue(int(fields.get("weeks", 1)))
        self.reason.setText(str(fields.get("reason", "")))

    def draft_message(self) -> QLabel:
        return self.message

    def book(self, confirm: bool) -> None:
        person, place = self.volunteer.currentData(), self.placement.currentData()
        if person is None or place is None:
            self.message.setText("Choose a volunteer and a placement.")
            return
        try:
            shift = ShiftTime(
                required_uk_date("date of the shift", self.on.text()),
                parse_time(self.start.text(), "start"),
                parse_time(self.end.text(), "end"),
            )
        except UserFacingError as exc:
            self.message.setText(exc.sentence())
            return
        weeks, reason, today = self.weeks.value(), self.reason.text(), self.today()
        from coordinator_app.services.shifts import shifts

        self.session.op(
            self,
            lambda vault, _: shifts.book(
                vault,
                person,
                place,
                shift,
                today,
                weeks=weeks,
                confirm_warnings=confirm,
                override_reason=reason,
            ),
            self._booked,
        ).changes(Change.SHIFTS).failure(self._refused).run()

    def _booked(self, records: list[ShiftRecord]) -> None:
        first = records[0]
        self.booked.emit(
            f"Booked {counted(len(records), 'shift')} for {first.volunteer_code} "
            f"at {first.placement}, "
            f"from {uk_date(first.time.on)}."
        )
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        from coordinator_app.services.shifts.shifts import NeedsOverride, ShiftWarnings

        if isinstance(exc, ShiftWarnings):
            self.message.setText("Check before booking: " + " ".join(exc.warnings))
            self.anyway_button.show()
        elif isinstance(exc, NeedsOverride):
            self.message.setText(exc.sentence())
            self.reason.setFocus()
        else:
            say_or_show(self.message, self, exc)
