"""Expense claims: actual out-of-pocket costs only (the rules are in domain.expenses), listed
by month, marked paid; approved months are locked like shifts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from coordinator_app.data import audit
from coordinator_app.data.models import ExpenseRow, MonthApprovalRow, VolunteerRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.expenses import KINDS, ExpenseClaim, check_claim
from coordinator_app.domain.shifts import month_of
from coordinator_app.services.guards import current_volunteer, refuse_if_locked


@dataclass(frozen=True)
class ExpenseRecord:
    id: int
    volunteer_id: int
    volunteer_name: str
    volunteer_code: str
    claimed_on: date
    kind: str
    amount_pence: int
    receipt: bool
    paid_on: date | None
    note: str
    locked: bool

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class SavedClaim:
    id: int
    warnings: tuple[str, ...]


def add_expense(vault: Vault, volunteer_id: int, claim: ExpenseClaim, today: date) -> SavedClaim:
    """Saves an allowed claim and returns the warnings to show (no receipt, flat rate)."""
    with vault.unit_of_work() as session:
        volunteer = current_volunteer(session, volunteer_id)
        warnings = check_claim(claim, volunteer.status, today)
        refuse_if_locked(session, month_of(claim.claimed_on))
        row = ExpenseRow(
            volunteer_id=volunteer_id,
            claimed_on=claim.claimed_on,
            month=month_of(claim.claimed_on),
            kind=claim.kind,
            amount_pence=claim.amount_pence,
            receipt=claim.receipt,
            paid_on=claim.paid_on,
            note=claim.note.strip(),
            created_at=audit.utc_now_text(session),
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            vault.actor,
            "expense_added",
            {"code": volunteer.code, "expense": row.id, "pence": claim.amount_pence},
        )
        return SavedClaim(row.id, tuple(warnings))


def mark_paid(vault: Vault, expense_id: int, paid_on: date, today: date) -> None:
    if paid_on > today:
        raise InvalidInput("The paid date is in the future.", "Check the date.")
    with vault.unit_of_work() as session:
        row = session.get(ExpenseRow, expense_id)
        if row is None:
            raise InvalidInput("That claim is no longer there.", "Refresh and try again.")
        refuse_if_locked(session, row.month)
        if paid_on < row.claimed_on:
            raise InvalidInput("A claim cannot be paid before it was made.", "Check the date.")
        row.paid_on = paid_on
        audit.record(session, vault.actor, "expense_paid", {"expense": row.id})


def expenses_in_month(vault: Vault, month: str) -> list[ExpenseRecord]:
    with vault.unit_of_work() as session:
        rows = session.execute(
            select(
                ExpenseRow,
                VolunteerRow.given_names,
                VolunteerRow.family_name,
                VolunteerRow.code,
                MonthApprovalRow.locked,
            )
            .join(VolunteerRow, VolunteerRow.id == ExpenseRow.volunteer_id)
            .outerjoin(MonthApprovalRow, MonthApprovalRow.month == ExpenseRow.month)
            .where(ExpenseRow.month == month)
            .order_by(ExpenseRow.claimed_on, ExpenseRow.id)
        )
        return [
            ExpenseRecord(
                id=row.id,
                volunteer_id=row.volunteer_id,
                volunteer_name=f"{given} {family}".strip(),
                volunteer_code=code,
                claimed_on=row.claimed_on,
                kind=row.kind,
                amount_pence=row.amount_pence,
                receipt=row.receipt,
                paid_on=row.paid_on,
                note=row.note,
                locked=bool(locked),
            )
            for row, given, family, code, locked in rows
        ]
