"""Date columns are typed, yet the vault's text is what it always was: a day written through
the ORM is stored as 'YYYY-MM-DD', and a day written as ISO text (by an older version, or by
the raw SQL of a migration) reads back as a date and is found by date queries."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import text

from coordinator_app.data.models import OutcomeRow, VolunteerRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.outcomes import OutcomeDetails
from coordinator_app.domain.shifts import ShiftTime
from coordinator_app.services.shifts import placements, register, shifts
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.support import outcomes
from tests.services.test_shifts import ROLE, TODAY, _volunteer

MONDAY = date(2026, 11, 23)


def test_days_are_stored_as_the_iso_text_older_vaults_hold(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    person = _volunteer(vault, ready=True)
    ward = placements.add_placement(vault, PlacementDetails("Generated Ward", ROLE, False))
    shifts.book(vault, person, ward.id, ShiftTime(MONDAY, time(9), time(13)), TODAY)
    with vault.unit_of_work() as session:
        stored = session.execute(
            text(
                "SELECT s.shift_date, v.ready_until, c.completed_on FROM shift s "
                "JOIN volunteer v ON v.id = s.volunteer_id "
                "JOIN onboarding_check c ON c.volunteer_id = v.id LIMIT 1"
            )
        ).one()
        row = session.get(VolunteerRow, person)
    assert row is not None and row.ready_until is not None
    ready_until = row.ready_until
    assert tuple(stored) == ("2026-11-23", ready_until.isoformat(), "2026-11-17")


def test_iso_text_already_in_a_vault_reads_back_as_dates(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    person = _volunteer(vault, ready=True)
    ward = placements.add_placement(vault, PlacementDetails("Generated Ward", ROLE, False))
    details = OutcomeDetails("training", date(2026, 10, 1), course="Generated Course")
    outcome = outcomes.add_outcome(vault, person, details, TODAY)
    with vault.unit_of_work() as session:
        # As an older version wrote them: plain text, never through the Date type.
        session.execute(
            text("UPDATE volunteer SET date_of_birth = '1990-05-17', joined_on = '2026-01-05'")
        )
        session.execute(
            text(
                "INSERT INTO shift (volunteer_id, placement_id, shift_date, month, start_time, "
                "end_time, planned_minutes, outcome, cancelled_by, service_minutes, "
                "override_reason, created_at, updated_at) VALUES (:v, :p, '2026-11-25', "
                "'2026-11', '09:00', '13:00', 240, 'planned', '', 0, '', 'x', 'x')"
            ),
            {"v": person, "p": ward.id},
        )
        session.execute(text("UPDATE outcome SET started_on = '2026-09-30'"))
    with vault.unit_of_work() as session:
        row = session.get(VolunteerRow, person)
        assert row is not None
        assert (row.date_of_birth, row.joined_on) == (date(1990, 5, 17), date(2026, 1, 5))
        started = session.get(OutcomeRow, outcome)
        assert started is not None and started.started_on == date(2026, 9, 30)
    (week,) = register.week_register(vault, MONDAY)
    assert [cell.start for cell in week.days[2]] == ["09:00"]  # Wednesday 25th, by date query
