"""Which backups to keep (7 daily, 4 weekly, 12 monthly, like a grandfather-father-son
rotation), when the next automatic one is due, and when the status bar should warn."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

DAILY, WEEKLY, MONTHLY = 7, 4, 12
AUTOMATIC_EVERY = timedelta(days=1)
WARN_AFTER = timedelta(days=7)


def to_keep(taken: Iterable[datetime], now: datetime) -> set[datetime]:
    """The newest backup of each of the last 7 days, 4 ISO weeks and 12 months that have
    one; everything else may go. The newest backup is always kept."""
    ordered = sorted(set(taken), reverse=True)
    keep: set[datetime] = set(ordered[:1])
    for bucket, count in (
        (lambda t: t.date(), DAILY),
        (lambda t: t.isocalendar()[:2], WEEKLY),
        (lambda t: (t.year, t.month), MONTHLY),
    ):
        seen: list[object] = []
        for stamp in ordered:
            key = bucket(stamp)
            if key not in seen:
                seen.append(key)
                if len(seen) > count:
                    break
                keep.add(stamp)
    return {t for t in keep if t <= now}


def automatic_due(last: datetime | None, now: datetime) -> bool:
    return last is None or now - last >= AUTOMATIC_EVERY


def needs_warning(last: datetime | None, now: datetime) -> bool:
    return last is None or now - last > WARN_AFTER
