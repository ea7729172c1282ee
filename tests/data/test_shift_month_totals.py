"""The monthly totals the shift table's triggers keep (migrations 0010 and 0013) always equal
the sum over the shifts themselves, whatever writes the shifts: random inserts, updates of
every counted column, alone and together, and deletes on a real SQLCipher vault."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.orm import Session

from coordinator_app.data.vault import Vault
from coordinator_app.services.shifts import placements
from coordinator_app.services.shifts.placements import PlacementDetails
from tests.services.test_shifts import _volunteer

MONTHS = ("2026-09", "2026-10", "2026-11")
OUTCOMES = ("planned", "attended", "late", "no_show", "cancelled")

insert = st.tuples(
    st.just("insert"),
    st.integers(0, 2),
    st.sampled_from(MONTHS),
    st.integers(0, 600),
    st.sampled_from(OUTCOMES),
)
update = st.tuples(
    st.just("update"),
    st.integers(0, 50),
    st.sampled_from(("volunteer", "month", "minutes", "outcome")),
    st.integers(0, 600),
    st.sampled_from(OUTCOMES),
)
delete = st.tuples(st.just("delete"), st.integers(0, 50))
# Several counted columns in one UPDATE: moved to another volunteer or month (or not) with
# new hours and outcome, as an edit or a merge writes them.
move = st.tuples(
    st.just("move"), st.integers(0, 50), st.integers(0, 600), st.sampled_from(OUTCOMES)
)


def _totals(session: Session) -> dict[tuple[int, str], tuple[int, int]]:
    kept = {
        (v, m): (s, a)
        for v, m, s, a in session.execute(
            text("SELECT volunteer_id, month, service_minutes, attended FROM shift_month_total")
        )
        if s or a  # a month emptied by deletes keeps a row of zeros
    }
    return kept


def _summed(session: Session) -> dict[tuple[int, str], tuple[int, int]]:
    rows = session.execute(
        text(
            "SELECT volunteer_id, month, sum(service_minutes), "
            "sum(outcome IN ('attended', 'late')) FROM shift GROUP BY volunteer_id, month"
        )
    )
    return {(v, m): (s, a) for v, m, s, a in rows if s or a}


def test_triggers_keep_totals_equal_to_the_shifts(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, _ = new_vault
    people = [_volunteer(vault, ready=True) for _ in range(3)]
    ward = placements.add_placement(
        vault, PlacementDetails("Generated Ward", "welcome_volunteer", False)
    )

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.one_of(insert, update, move, delete), min_size=1, max_size=30))
    # New hours and outcome written with the same volunteer and month: counted once.
    @example([("insert", 0, MONTHS[0], 100, "attended"), ("move", 0, 0, "planned")])
    def check(operations: list[tuple[object, ...]]) -> None:
        with vault.unit_of_work() as session:
            session.execute(text("DELETE FROM shift"))
            for op in operations:
                ids = [i for (i,) in session.execute(text("SELECT id FROM shift ORDER BY id"))]
                if op[0] == "insert":
                    _, who, month, minutes, outcome = op
                    session.execute(
                        text(
                            "INSERT INTO shift (volunteer_id, placement_id, shift_date, month, "
                            "start_time, end_time, planned_minutes, outcome, cancelled_by, "
                            "service_minutes, override_reason, created_at, updated_at) VALUES "
                            "(:v, :p, :d, :m, '09:00', '13:00', 240, :o, '', :s, '', 'x', 'x')"
                        ),
                        {
                            "v": people[who],
                            "p": ward.id,
                            "d": f"{month}-10",
                            "m": month,
                            "o": outcome,
                            "s": minutes,
                        },
                    )
                elif ids and op[0] == "update":
                    _, n, column, number, outcome = op
                    target = ids[n % len(ids)]
                    value, sql = {
                        "volunteer": (people[number % 3], "volunteer_id = :x"),
                        "month": (MONTHS[number % 3], "month = :x"),
                        "minutes": (number, "service_minutes = :x"),
                        "outcome": (outcome, "outcome = :x"),
                    }[str(column)]
                    session.execute(
                        text(f"UPDATE shift SET {sql} WHERE id = :id"),  # noqa: S608 (fixed SQL)
                        {"x": value, "id": target},
                    )
                elif ids and op[0] == "move":
                    _, n, number, outcome = op
                    session.execute(
                        text(
                            "UPDATE shift SET volunteer_id = :v, month = :m, "
                            "service_minutes = :s, outcome = :o WHERE id = :id"
                        ),
                        {
                            "v": people[number % 3],
                            "m": MONTHS[number // 3 % 3],
                            "s": number,
                            "o": outcome,
                            "id": ids[n % len(ids)],
                        },
                    )
                elif ids and op[0] == "delete":
                    session.execute(
                        text("DELETE FROM shift WHERE id = :id"), {"id": ids[op[1] % len(ids)]}
                    )
            assert _totals(session) == _summed(session)
            session.rollback()  # each example starts from the same vault

    check()
