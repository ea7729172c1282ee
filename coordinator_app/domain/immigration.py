"""Immigration status categories and right-to-work evidence types, read from
``resources/immigration.json`` (law changes; the file is edited, not the code). Coordinator
records facts and prompts checks; it never advises."""

from __future__ import annotations

from dataclasses import dataclass

from coordinator_app.domain.resources import cached_rules, read_json


@dataclass(frozen=True)
class StatusCategory:
    key: str
    label: str
    may_work: bool
    time_limited: bool
    asylum_seeker: bool


@dataclass(frozen=True)
class EvidenceType:
    key: str
    label: str


@cached_rules
def status_categories() -> tuple[StatusCategory, ...]:
    return tuple(StatusCategory(**s) for s in read_json("immigration.json")["statuses"])


@cached_rules
def evidence_types() -> tuple[EvidenceType, ...]:
    return tuple(EvidenceType(**e) for e in read_json("immigration.json")["evidence"])


def status_category(key: str) -> StatusCategory | None:
    return next((s for s in status_categories() if s.key == key), None)


def status_label(key: str) -> str:
    found = status_category(key)
    return found.label if found else key


def evidence_label(key: str) -> str:
    return next((e.label for e in evidence_types() if e.key == key), key)
