"""Retention: when a volunteer's personal data is due for review (and then erasure): two
years (by default; ``resources/retention.json``) after they left or withdrew their consent
to their records being kept. Right-to-work evidence may need keeping for the length of any
employment plus two years: a person with a paid outcome is reviewed only after that."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coordinator_app.domain.onboarding import add_months
from coordinator_app.domain.resources import cached_rules, read_json


@dataclass(frozen=True)
class RetentionRules:
    years_after_leaving: int
    years_after_consent_withdrawn: int
    right_to_work_years: int


@cached_rules
def rules() -> RetentionRules:
    raw = read_json("retention.json")
    return RetentionRules(
        int(raw["review_years_after_leaving"]),
        int(raw["review_years_after_consent_withdrawn"]),
        int(raw["right_to_work_years_after_employment_ends"]),
    )


@dataclass(frozen=True)
class Due:
    since: date
    reason: str


def review_due(
    left_on: date | None,
    consent_withdrawn_on: date | None,
    paid_work_ended_on: date | None,
    today: date,
    rules: RetentionRules,
) -> Due | None:
    """When (and why) a person's data is due for review; None while it is still needed."""
    candidates = []
    if left_on is not None:
        candidates.append(
            Due(add_months(left_on, 12 * rules.years_after_leaving), f"left on {left_on:%d/%m/%Y}")
        )
    if consent_withdrawn_on is not None:
        candidates.append(
            Due(
                add_months(consent_withdrawn_on, 12 * rules.years_after_consent_withdrawn),
                f"withdrew consent to their records on {consent_withdrawn_on:%d/%m/%Y}",
            )
        )
    due = min((c for c in candidates if c.since <= today), key=lambda c: c.since, default=None)
    if due is not None and paid_work_ended_on is not None:
        kept_until = add_months(paid_work_ended_on, 12 * rules.right_to_work_years)
        if kept_until > today:
            return None  # right-to-work records are still to be kept
    return due
