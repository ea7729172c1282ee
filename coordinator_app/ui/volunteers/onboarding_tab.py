"""The volunteer form's Onboarding tab: each check's done and expiry dates, marked with what
the chosen role needs (and the DBS level it needs)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from coordinator_app.domain import onboarding
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.wording import counted
from coordinator_app.ui.volunteers.form_tabs import FieldTabs, read_date
from coordinator_app.ui.widgets.dates import parse_uk_date, uk_date
from coordinator_app.ui.widgets.fields import line
from coordinator_app.ui.widgets.fit import fits_placeholder
from coordinator_app.ui.widgets.passphrase_fields import make_bold


def _suggestion(ends: date | None, months: int) -> str:
    valid = counted(months // 12, "year") if months % 12 == 0 else counted(months, "month")
    return f"suggested {uk_date(ends)} ({valid})"


class OnboardingTab(FieldTabs):
    """Builds its tab last, once ``role`` (on another tab) exists."""

    role: QComboBox

    def _build_onboarding(self) -> None:
        form = self._tab("&Onboarding")
        self.readiness = QLabel()
        self.readiness.setWordWrap(True)
        self.readiness.setAccessibleDescription("Ready to volunteer")
        make_bold(self.readiness)
        form.addRow(self.readiness)
        self.check_fields: dict[str, tuple[QLineEdit, QLineEdit]] = {}
        self.check_labels: dict[str, QLabel] = {}
        for item in onboarding.check_items():
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            done, expires = (
                line(f"{item.label}: done on", "done dd/mm/yyyy"),
                line(f"{item.label}: expires on", "expires dd/mm/yyyy"),
            )
            if item.expires_months:  # room for the suggestion it will show
                fits_placeholder(expires, "00/00/0000", _suggestion(date.max, item.expires_months))
            row.addWidget(done)
            row.addWidget(expires)
            self.check_fields[item.key] = (done, expires)
            done.textChanged.connect(lambda _, key=item.key: self.suggest_expiry(key))
            label = self._row(form, f"check:{item.key}", f"{item.label}:", pair, buddy=done)
            if label is not None:
                self.check_labels[item.key] = label
        self.role.currentIndexChanged.connect(self.mark_role_checks)

    def mark_role_checks(self) -> None:
        """Say which checks the chosen role needs (and the DBS level it needs)."""
        role = onboarding.role(str(self.role.currentData() or ""))
        for key, label in self.check_labels.items():
            text = onboarding.item(key).label
            if role is not None and key == "dbs":
                text += f" ({role.dbs_level})"
            if role is not None and key not in role.items:
                text += " (not needed for this role)"
            label.setText(f"{text}:")

    def suggest_expiry(self, key: str) -> None:
        """The expiry the check's validity gives, shown in the empty expiry field as a
        suggestion: the coordinator types it (or another date); nothing is saved unseen."""
        done, expires = self.check_fields[key]
        months = onboarding.item(key).expires_months
        try:
            completed = parse_uk_date("date", done.text())
        except InvalidInput:
            completed = None
        if completed is None or not months:
            expires.setPlaceholderText("expires dd/mm/yyyy")
            return
        expires.setPlaceholderText(_suggestion(onboarding.default_expiry(key, completed), months))

    def set_checks(self, checks: tuple[CheckRecord, ...]) -> None:
        self.mark_role_checks()
        by_key = {c.key: c for c in checks}
        for key, (done, expires) in self.check_fields.items():
            record = by_key.get(key)
            done.setText(uk_date(record.completed_on if record else None))
            expires.setText(uk_date(record.expires_on if record else None))

    def checks(self) -> list[CheckRecord]:
        """The checks with a date, or FieldProblem for a date that cannot be read."""
        records = []
        for key, (done, expires) in self.check_fields.items():
            name = onboarding.item(key).label
            completed = read_date(f"check:{key}", f"{name} date", done)
            ends = read_date(f"check:{key}", f"{name} expiry date", expires)
            if completed or ends:
                records.append(CheckRecord(key, completed, ends, ""))
        return records

    def _editors(self) -> dict[str, QWidget]:
        editors = super()._editors()
        for key, (done, expires) in self.check_fields.items():
            editors[f"check:{key}:done"], editors[f"check:{key}:expires"] = done, expires
        return editors
