"""The volunteer list as an xlsx for the coordinator's own use (named: it holds personal
data, so it is only written when the coordinator asks for it by name and place)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from coordinator_app.data import audit
from coordinator_app.data.vault import Vault
from coordinator_app.domain import immigration
from coordinator_app.domain.volunteers import STATE_LABELS, display_phone
from coordinator_app.export.sheets import Cell, write_table
from coordinator_app.services.volunteers import volunteers

HEADER = (
    "Code",
    "First name",
    "Last name",
    "Preferred name",
    "Date of birth",
    "Email",
    "Mobile/Phone",
    "Postcode district",
    "Immigration status",
    "State",
    "Ready to volunteer",
    "Profession",
    "Languages",
    "English level",
    "Date joined",
)


def export_volunteer_list(vault: Vault, path: Path, today: date) -> int:
    """Write every current volunteer to ``path``; returns how many rows were written."""
    records = volunteers.all_records(vault, today)
    rows: list[tuple[Cell, ...]] = []
    for r in records:
        d = r.details
        rows.append(
            (
                r.code,
                d.given_names,
                d.family_name,
                d.preferred_name,
                d.date_of_birth,
                d.email,
                display_phone(d.phone),
                d.postcode_district,
                immigration.status_label(d.status),
                STATE_LABELS.get(d.state, d.state),
                "Yes" if r.readiness.ready else "No",
                d.profession,
                ", ".join(s.language for s in d.languages),
                d.english_level,
                d.joined_on,
            )
        )
    write_table(path, "Volunteers", HEADER, rows, vault.clock.now())
    with vault.unit_of_work() as session:
        # Who took personal data off the vault, and how many rows (never the path's content).
        audit.record(session, vault.actor, "volunteer_list_exported", {"rows": len(rows)})
    return len(rows)
