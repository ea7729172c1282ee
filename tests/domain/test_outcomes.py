"""Outcomes: paid work only when the status allows work, required details per kind, NHS
bands, and the 3, 6 and 12 month follow-ups."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.outcomes import (
    KINDS,
    LEFT_REASONS,
    FollowUp,
    OutcomeDetails,
    check_outcome,
    follow_ups,
    follow_ups_due,
)

TODAY = date(2026, 11, 27)
JOB = OutcomeDetails(
    "paid_job",
    date(2026, 11, 1),
    employer="Royal United Hospitals Bath",
    nhs=True,
    role="Healthcare support worker",
    band="3",
    hours_per_week=37.5,
)


@pytest.mark.parametrize("kind", ["paid_job", "apprenticeship"])
def test_paid_work_is_refused_for_an_asylum_seeker_without_permission(kind: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_outcome(replace(JOB, kind=kind), "asylum_seeker", TODAY)
    assert refused.value.message == (
        "Paid work cannot be recorded for someone seeking asylum unless their permission to "
        "work is recorded."
    )
    assert refused.value.next_step == (
        "If the Home Office has given permission to work, record it on their status "
        "(Asylum seeker with permission to work) first."
    )


@pytest.mark.parametrize("status", ["asylum_seeker_ptw", "refugee", "settled"])
def test_paid_work_is_recorded_when_the_status_allows_work(status: str) -> None:
    assert check_outcome(JOB, status, TODAY) == JOB


@pytest.mark.parametrize("status", ["not_known", "", "no_such_status"])
def test_paid_work_waits_for_a_known_status(status: str) -> None:
    with pytest.raises(InvalidInput, match="immigration status") as refused:
        check_outcome(JOB, status, TODAY)
    assert "right-to-work check" in refused.value.next_step
    assert "seeking asylum" not in refused.value.message


@pytest.mark.parametrize(
    "details",
    [
        OutcomeDetails("training", TODAY, course="Care Certificate"),
        OutcomeDetails("study", TODAY, course="Access to Nursing"),
        OutcomeDetails("continued_volunteering", TODAY),
        OutcomeDetails("left", TODAY, reason="Moved away"),
    ],
)
def test_unpaid_outcomes_are_allowed_for_asylum_seekers(details: OutcomeDetails) -> None:
    assert check_outcome(details, "asylum_seeker", TODAY) == details


@pytest.mark.parametrize(
    ("details", "words"),
    [
        (replace(JOB, employer="  "), "employer and the role"),
        (replace(JOB, kind="apprenticeship", role=""), "employer and the role"),
        (OutcomeDetails("training", TODAY), "course"),
        (OutcomeDetails("study", TODAY, course=" "), "course"),
        (OutcomeDetails("left", TODAY), "why"),
        (OutcomeDetails("left", TODAY, reason="Fell out with the ward"), "why"),
        (OutcomeDetails("volunteering", TODAY), "from the list"),
        (OutcomeDetails("continued_volunteering", date(2027, 12, 1)), "more than a year"),
    ],
)
def test_required_details_per_kind(details: OutcomeDetails, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        check_outcome(details, "refugee", TODAY)


def test_text_is_tidied_and_listed_reasons_spelt_as_listed() -> None:
    messy = replace(JOB, employer="  Royal United\n Hospitals   Bath ", band=" 8A ", note=" a\nb ")
    tidy = check_outcome(messy, "refugee", TODAY)
    assert (tidy.employer, tidy.band, tidy.note) == ("Royal United Hospitals Bath", "8a", "a\nb")
    left = check_outcome(OutcomeDetails("left", TODAY, reason=" lost  CONTACT"), "", TODAY)
    assert left.reason == "Lost contact"
    assert set(LEFT_REASONS) >= {"Moved away", "Health", "Immigration decision", "Other"}
    assert KINDS["training"] == "Training or course"


def test_bands_are_agenda_for_change_and_only_for_nhs_jobs() -> None:
    for band in ("2", "5", "8d", "9", ""):
        assert check_outcome(replace(JOB, band=band), "refugee", TODAY).band == band
    for band in ("1", "10", "8e", "five"):
        with pytest.raises(InvalidInput, match="Agenda for Change band"):
            check_outcome(replace(JOB, band=band), "refugee", TODAY)
    with pytest.raises(InvalidInput, match="only recorded for NHS jobs"):
        check_outcome(replace(JOB, nhs=False), "refugee", TODAY)
    assert check_outcome(replace(JOB, nhs=False, band=""), "refugee", TODAY).band == ""


@pytest.mark.parametrize(("hours", "ok"), [(0.5, False), (1, True), (48, True), (48.5, False)])
def test_hours_a_week_are_bounded(hours: float, ok: bool) -> None:
    details = replace(JOB, hours_per_week=hours)
    if ok:
        assert check_outcome(details, "refugee", TODAY).hours_per_week == hours
    else:
        with pytest.raises(InvalidInput, match="Hours a week"):
            check_outcome(details, "refugee", TODAY)
    assert check_outcome(replace(JOB, hours_per_week=None), "refugee", TODAY) == replace(
        JOB, hours_per_week=None
    )


def test_follow_ups_at_3_6_and_12_months_keep_month_ends() -> None:
    assert follow_ups(date(2026, 8, 31)) == (
        FollowUp(3, date(2026, 11, 30)),
        FollowUp(6, date(2027, 2, 28)),
        FollowUp(12, date(2027, 8, 31)),
    )
    assert follow_ups(date(2027, 8, 31))[1] == FollowUp(6, date(2028, 2, 29))  # leap year


def test_follow_ups_due_skip_done_ones_and_look_ahead() -> None:
    started = date(2026, 6, 1)  # due 1 Sep 2026, 1 Dec 2026, 1 Jun 2027
    assert follow_ups_due(started, done=set(), today=TODAY) == [
        FollowUp(3, date(2026, 9, 1)),
        FollowUp(6, date(2026, 12, 1)),
    ]
    assert follow_ups_due(started, done={3}, today=TODAY) == [FollowUp(6, date(2026, 12, 1))]
    assert follow_ups_due(started, done=[3], today=TODAY, within_days=3) == []
    assert follow_ups_due(started, done={3, 6, 12}, today=date(2028, 1, 1)) == []
    assert [f.months for f in follow_ups_due(started, (), date(2027, 5, 18))] == [3, 6, 12]
