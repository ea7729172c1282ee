"""Retention with an injected clock: who is due for review, who is still kept (recent
leavers, right-to-work records after paid work), and purge after confirmation."""

from __future__ import annotations

from datetime import date, timedelta

from coordinator_app.data.vault import Vault
from coordinator_app.domain.outcomes import OutcomeDetails
from coordinator_app.domain.retention import RetentionRules, review_due
from coordinator_app.domain.volunteers import Consent, VolunteerDetails
from coordinator_app.services.support import outcomes
from coordinator_app.services.volunteers import retention, volunteers

TODAY = date(2026, 11, 27)
RULES = RetentionRules(2, 2, 2)


def test_review_dates_follow_the_rules() -> None:
    left = date(2024, 6, 1)
    assert review_due(left, None, None, TODAY, RULES).since == date(2026, 6, 1)  # type: ignore[union-attr]
    assert review_due(date(2025, 6, 1), None, None, TODAY, RULES) is None
    withdrawn = review_due(None, date(2024, 1, 31), None, TODAY, RULES)
    assert withdrawn is not None and "withdrew consent" in withdrawn.reason
    assert review_due(left, None, date(2025, 9, 1), TODAY, RULES) is None  # right to work kept
    assert review_due(left, None, date(2024, 1, 1), TODAY, RULES) is not None


def _person(vault: Vault, family: str, **details: object) -> int:
    return volunteers.register(
        vault,
        VolunteerDetails(given_names="Generated", family_name=family, **details),  # type: ignore[arg-type]
        TODAY - timedelta(days=1200),
        allow_duplicates=True,
    ).id


def test_review_list_and_purge(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    staying = _person(vault, "Still-Active", state="active", joined_on=date(2024, 1, 1))
    withdrew = _person(
        vault,
        "Withdrew-Consent",
        consent_records=Consent(date(2023, 1, 5), date(2024, 2, 1)),
    )
    worked = _person(
        vault, "Paid-Work", consent_records=Consent(date(2023, 1, 5), date(2024, 2, 1))
    )
    outcomes.add_outcome(
        vault, worked, OutcomeDetails("training", date(2025, 10, 1), course="Care"), TODAY
    )
    listed = retention.review_list(vault, TODAY)
    assert {line.volunteer_id for line in listed} == {withdrew, worked}
    assert staying not in {line.volunteer_id for line in listed}
    assert retention.purge(vault, [withdrew, staying], TODAY) == 1  # only those due
    remaining = {line.volunteer_id for line in retention.review_list(vault, TODAY)}
    assert remaining == {worked}
    assert [
        r.name for r in volunteers.all_rows(vault, TODAY, include_archived=True) if r.id == withdrew
    ] == ["Erased"]
