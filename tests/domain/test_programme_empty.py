"""A kind of record no return holds (no milestones in the months covered, as in a quiet
summer, or a demo's months chosen before its data began) still totals 0 for each trust,
and the programme column 0: never an empty cell, which would read as "not in the returns"."""

from __future__ import annotations

from coordinator_app.domain.programme_figures import analyse
from coordinator_app.domain.programme_records import ReturnRecords
from coordinator_app.domain.suppression import MISSING, publish_all


def _quiet(trust: str, learning: bool) -> ReturnRecords:
    return ReturnRecords(
        trust=trust,
        period_label="2026-07",
        months=("2026-07",),
        totals={"shifts_attended": 12},
        milestones_by_pathway={},
        outcomes_by_kind={},
        reviews=(),
        barriers_by_kind={} if learning else None,
        referrals={} if learning else None,
        follow_ups={} if learning else None,
    )


def test_nothing_of_a_kind_totals_zero_per_trust_and_for_the_programme() -> None:
    records = [_quiet("KRH", learning=True), _quiet("RUH", learning=False)]
    published = {t.table.key: t for t in publish_all(analyse(records, {}))}
    for key, total in (("milestones", "All milestones"), ("outcomes", "All outcomes")):
        assert published[key].rows == published[key].rows[-1:]  # the total row alone
        label, cells = published[key].rows[-1]
        assert (label, [c.text for c in cells]) == (total, ["0", "0", "0"]), key
    # A figure only KRH's returns hold: RUH's cell says so, the programme counts KRH's 0.
    label, cells = published["referrals"].rows[-1]
    assert [c.text for c in cells] == ["0", MISSING, "0"]
