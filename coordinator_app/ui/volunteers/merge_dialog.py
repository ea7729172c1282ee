"""Merging two records of the same person: both side by side, the coordinator picks each
field's value, the kept record gets them and everything the other held, and the other is
archived pointing at it (the merge is in the audit log). Shifts of the two that overlap are
listed for a choice: keep this record's, the other's, or both."""

from __future__ import annotations

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
from coordinator_app.domain.wording import counted
from coordinator_app.ui.session.changes import ABOUT_A_PERSON
from coordinator_app.ui.widgets.dates import uk_date
from coordinator_app.ui.widgets.fit import fit_to_content

if TYPE_CHECKING:
    from coordinator_app.services.vault.vaults import Vault
    from coordinator_app.services.volunteers.merging import Choice, Merged, ShiftClash
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
        keep: VolunteerRecord,
        candidates: list[DuplicateCandidate],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_to_content(self)
        self.session, self.today = session, session.clock.today
        self.keep, self.candidates = keep, candidates
        self.other: VolunteerRecord | None = None
        self.choices: dict[str, QButtonGroup] = {}
        self.clash_choices: dict[int, QButtonGroup] = {}  # the other's shift id -> choice
        self.setWindowTitle("Merge duplicate records")
        self.setAccessibleName("Merge duplicate records")
        self.resize(900, 640)
        intro = QLabel(
            f"Likely the same person as {keep.code}. Choose the other record, then pick the "
            "value to keep for each field. The other record will be archived and point to "
            f"{keep.code}; its shifts, sessions, plan, reviews, outcomes and expenses move to "
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
        today, keep_id = self.today(), self.keep.id
        from coordinator_app.services.volunteers import merging, volunteers

        def read(vault: Vault, _: object) -> tuple[VolunteerRecord, list[ShiftClash]]:
            return volunteers.get(vault, other_id, today), merging.clashes(vault, keep_id, other_id)

        self.session.op(self, read, self._show_pair).run()

    def _show_pair(self, pair: tuple[VolunteerRecord, list[ShiftClash]]) -> None:
        other, clashes = pair
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
            row += 1
        row = self._show_clashes(grid, grid_widget, clashes, row)
        grid.setRowStretch(row, 1)
        self.grid_holder.setWidget(grid_widget)
        self.merge_button.setEnabled(True)

    def _show_clashes(
        self, grid: QGridLayout, owner: QWidget, clashes: list[ShiftClash], row: int
    ) -> int:
        """One row per overlapping pair of shifts: which to keep (this record's by default)."""
        self.clash_choices = {}
        if not clashes:
            return row
        note = QLabel(
            f"<b>{counted(len(clashes), 'shift')} overlap</b>: one person cannot work both. "
            "Choose which to keep; the other is removed."
        )
        note.setWordWrap(True)
        grid.addWidget(note, row, 0, 1, 3)
        row += 1
        for clash in clashes:
            group = QButtonGroup(owner)
            day = clash.on.strftime("%d/%m/%Y")
            options = (
                ("keep", f"Keep {'; '.join(clash.kept_slots)}"),
                ("other", f"Keep {clash.other_slot}"),
                ("both", "Keep both"),
            )
            grid.addWidget(QLabel(day), row, 0)
            box = QWidget()
            line = QVBoxLayout(box)
            line.setContentsMargins(0, 0, 0, 0)
            for n, (_, text) in enumerate(options):
                button = QRadioButton(text)
                button.setAccessibleName(f"Shift on {day}: {text}")
                group.addButton(button, n)
                line.addWidget(button)
            group.button(0).setChecked(True)
            grid.addWidget(box, row, 1, 1, 2)
            self.clash_choices[clash.other_shift] = group
            row += 1
        return row

    def chosen_clashes(self) -> dict[int, Choice]:
        order: tuple[Choice, ...] = ("keep", "other", "both")
        return {shift: order[group.checkedId()] for shift, group in self.clash_choices.items()}

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
        chosen = self.chosen_clashes()
        from coordinator_app.services.volunteers import merging

        def done(result: Merged) -> None:
            self.merged.emit(result.record)
            self.accept()

        self.session.op(
            self,
            lambda vault, _: merging.merge(vault, keep_id, other.id, details, today, chosen),
            done,
        ).changes(*ABOUT_A_PERSON).run()
