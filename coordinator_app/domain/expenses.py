"""Volunteer expenses: only genuine out-of-pocket costs. Flat-rate or allowance payments
can count as pay; for people seeking asylum, who may not work, they are refused outright
(facts and rules from resources/immigration.json; no advice)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coordinator_app.domain import immigration
from coordinator_app.domain.errors import InvalidInput

KINDS = {
    "travel": "Travel (actual fares or mileage)",
    "meals": "Meals on a shift",
    "childcare": "Childcare while volunteering",
    "other": "Other actual cost",
    "flat_rate": "Flat-rate allowance",
}
ACTUAL_COSTS = ("travel", "meals", "childcare", "other")
MAX_CLAIM_PENCE = 50_000


@dataclass(frozen=True)
class ExpenseClaim:
    claimed_on: date
    kind: str
    amount_pence: int
    receipt: bool
    paid_on: date | None = None
    note: str = ""


def check_claim(claim: ExpenseClaim, status: str, today: date) -> list[str]:
    """Refuses what may not be paid (InvalidInput); returns warnings to show."""
    if claim.kind not in KINDS:
        raise InvalidInput("Choose the kind of expense from the list.", "")
    if not 0 < claim.amount_pence <= MAX_CLAIM_PENCE:
        raise InvalidInput(
            "The amount must be more than £0 and at most £500.", "Check the amount claimed."
        )
    if claim.claimed_on > today or (claim.paid_on is not None and claim.paid_on > today):
        raise InvalidInput("An expense date is in the future.", "Check the dates.")
    category = immigration.status_category(status)
    if claim.kind == "flat_rate" and category is not None and category.asylum_seeker:
        raise InvalidInput(
            "A flat-rate allowance cannot be paid to someone seeking asylum: they may only be "
            "repaid actual out-of-pocket costs, or it could count as paid work.",
            "Record the actual costs instead (travel, meals…), with receipts.",
        )
    warnings = []
    if claim.kind == "flat_rate":
        warnings.append(
            "Flat-rate payments can count as pay for volunteers: check your trust's policy."
        )
    if not claim.receipt:
        warnings.append("No receipt: keep a note of how the cost was checked.")
    return warnings
