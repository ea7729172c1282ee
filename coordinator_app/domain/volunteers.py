"""A volunteer's record as plain values, and the programme's rules on it.

``validate`` returns the record in its stored form (phone in E.164, email normalised, only
the postcode district kept) or raises InvalidRecord naming each field's problem. Rules that
follow law or policy come from ``resources/`` through ``immigration`` and ``onboarding``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from coordinator_app.domain import choices, immigration, onboarding
from coordinator_app.domain.errors import InvalidRecord

STATES = ("enquiry", "onboarding", "active", "paused", "left")
STATE_LABELS = {
    "enquiry": "Enquiry",
    "onboarding": "Onboarding",
    "active": "Active",
    "paused": "Paused",
    "left": "Left",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MIN_AGE = 16
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)(?:\s*[0-9][A-Z]{2})?$")
DATE_FORMAT = "%d/%m/%Y"


@dataclass(frozen=True)
class LanguageSkill:
    language: str
    level: str = ""  # CEFR level or a test score, e.g. "B2" or "IELTS 6.5"


@dataclass(frozen=True)
class Consent:
    given_on: date | None = None
    withdrawn_on: date | None = None

    @property
    def active(self) -> bool:
        return self.given_on is not None and self.withdrawn_on is None


@dataclass(frozen=True)
class VolunteerDetails:
    """Everything on the volunteer form (no internal ids, no pseudonym)."""

    given_names: str = ""
    family_name: str = ""
    preferred_name: str = ""
    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    postcode_district: str = ""
    languages: tuple[LanguageSkill, ...] = ()
    english_level: str = ""
    status: str = "not_known"
    leave_expires_on: date | None = None
    rtw_evidence: str = ""
    rtw_checked_on: date | None = None
    rtw_checked_by: str = ""
    rtw_follow_up_on: date | None = None
    reporting_days: tuple[int, ...] = ()  # 0 = Monday
    profession: str = ""
    country_qualified: str = ""
    years_experience: int | None = None
    goals: str = ""
    barriers: tuple[str, ...] = ()
    barriers_note: str = ""
    referral_source: str = ""
    consent_records: Consent = field(default_factory=Consent)
    consent_sharing: Consent = field(default_factory=Consent)
    consent_follow_up: Consent = field(default_factory=Consent)
    state: str = "enquiry"
    left_reason: str = ""
    role: str = ""
    joined_on: date | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.family_name) if p)

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.given_names:
            return f"{self.full_name} ({self.preferred_name})"
        return self.full_name


def validate(details: VolunteerDetails, today: date) -> VolunteerDetails:
    """The record as stored, or InvalidRecord with a sentence per field that is wrong."""
    problems: dict[str, str] = {}
    d = replace(
        details,
        given_names=details.given_names.strip(),
        family_name=details.family_name.strip(),
        preferred_name=details.preferred_name.strip(),
    )
    if not d.given_names and not d.family_name:
        problems["given_names"] = "Enter at least one name, as the person writes it."
    d = _check_birth(d, today, problems)
    d = _check_contact(d, problems)
    _check_status(d, today, problems)
    _check_choices(d, problems)
    _check_consents(d, problems)
    if problems:
        raise InvalidRecord(problems)
    return d


def _check_birth(d: VolunteerDetails, today: date, problems: dict[str, str]) -> VolunteerDetails:
    born = d.date_of_birth
    if born is not None:
        if born > today:
            problems["date_of_birth"] = "The date of birth is in the future."
        elif _age(born, today) < MIN_AGE:
            problems["date_of_birth"] = f"Volunteers must be at least {MIN_AGE} years old."
        elif _age(born, today) > 100:
            problems["date_of_birth"] = "That date of birth makes the person over 100: check it."
    return d


def _check_contact(d: VolunteerDetails, problems: dict[str, str]) -> VolunteerDetails:
    phone, email, district = d.phone.strip(), d.email.strip(), d.postcode_district
    if phone:
        try:
            number = phonenumbers.parse(phone, "GB")
            if not phonenumbers.is_valid_number(number):
                raise phonenumbers.NumberParseException(0, "invalid")
            phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            problems["phone"] = "That is not a phone number that can be dialled: check the digits."
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            problems["email"] = (
                "That email address is not complete: it should look like name@example.org."
            )
    district = district.strip().upper()
    if district:
        match = _POSTCODE.match(district)
        if match is None:
            problems["postcode_district"] = (
                "Enter the first half of the postcode, e.g. BA1 or SW1A."
            )
        else:
            district = match.group(1)  # only the district is kept: less to lose
    return replace(d, phone=phone, email=email, postcode_district=district)


def _check_status(d: VolunteerDetails, today: date, problems: dict[str, str]) -> None:
    category = immigration.status_category(d.status)
    if category is None:
        problems["status"] = "Choose an immigration status from the list (or 'Not known yet')."
        return
    if d.leave_expires_on is not None and not category.time_limited:
        problems["leave_expires_on"] = (
            f"{category.label} has no end date here: leave the expiry date empty."
        )
    if d.rtw_follow_up_on is not None and not category.time_limited:
        problems["rtw_follow_up_on"] = (
            "No follow-up check is needed for someone whose right to work has no time limit."
        )
    if d.reporting_days and not category.asylum_seeker:
        problems["reporting_days"] = (
            "Home Office reporting days are recorded for people seeking asylum only."
        )
    if any(day not in range(7) for day in d.reporting_days):
        problems["reporting_days"] = "Reporting days must be days of the week."
    if d.rtw_evidence:
        if d.rtw_evidence not in {e.key for e in immigration.evidence_types()}:
            problems["rtw_evidence"] = "Choose the kind of right-to-work evidence from the list."
        if d.rtw_checked_on is None:
            problems["rtw_checked_on"] = "Enter the date the right-to-work evidence was checked."
        elif d.rtw_checked_on > today:
            problems["rtw_checked_on"] = "The check date is in the future."
        if not d.rtw_checked_by.strip():
            problems["rtw_checked_by"] = "Enter who checked the right-to-work evidence."
    elif d.rtw_checked_on is not None or d.rtw_follow_up_on is not None:
        problems["rtw_evidence"] = "Choose the kind of evidence that was checked."


def _check_choices(d: VolunteerDetails, problems: dict[str, str]) -> None:
    if d.state not in STATES:
        problems["state"] = "Choose a state from the list."
    if d.state == "left" and not d.left_reason.strip():
        problems["left_reason"] = "Say why the volunteer left (choose from the list or type)."
    if d.state != "left" and d.left_reason.strip():
        problems["left_reason"] = "A reason for leaving is only kept when the state is Left."
    if d.role and onboarding.role(d.role) is None:
        problems["role"] = "Choose a volunteer role from the list."
    known = {b.key for b in choices.barriers()}
    if any(b not in known for b in d.barriers):
        problems["barriers"] = "Choose barriers from the list; add detail in the note."
    if d.years_experience is not None and not 0 <= d.years_experience <= 60:
        problems["years_experience"] = "Years of experience must be between 0 and 60."
    if any(not skill.language.strip() for skill in d.languages):
        problems["languages"] = "Each language needs a name."


def _check_consents(d: VolunteerDetails, problems: dict[str, str]) -> None:
    for name, consent in (
        ("consent_records", d.consent_records),
        ("consent_sharing", d.consent_sharing),
        ("consent_follow_up", d.consent_follow_up),
    ):
        if consent.withdrawn_on is not None and consent.given_on is None:
            problems[name] = "Consent can only be withdrawn after it was given: enter both dates."
        elif consent.withdrawn_on and consent.given_on and consent.withdrawn_on < consent.given_on:
            problems[name] = "Consent was withdrawn before it was given: check the dates."


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def display_phone(stored: str) -> str:
    """A stored (E.164) number as people write it: UK numbers in national form."""
    if not stored:
        return ""
    try:
        number = phonenumbers.parse(stored, "GB")
    except phonenumbers.NumberParseException:
        return stored
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


# --- rules read by screens, shifts and returns ---------------------------------------------
def may_be_employed(d: VolunteerDetails) -> bool:
    """Never record an asylum seeker as employed unless permission to work is recorded."""
    category = immigration.status_category(d.status)
    return category is not None and category.may_work


def rtw_follow_up_due(d: VolunteerDetails) -> date | None:
    """When the right to work must be checked again: None when it has no time limit."""
    category = immigration.status_category(d.status)
    if category is None or not category.time_limited:
        return None
    return d.rtw_follow_up_on or d.leave_expires_on


def status_notes(d: VolunteerDetails, today: date) -> list[str]:
    """Plain reminders shown on the record (facts and prompts, never advice)."""
    category = immigration.status_category(d.status)
    notes: list[str] = []
    if category is None:
        return notes
    if category.asylum_seeker and not category.may_work:
        notes.append(
            "May volunteer but not work. Pay only genuine out-of-pocket expenses, "
            "never flat-rate payments."
        )
    if category.asylum_seeker and category.may_work:
        notes.append("Permission to work covers only the occupations the Home Office lists.")
    if category.asylum_seeker and d.reporting_days:
        days = ", ".join(WEEKDAYS[i] for i in sorted(d.reporting_days))
        notes.append(f"Reports to the Home Office on {days}: shifts on these days will warn.")
    if d.status == "not_known":
        notes.append("Immigration status not recorded yet: record it before any paid-work steps.")
    due = rtw_follow_up_due(d)
    if due is not None and due <= today:
        notes.append(f"Right-to-work follow-up check was due {due.strftime(DATE_FORMAT)}.")
    elif category.may_work and not d.rtw_evidence and d.state != "left":
        notes.append("No right-to-work check recorded yet.")
    return notes
