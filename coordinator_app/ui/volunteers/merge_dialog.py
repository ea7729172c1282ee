"""Merging two records of the same person: both side by side, the coordinator picks each
field's value, the kept record gets them and the other is archived pointing at it (the
merge is in the audit log)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.volunteers import VolunteerDetails, display_phone
from coordinator_app.ui.session.changes import ABOUT_A_PERSON
from coordinator_app.ui.widgets.dates import uk_date

if TYPE_CHECKING:
    from coordinator_app.services.volunteers.volunteers import DuplicateCandidate, VolunteerRecord
    from coordinator_app.ui.session.session import AppSession

_LABELS = {
    "given_names": "First names",
    "family_name": "Last name",
    "preferred_name": "Preferred name",
    "date_of_birth": "Date of birth",
    "phone": "Phone",
    "email": "Email",
    "postcode_district": "Postcode district",
    "languages": "Languages",
    "english_level": "English level",
    "status": "Immigration status",
    "leave_expires_on": "Leave expires",
    "rtw_evidence": "Right-to-work evidence",
    "rtw_checked_on": "Date checked",
    "rtw_checked_by": "Checked by",
    "rtw_follow_up_on": "Follow-up check",
    "reporting_days": "Reporting days",
    "profession": "Profession",
    "country_qualified": "Country qualified",
    "years_experience": "Years of experience",
    "goals": "Goals",
    "barriers": "Barriers",
    "barriers_note": "Barriers note",
    "referral_source": "Referred by",
    "consent_records": "Consent: records",
    "consent_sharing": "Consent: sharing",
    "consent_follow_up": "Consent: follow-up",
    "state": "State",
    "left_reason": "Reason for leaving",
    "role": "Volunteer role",
    "joined_on": "Date joined",
}


def _show(value: object) -> str:
    if value in (None, "", ()):
        return "—"
    if isinstance(value, date):
        return uk_date(value)
    if isinstance(value, tuple):
        return ", ".join(getattr(v, "language", str(v)) for v in value)
    if hasattr(value, "given_on"):
        given, withdrawn = value.given_on, value.withdrawn_on  # type: ignore[attr-defined]
        return (
            "—"
            if given is None
            else f"given {_show(given)}" + (f", withdrawn {_show(withdrawn)}" if withdrawn else "")
        )
    return str(value)


class MergeDialog(QDialog):
    merged = Signal(object)  # the kept VolunteerRecord

    def __init__(
        self,
        session: AppSession,
        today: Callable[[], date],
        keep: VolunteerRecord,
        candidates: list[DuplicateCandidate],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.today = session, today
        self.keep, self.candidates = keep, candidates
        self.other: VolunteerRecord | None = None
        self.choices: dict[str, QButtonGroup] = {}
        self.setWindowTitle("Merge duplicate records")
        self.setAccessibleName("Merge duplicate records")
        self.resize(900, 640)
        intro = QLabel(
            f"Likely the same person as {keep.code}. Choose the other record, then pick the "
            "value to keep for each field. The other record will be archived and point to "
            f"{keep.code}; the merge is recorded in the audit log."
        )
        intro.setWordWrap(True)
        self.picker = QComboBox()
        self.picker.setAccessibleName("Other record")
        for c in candidates:
            self.picker.addItem(f"{c.code}  {c.name} ({'; '.join(c.reasons)})", c.id)
        self.picker.currentIndexChanged.connect(self._load_other)
        self.grid_holder = QScrollArea()
        self.grid_holder.setWidgetResizable(True)
        self.grid_holder.setAccessibleName("Fields that differ")
        self.grid_holder.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setEnabled(False)
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.picker)
        layout.addWidget(self.grid_holder, 1)
        layout.addWidget(self.buttons)
        self._load_other()

    def _load_other(self) -> None:
        other_id = self.picker.currentData()
        if other_id is None:
            return
        today = self.today()
        from coordinator_app.services.volunteers import volunteers

        self.session.op(
            self, lambda vault, _: volunteers.get(vault, other_id, today), self._show_pair
        ).run()

    def _show_pair(self, other: VolunteerRecord) -> None:
        self.other = other
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.addWidget(QLabel("<b>Field</b>"), 0, 0)
        grid.addWidget(QLabel(f"<b>Keep: {self.keep.code}</b>"), 0, 1)
        grid.addWidget(QLabel(f"<b>Other: {other.code}</b>"), 0, 2)
        self.choices = {}
        row = 1
        for f in fields(VolunteerDetails):
            mine, theirs = getattr(self.keep.details, f.name), getattr(other.details, f.name)
            if mine == theirs:
                continue
            shown = display_phone if f.name == "phone" else _show
            label = _LABELS.get(f.name, f.name)
            group = QButtonGroup(grid_widget)
            left, right = QRadioButton(shown(mine) or "—"), QRadioButton(shown(theirs) or "—")
            left.setAccessibleName(f"{label}: keep {left.text()}")
            right.setAccessibleName(f"{label}: take {right.text()}")
            group.addButton(left, 0)
            group.addButton(right, 1)
            # Default: keep this record's value, unless it is empty and the other's is not.
            (right if mine in (None, "", ()) else left).setChecked(True)
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(left, row, 1)
            grid.addWidget(right, row, 2)
            self.choices[f.name] = group
            row += 1
        if row == 1:
            grid.addWidget(QLabel("The two records hold the same details."), 1, 0, 1, 3)
        grid.setRowStretch(row, 1)
        self.grid_holder.setWidget(grid_widget)
        self.merge_button.setEnabled(True)

    def chosen_details(self) -> VolunteerDetails:
        assert self.other is not None
        taken: dict[str, Any] = {
            name: getattr(self.other.details, name)
            for name, group in self.choices.items()
            if group.checkedId() == 1
        }
        return replace(self.keep.details, **taken)

    def merge(self) -> None:
        other = self.other
        if other is None:
            return
        details, today, keep_id = self.chosen_details(), self.today(), self.keep.id
        from coordinator_app.services.volunteers import volunteers

        def done(record: VolunteerRecord) -> None:
            self.merged.emit(record)
            self.accept()

        self.session.op(
            self, lambda vault, _: volunteers.merge(vault, keep_id, other.id, details, today), done
        ).changes(*ABOUT_A_PERSON).run()
