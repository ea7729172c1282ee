"""The backup rotation and the warnings, with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coordinator_app.domain.backups import automatic_due, needs_warning, to_keep

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


def test_rotation_keeps_7_daily_4_weekly_12_monthly() -> None:
    # Two backups a day for 500 days.
    taken = [NOW - timedelta(hours=12 * n) for n in range(1000)]
    kept = to_keep(taken, NOW)
    assert NOW in kept
    days = {t.date() for t in kept if NOW - t < timedelta(days=7)}
    assert len(days) == 7  # one a day for the last week
    months = {(t.year, t.month) for t in kept}
    assert len(months) == 12  # and one for each of twelve months
    assert len(kept) <= 7 + 4 + 12
    assert all(
        max(t for t in taken if t.date() == k.date()) == k for k in kept
    )  # newest of its day


def test_a_week_without_a_backup_warns_and_a_day_makes_one_due() -> None:
    assert needs_warning(None, NOW) and automatic_due(None, NOW)
    assert not needs_warning(NOW - timedelta(days=6), NOW)
    assert needs_warning(NOW - timedelta(days=8), NOW)
    assert not automatic_due(NOW - timedelta(hours=5), NOW)
    assert automatic_due(NOW - timedelta(days=1), NOW)
