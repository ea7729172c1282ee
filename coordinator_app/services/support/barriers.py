"""A volunteer's barriers to work with their dates: when each was identified, when it was
resolved (or that it is still open), and what helped. The note of what helped stays in the
vault: returns carry the barrier and its months only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coordinator_app.data import audit
from coordinator_app.data import barriers as store
from coordinator_app.data.models import BarrierRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain import choices
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.services.guards import current_volunteer


@dataclass(frozen=True)
class BarrierRecord:
    id: int
    key: str
    identified_on: date
    resolved_on: date | None
    helped: str

    @property
    def label(self) -> str:
        return choices.barrier_label(self.key)

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


def barriers(vault: Vault, volunteer_id: int) -> list[BarrierRecord]:
    with vault.unit_of_work() as session:
        current_volunteer(session, volunteer_id)
        return [_record(r) for r in store.rows_of(session, volunteer_id)]


def add_barrier(vault: Vault, volunteer_id: int, key: str, identified_on: date, today: date) -> int:
    if key not in {b.key for b in choices.barriers()}:
        raise InvalidInput("Choose the barrier from the list.", "Add detail in the note.")
    _not_ahead(identified_on, today, "identified")
    with vault.unit_of_work() as session:
        person = current_volunteer(session, volunteer_id)
        if any(r.key == key and r.resolved_on is None for r in store.rows_of(session, person.id)):
            raise InvalidInput(
                f"{choices.barrier_label(key)} is already an open barrier.",
                "Resolve it first, or change its dates.",
            )
        row = BarrierRow(volunteer_id=person.id, key=key, identified_on=identified_on, helped="")
        session.add(row)
        session.flush()
        store.refresh_open(session, person)
        audit.record(session, vault.actor, "barrier_added", {"code": person.code, "barrier": key})
        return row.id


def save_barrier(
    vault: Vault,
    barrier_id: int,
    identified_on: date,
    resolved_on: date | None,
    helped: str,
    today: date,
) -> None:
    """Its dates and what helped: a resolved day closes it, none opens it again."""
    _not_ahead(identified_on, today, "identified")
    if resolved_on is not None:
        _not_ahead(resolved_on, today, "resolved")
        if resolved_on < identified_on:
            raise InvalidInput(
                "A barrier cannot be resolved before it was identified.", "Check the dates."
            )
    with vault.unit_of_work() as session:
        row = session.get(BarrierRow, barrier_id)
        if row is None:
            raise InvalidInput("That barrier is no longer there.", "Refresh and try again.")
        person = current_volunteer(session, row.volunteer_id)
        row.identified_on, row.resolved_on, row.helped = identified_on, resolved_on, helped.strip()
        session.flush()
        store.refresh_open(session, person)
        # The note stays out of the audit log: it is free text about the person.
        audit.record(
            session,
            vault.actor,
            "barrier_updated",
            {"code": person.code, "barrier": row.key, "resolved": resolved_on is not None},
        )


def _not_ahead(on: date, today: date, what: str) -> None:
    if on > today:
        raise InvalidInput(f"The day it was {what} is in the future.", "Check the date.")


def _record(row: BarrierRow) -> BarrierRecord:
    return BarrierRecord(row.id, row.key, row.identified_on, row.resolved_on, row.helped)
