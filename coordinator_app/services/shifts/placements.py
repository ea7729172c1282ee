"""Placements: the wards and departments volunteers are placed in, each with the volunteer
role it needs (which sets the DBS level and the checks), a supervisor and a description."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator_app.data import audit
from coordinator_app.data.models import PlacementRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain import onboarding
from coordinator_app.domain.errors import InvalidInput


@dataclass(frozen=True)
class Placement:
    id: int
    name: str
    role_description: str
    supervisor: str
    patient_facing: bool
    role: str
    archived: bool = False

    @property
    def role_label(self) -> str:
        found = onboarding.role(self.role)
        return found.label if found else self.role

    @property
    def dbs_level(self) -> str:
        found = onboarding.role(self.role)
        return found.dbs_level if found else ""

    @property
    def checks(self) -> tuple[str, ...]:
        """The labels of the checks a volunteer needs before a shift here."""
        found = onboarding.role(self.role)
        return tuple(onboarding.item(key).label for key in found.items) if found else ()


@dataclass(frozen=True)
class PlacementDetails:
    name: str
    role: str
    patient_facing: bool
    role_description: str = ""
    supervisor: str = ""


def add_placement(vault: Vault, details: PlacementDetails) -> Placement:
    details = _checked(details)
    with vault.unit_of_work() as session:
        _refuse_same_name(session, details.name, None)
        row = PlacementRow(archived=False)
        _apply(row, details)
        session.add(row)
        session.flush()
        audit.record(session, vault.actor, "placement_added", {"placement": row.id})
        return _placement(row)


def update_placement(vault: Vault, placement_id: int, details: PlacementDetails) -> Placement:
    details = _checked(details)
    with vault.unit_of_work() as session:
        row = _row(session, placement_id)
        _refuse_same_name(session, details.name, placement_id)
        _apply(row, details)
        audit.record(session, vault.actor, "placement_changed", {"placement": row.id})
        return _placement(row)


def set_archived(vault: Vault, placement_id: int, archived: bool) -> Placement:
    """Archived placements take no new bookings; their shifts and hours stay."""
    with vault.unit_of_work() as session:
        row = _row(session, placement_id)
        row.archived = archived
        action = "placement_archived" if archived else "placement_restored"
        audit.record(session, vault.actor, action, {"placement": row.id})
        return _placement(row)


def placements(vault: Vault, include_archived: bool = False) -> list[Placement]:
    with vault.unit_of_work() as session:
        query = select(PlacementRow).order_by(PlacementRow.name)
        if not include_archived:
            query = query.where(PlacementRow.archived.is_(False))
        return [_placement(r) for r in session.scalars(query)]


def _checked(details: PlacementDetails) -> PlacementDetails:
    name = " ".join(details.name.split())
    if not name:
        raise InvalidInput("Give the ward or department a name.", "")
    needed = onboarding.role(details.role)
    if needed is None:
        raise InvalidInput("Choose the volunteer role this placement needs.", "")
    if details.patient_facing and needed.dbs_level != "enhanced":
        raise InvalidInput(
            "A patient-facing placement needs a role with an enhanced DBS check.",
            "Choose a patient-facing role, or untick patient-facing.",
        )
    return PlacementDetails(
        name,
        details.role,
        details.patient_facing,
        details.role_description.strip(),
        details.supervisor.strip(),
    )


def _refuse_same_name(session: Session, name: str, own_id: int | None) -> None:
    other = session.scalar(select(PlacementRow.id).where(PlacementRow.name == name))
    if other is not None and other != own_id:
        raise InvalidInput(f"There is already a placement called {name}.", "Use another name.")


def _row(session: Session, placement_id: int) -> PlacementRow:
    row = session.get(PlacementRow, placement_id)
    if row is None:
        raise InvalidInput("That placement is no longer there.", "Refresh and try again.")
    return row


def _apply(row: PlacementRow, details: PlacementDetails) -> None:
    row.name, row.role, row.patient_facing = details.name, details.role, details.patient_facing
    row.role_description, row.supervisor = details.role_description, details.supervisor


def _placement(row: PlacementRow) -> Placement:
    return Placement(
        row.id,
        row.name,
        row.role_description,
        row.supervisor,
        row.patient_facing,
        row.role,
        row.archived,
    )
