"""Onboarding: which checks each volunteer role needs (``resources/onboarding.json``), when a
completed check expires, whether a volunteer is ready to volunteer, and what expires soon.

Shifts should not be booked before the required checks are done, so readiness is computed
from the records every time, never stored.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from coordinator_app.domain.resources import cached_rules, read_json


@dataclass(frozen=True)
class CheckItem:
    key: str
    label: str
    expires_months: int | None


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    dbs_level: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class CheckRecord:
    """One check for one volunteer: done on a date; ``expires_on`` as recorded (a DBS
    Update Service check or a training certificate may set its own)."""

    key: str
    completed_on: date | None = None
    expires_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class Readiness:
    ready: bool
    reason: str
    missing: tuple[str, ...] = ()
    expired: tuple[str, ...] = ()


@dataclass(frozen=True)
class Expiring:
    key: str
    label: str
    expires_on: date
    days_left: int


@cached_rules
def _data() -> dict[str, object]:
    data: dict[str, object] = read_json("onboarding.json")
    return data


@cached_rules
def check_items() -> tuple[CheckItem, ...]:
    raw = _data()["items"]
    assert isinstance(raw, list)
    return tuple(CheckItem(**item) for item in raw)


@cached_rules
def roles() -> tuple[Role, ...]:
    raw = _data()["roles"]
    assert isinstance(raw, list)
    return tuple(
        Role(key=r["key"], label=r["label"], dbs_level=r["dbs_level"], items=tuple(r["items"]))
        for r in raw
    )


def expiry_warning_days() -> int:
    days = _data()["expiry_warning_days"]
    assert isinstance(days, int)
    return days


def role(key: str) -> Role | None:
    return next((r for r in roles() if r.key == key), None)


def item(key: str) -> CheckItem:
    found = next((i for i in check_items() if i.key == key), None)
    return found if found else CheckItem(key=key, label=key, expires_months=None)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_expiry(key: str, completed_on: date) -> date | None:
    """When a check done on ``completed_on`` expires under the trust's policy."""
    months = item(key).expires_months
    return add_months(completed_on, months) if months else None


def readiness(role_key: str, records: Mapping[str, CheckRecord], today: date) -> Readiness:
    chosen = role(role_key)
    if chosen is None:
        return Readiness(False, "No volunteer role chosen yet, so the checks needed are unknown.")
    missing = tuple(k for k in chosen.items if not _done(records.get(k)))
    expired = tuple(k for k in chosen.items if k not in missing and _expired(records[k], today))
    if not missing and not expired:
        return Readiness(True, "All checks for the role are done and in date.")
    parts = []
    if missing:
        parts.append("still to do: " + _labels(missing))
    if expired:
        parts.append("expired: " + _labels(expired))
    return Readiness(False, "Not ready to volunteer; " + "; ".join(parts) + ".", missing, expired)


def expiring_soon(
    records: Mapping[str, CheckRecord], today: date, within_days: int | None = None
) -> list[Expiring]:
    """Completed checks that expire within the warning window (default from resources),
    soonest first; already-expired ones are in ``readiness``."""
    window = expiry_warning_days() if within_days is None else within_days
    soon = []
    for record in records.values():
        ends = _expires(record)
        if _done(record) and ends is not None and today <= ends <= today + timedelta(days=window):
            soon.append(Expiring(record.key, item(record.key).label, ends, (ends - today).days))
    return sorted(soon, key=lambda e: (e.expires_on, e.label))


def _done(record: CheckRecord | None) -> bool:
    return record is not None and record.completed_on is not None


def _expires(record: CheckRecord) -> date | None:
    if record.expires_on is not None:
        return record.expires_on
    return default_expiry(record.key, record.completed_on) if record.completed_on else None


def _expired(record: CheckRecord, today: date) -> bool:
    ends = _expires(record)
    return ends is not None and ends < today


def _labels(keys: tuple[str, ...]) -> str:
    return ", ".join(item(k).label for k in keys)
