"""A small fixed data set of generated people whose learning figures for 2026-Q3 (1 July to
30 September 2026) are counted by hand below; test_return_learning checks the return
workbook against these counts.

People (A, B, C, F share their data; D never agreed; E joined after the quarter):
- A joined 1 Jun, referred by a refugee charity; barriers English and Confidence ticked at
  registration (identified 1 Jun); English resolved 15 Aug. A no-show 20 Jun, first
  attended shift 6 Jul (35 days), first milestone 10 Aug (70 days). Paid job from 1 Apr:
  3-month follow-up 3 Jul in post ("Contract or course continued"); 6-month 1 Oct (after).
- B joined 3 Aug, referred by the Job Centre; Housing identified 3 Aug, resolved 5 Oct
  (after the quarter, so open at its end); Travel identified 10 Sep. First shift 10 Aug
  (7 days); no milestone. Training from 1 Jun: 3-month follow-up 2 Sep in study.
- C joined 10 Jan, no referral source; English identified 10 Jan, resolved 1 Mar;
  Digital identified 1 Feb, open. First shift 1 Feb (22 days), first milestone 20 Jul
  (191 days). Apprenticeship from 15 Jun: 3-month follow-up 20 Sep, left ("Health").
- F joined 1 Sep, referral typed as free text (so "Other"); nothing else.
- D (no consent) joined 1 Jul with English, shift 2 Jul, training follow-up 5 Jul.
- E joined 5 Oct with English.

By hand for 2026-Q3, over A, B, C and F only (F counts in referral sources alone):
- barriers identified 2 (B Housing, B Travel); resolved 1 (A English); open at the end 4
  (A Confidence, B Housing, B Travel, C Digital).
- by kind (identified, resolved, open): English 0/1/0, Confidence 0/0/1, Travel 1/0/1,
  Housing 1/0/1, Digital 0/0/1; the rest 0/0/0.
- first shift in the quarter: 2 (A, B). Days to first shift: by the end 3 people
  (7, 22, 35: lower median 22), in the quarter 2 (7, 35: lower median 7). Days to first
  milestone: by the end 2 (70, 191: lower median 70), in the quarter the same 2.
- referral sources (volunteers, enquiries in the quarter): Refugee charity 1/0,
  Job Centre 1/1, Other 1/1 (F), Not recorded 1/0.
- follow-ups done 3: in post 1 (A, 3 months), in study 1 (B, 3), left 1 (C, 3, Health).

A has a safeguarding case note with a next step on 30 Nov 2026 (NOTE below) and what
helped with English (HELPED): neither may leave the laptop."""

from __future__ import annotations

from datetime import date, time

from coordinator_app.data.vault import Vault
from coordinator_app.domain import onboarding
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.outcomes import OutcomeDetails
from coordinator_app.domain.shifts import ShiftTime
from coordinator_app.domain.volunteers import Consent, VolunteerDetails
from coordinator_app.services.shifts import placements, shifts
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.support import barriers, case_notes, outcomes, plans
from coordinator_app.services.support.case_notes import CaseNote
from coordinator_app.services.support.plans import MilestoneChange
from coordinator_app.services.volunteers import volunteers

TODAY = date(2026, 11, 27)
PERIOD = "2026-Q3"
ROLE = "non_patient_facing"
NOTE = "Quokka-7731 talked about a worry at home"
HELPED = "Zebra-5520 evening class"
NEXT_STEP = "Call back about the worry"
FREE_TEXT_REFERRAL = "Generated Neighbour Ostrich-4410"


def _person(
    vault: Vault,
    name: str,
    joined: date,
    referral: str,
    ticked: tuple[str, ...],
    sharing: bool = True,
) -> int:
    role = onboarding.role(ROLE)
    assert role is not None
    details = VolunteerDetails(
        given_names="Generated",
        family_name=f"Learning-{name}",
        status="refugee",
        role=ROLE,
        state="active",
        joined_on=joined,
        referral_source=referral,
        barriers=ticked,
        consent_records=Consent(joined),
        consent_sharing=Consent(joined) if sharing else Consent(),
    )
    checks = [CheckRecord(k, date(2026, 1, 5)) for k in role.items]
    return volunteers.register(vault, details, TODAY, checks, allow_duplicates=True).id


def _shift(vault: Vault, who: int, place: int, on: date, outcome: str) -> None:
    (booked,) = shifts.book(
        vault, who, place, ShiftTime(on, time(9), time(13)), TODAY, confirm_warnings=True
    )
    shifts.record_outcome(vault, booked.id, outcome)


def _milestone(vault: Vault, who: int, on: date) -> None:
    plans.add_pathway(vault, who, "healthcare_support_worker")
    first = plans.plan(vault, who, TODAY).milestones[0]
    plans.update_milestone(vault, first.id, MilestoneChange("achieved", None, on), TODAY)


def _follow_up(
    vault: Vault, who: int, details: OutcomeDetails, months: int, on: date, result: str, why: str
) -> int:
    outcome = outcomes.add_outcome(vault, who, details, TODAY)
    outcomes.record_follow_up(
        vault, outcome, months, on, True, "", TODAY, result=result, reason=why
    )
    return outcome


def fill(vault: Vault) -> dict[str, int]:
    a = _person(vault, "a", date(2026, 6, 1), "Refugee charity", ("english", "confidence"))
    b = _person(vault, "b", date(2026, 8, 3), "Job Centre", ())
    c = _person(vault, "c", date(2026, 1, 10), "", ())
    d = _person(vault, "d", date(2026, 7, 1), "Self-referral", ("english",), sharing=False)
    e = _person(vault, "e", date(2026, 10, 5), "Job Centre", ("english",))
    f = _person(vault, "f", date(2026, 9, 1), FREE_TEXT_REFERRAL, ())
    (english,) = [x for x in barriers.barriers(vault, a) if x.key == "english"]
    barriers.save_barrier(vault, english.id, date(2026, 6, 1), date(2026, 8, 15), HELPED, TODAY)
    housing = barriers.add_barrier(vault, b, "housing", date(2026, 8, 3), TODAY)
    barriers.save_barrier(vault, housing, date(2026, 8, 3), date(2026, 10, 5), "", TODAY)
    barriers.add_barrier(vault, b, "travel", date(2026, 9, 10), TODAY)
    old = barriers.add_barrier(vault, c, "english", date(2026, 1, 10), TODAY)
    barriers.save_barrier(vault, old, date(2026, 1, 10), date(2026, 3, 1), "", TODAY)
    barriers.add_barrier(vault, c, "digital", date(2026, 2, 1), TODAY)

    ward = placements.add_placement(vault, PlacementDetails("Generated Ward", ROLE, False)).id
    for who, on, outcome in (
        (a, date(2026, 6, 20), "no_show"),
        (a, date(2026, 7, 6), "attended"),
        (a, date(2026, 8, 3), "attended"),
        (b, date(2026, 8, 10), "late"),
        (c, date(2026, 2, 1), "attended"),
        (c, date(2026, 8, 5), "attended"),
        (d, date(2026, 7, 2), "attended"),
    ):
        _shift(vault, who, ward, on, outcome)
    _milestone(vault, a, date(2026, 8, 10))
    _milestone(vault, c, date(2026, 7, 20))

    job = OutcomeDetails("paid_job", date(2026, 4, 1), employer="Generated Employer", role="HCA")
    first = _follow_up(
        vault, a, job, 3, date(2026, 7, 3), "in_post", "Contract or course continued"
    )
    outcomes.record_follow_up(vault, first, 6, date(2026, 10, 1), True, "", TODAY)
    course = OutcomeDetails("training", date(2026, 6, 1), course="Generated Care Course")
    _follow_up(vault, b, course, 3, date(2026, 9, 2), "in_study", "")
    apprentice = OutcomeDetails(
        "apprenticeship", date(2026, 6, 15), employer="Generated Employer", role="Apprentice"
    )
    _follow_up(vault, c, apprentice, 3, date(2026, 9, 20), "left", "Health")
    _follow_up(vault, d, course, 3, date(2026, 7, 5), "in_study", "")

    case_notes.add_note(
        vault,
        a,
        CaseNote(date(2026, 11, 20), NOTE, True, NEXT_STEP, date(2026, 11, 30)),
        TODAY,
    )
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}
