"""The volunteer form: details in tabs (the onboarding checklist in onboarding_tab), each
problem shown next to its field. Reads and writes VolunteerDetails only."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain import choices, immigration, onboarding
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.volunteers import (
    STATE_LABELS,
    WEEKDAYS,
    Consent,
    LanguageSkill,
    VolunteerDetails,
    display_phone,
)
from coordinator_app.ui.volunteers.form_tabs import read_date
from coordinator_app.ui.volunteers.onboarding_tab import OnboardingTab
from coordinator_app.ui.widgets.dates import uk_date
from coordinator_app.ui.widgets.fields import combo, line

_CONSENTS = {
    "consent_records": "Programme records",
    "consent_sharing": "Pseudonymised sharing with Helpforce",
    "consent_follow_up": "Follow-up contact for 12 months after leaving",
}


class VolunteerForm(OnboardingTab):
    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Volunteer details")
        self.tabBar().setAccessibleName("Volunteer details sections")
        self._build_person()
        self._build_status()
        self._build_background()
        self._build_consent()
        self._build_onboarding()

    def _build_person(self) -> None:
        form = self._tab("&Person")
        # State and role first: what a coordinator looks for on opening a record.
        self.role = combo(
            "Volunteer role",
            [("", "Not chosen yet")] + [(r.key, r.label) for r in onboarding.roles()],
        )
        self.state = combo("State", list(STATE_LABELS.items()))
        # Offered when onboarding is complete and the state is not Active yet; the page
        # saves the record with it (so the change is audited as any other).
        self.make_active = QPushButton("Ma&ke active")
        self.make_active.setToolTip("Onboarding is complete: set the state to Active and save")
        self.make_active.hide()
        state_row = QWidget()
        state_line = QHBoxLayout(state_row)
        state_line.setContentsMargins(0, 0, 0, 0)
        state_line.addWidget(self.state, 1)
        state_line.addWidget(self.make_active)
        state_row.setFocusProxy(self.state)
        self._row(form, "state", "Curre&nt state:", state_row, buddy=self.state)
        self.inputs["state"] = self.state  # the combo is what a draft keeps
        self._ready = False
        self.state.currentIndexChanged.connect(lambda _: self.offer_active(self._ready))
        self._row(form, "role", "T&ype of role:", self.role)
        self.given = line("First names", "as the person writes them")
        self.family = line("Last name")
        self.preferred = line("Preferred name")
        self.born = line("Date of birth", "dd/mm/yyyy")
        self.phone = line("Phone", "a UK mobile or landline")
        self.email = line("Email")
        self.district = line("Postcode district", "e.g. BA1")
        self.languages = line("Languages", "e.g. Arabic, English")
        self.english = combo(
            "English level", [("", "")] + [(v, v) for v in choices.english_levels()], editable=True
        )
        for field, label, widget in (
            ("given_names", "F&irst names:", self.given),
            ("family_name", "&Last name:", self.family),
            ("preferred_name", "P&referred name:", self.preferred),
            ("date_of_birth", "&Date of birth:", self.born),
            ("phone", "Phon&e:", self.phone),
            ("email", "E&mail:", self.email),
            ("postcode_district", "Po&stcode district:", self.district),
            ("languages", "Lang&uages:", self.languages),
            ("english_level", "En&glish level:", self.english),
        ):
            self._row(form, field, label, widget)

    def _build_status(self) -> None:
        form = self._tab("S&tatus")
        self.status = combo(
            "Immigration status", [(s.key, s.label) for s in immigration.status_categories()]
        )
        self.leave_ends = line("Leave expiry date", "dd/mm/yyyy")
        self.evidence = combo(
            "Right-to-work evidence",
            [("", "None checked yet")] + [(e.key, e.label) for e in immigration.evidence_types()],
        )
        self.checked_on = line("Date checked", "dd/mm/yyyy")
        self.checked_by = line("Checked by")
        self.follow_up = line("Follow-up check date", "dd/mm/yyyy")
        days = QWidget()
        row = QHBoxLayout(days)
        row.setContentsMargins(0, 0, 0, 0)
        self.reporting = []
        for name in WEEKDAYS:
            box = QCheckBox(name[:3])
            box.setAccessibleName(f"Reports on {name}")
            self.reporting.append(box)
            row.addWidget(box)
        days.setAccessibleName("Home Office reporting days")
        for field, label, widget in (
            ("status", "&Immigration status:", self.status),
            ("leave_expires_on", "Leave &expires:", self.leave_ends),
            ("rtw_evidence", "&Right-to-work evidence:", self.evidence),
            ("rtw_checked_on", "&Date checked:", self.checked_on),
            ("rtw_checked_by", "Chec&ked by:", self.checked_by),
            ("rtw_follow_up_on", "Fo&llow-up check:", self.follow_up),
            ("reporting_days", "Reporting days:", days),
        ):
            self._row(form, field, label, widget)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setAccessibleDescription("Status reminders")
        form.addRow(self.notes)

    def _build_background(self) -> None:
        form = self._tab("&Background")
        self.profession = combo(
            "Profession", [("", "")] + [(p, p) for p in choices.professions()], editable=True
        )
        self.country = line("Country qualified")
        self.years = QSpinBox()
        self.years.setRange(-1, 60)
        self.years.setSpecialValueText("Not recorded")
        self.years.setAccessibleName("Years of experience")
        self.goals = QPlainTextEdit()
        self.goals.setAccessibleName("Goals")
        self.goals.setTabChangesFocus(True)
        self.goals.setMaximumHeight(80)
        barriers = QWidget()
        column = QVBoxLayout(barriers)
        column.setContentsMargins(0, 0, 0, 0)
        self.barrier_boxes: dict[str, QCheckBox] = {}
        for barrier in choices.barriers():
            box = QCheckBox(barrier.label)
            box.setAccessibleName(f"Barrier: {barrier.label}")
            self.barrier_boxes[barrier.key] = box
            column.addWidget(box)
        barriers.setAccessibleName("Barriers")
        self.barriers_note = line("Barriers note")
        self.referral = combo(
            "Referral source",
            [("", "")] + [(r, r) for r in choices.referral_sources()],
            editable=True,
        )
        self.left_reason = combo(
            "Reason for leaving",
            [("", "")] + [(r, r) for r in choices.left_reasons()],
            editable=True,
        )
        self.joined = line("Date joined", "dd/mm/yyyy")
        for field, label, widget in (
            ("profession", "Prof&ession:", self.profession),
            ("country_qualified", "Country &qualified:", self.country),
            ("years_experience", "&Years of experience:", self.years),
            ("goals", "&Goals:", self.goals),
            ("barriers", "Barriers:", barriers),
            ("barriers_note", "Barr&iers note:", self.barriers_note),
            ("referral_source", "&Referred by:", self.referral),
            ("left_reason", "Reason for &leaving:", self.left_reason),
            ("joined_on", "Date &joined:", self.joined),
        ):
            self._row(form, field, label, widget)

    def _build_consent(self) -> None:
        form = self._tab("&Consent")
        self.consents: dict[str, tuple[QLineEdit, QLineEdit]] = {}
        for field, label in _CONSENTS.items():
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            given, withdrawn = (
                line(f"{label}: given on", "given dd/mm/yyyy"),
                line(f"{label}: withdrawn on", "withdrawn dd/mm/yyyy"),
            )
            row.addWidget(given)
            row.addWidget(withdrawn)
            self.consents[field] = (given, withdrawn)
            self._row(form, field, f"{label}:", pair, buddy=given)

    # --- values ----------------------------------------------------------------------------
    def set_details(self, d: VolunteerDetails, checks: tuple[CheckRecord, ...] = ()) -> None:
        self.clear_problems()
        self.given.setText(d.given_names)
        self.family.setText(d.family_name)
        self.preferred.setText(d.preferred_name)
        self.born.setText(uk_date(d.date_of_birth))
        self.phone.setText(display_phone(d.phone))
        self.email.setText(d.email)
        self.district.setText(d.postcode_district)
        self.languages.setText(
            ", ".join(
                s.language if not s.level else f"{s.language} ({s.level})" for s in d.languages
            )
        )
        self.english.setCurrentText(d.english_level)
        _select(self.status, d.status)
        self.leave_ends.setText(uk_date(d.leave_expires_on))
        _select(self.evidence, d.rtw_evidence)
        self.checked_on.setText(uk_date(d.rtw_checked_on))
        self.checked_by.setText(d.rtw_checked_by)
        self.follow_up.setText(uk_date(d.rtw_follow_up_on))
        for i, box in enumerate(self.reporting):
            box.setChecked(i in d.reporting_days)
        self.profession.setCurrentText(d.profession)
        self.country.setText(d.country_qualified)
        self.years.setValue(-1 if d.years_experience is None else d.years_experience)
        self.goals.setPlainText(d.goals)
        for key, box in self.barrier_boxes.items():
            box.setChecked(key in d.barriers)
        self.barriers_note.setText(d.barriers_note)
        self.referral.setCurrentText(d.referral_source)
        _select(self.role, d.role)
        _select(self.state, d.state)
        self.left_reason.setCurrentText(d.left_reason)
        self.joined.setText(uk_date(d.joined_on))
        for field, (given, withdrawn) in self.consents.items():
            consent: Consent = getattr(d, field)
            given.setText(uk_date(consent.given_on))
            withdrawn.setText(uk_date(consent.withdrawn_on))
        self.set_checks(checks)

    def offer_active(self, ready: bool) -> None:
        """Show "Make active" when the checks are all done and the state is not Active."""
        self._ready = ready
        self.make_active.setVisible(ready and self.state.currentData() != "active")

    def details(self) -> VolunteerDetails:
        """What the form holds, or FieldProblem for a date that cannot be read."""
        languages = []
        for part in self.languages.text().split(","):
            name, _, level = part.strip().partition("(")
            if name.strip():
                languages.append(LanguageSkill(name.strip(), level.rstrip(")").strip()))
        years = self.years.value()
        return replace(
            VolunteerDetails(),
            given_names=self.given.text(),
            family_name=self.family.text(),
            preferred_name=self.preferred.text(),
            date_of_birth=read_date("date_of_birth", "date of birth", self.born),
            phone=self.phone.text(),
            email=self.email.text(),
            postcode_district=self.district.text(),
            languages=tuple(languages),
            english_level=self.english.currentText().strip(),
            status=str(self.status.currentData()),
            leave_expires_on=read_date("leave_expires_on", "leave expiry date", self.leave_ends),
            rtw_evidence=str(self.evidence.currentData() or ""),
            rtw_checked_on=read_date("rtw_checked_on", "date checked", self.checked_on),
            rtw_checked_by=self.checked_by.text().strip(),
            rtw_follow_up_on=read_date("rtw_follow_up_on", "follow-up check date", self.follow_up),
            reporting_days=tuple(i for i, box in enumerate(self.reporting) if box.isChecked()),
            profession=self.profession.currentText().strip(),
            country_qualified=self.country.text().strip(),
            years_experience=None if years < 0 else years,
            goals=self.goals.toPlainText().strip(),
            barriers=tuple(k for k, box in self.barrier_boxes.items() if box.isChecked()),
            barriers_note=self.barriers_note.text().strip(),
            referral_source=self.referral.currentText().strip(),
            consent_records=self._consent("consent_records"),
            consent_sharing=self._consent("consent_sharing"),
            consent_follow_up=self._consent("consent_follow_up"),
            state=str(self.state.currentData()),
            left_reason=self.left_reason.currentText().strip(),
            role=str(self.role.currentData() or ""),
            joined_on=read_date("joined_on", "date joined", self.joined),
        )

    def _consent(self, field: str) -> Consent:
        given, withdrawn = self.consents[field]
        what = _CONSENTS[field].lower()
        return Consent(
            read_date(field, f"date of consent to {what}", given),
            read_date(field, f"date consent to {what} was withdrawn", withdrawn),
        )

    def _editors(self) -> dict[str, QWidget]:
        editors = super()._editors()
        for field, (given, withdrawn) in self.consents.items():
            editors[f"{field}:given"], editors[f"{field}:withdrawn"] = given, withdrawn
        for i, box in enumerate(self.reporting):
            editors[f"reporting:{i}"] = box
        for key, box in self.barrier_boxes.items():
            editors[f"barrier:{key}"] = box
        return editors


def _select(box: QComboBox, key: str) -> None:
    index = box.findData(key)
    box.setCurrentIndex(max(index, 0))
