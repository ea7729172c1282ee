"""Likely duplicates: the same person entered twice, perhaps spelled another way.

A pair is a likely duplicate when they share a date of birth and their names are alike
(order, accents, script and transliteration ignored), or when they share a phone number or
an email address. The database narrows candidates (same birth date, phone or email); this
decides, so the rule is tested without one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from coordinator_app.domain.names import similarity

NAME_THRESHOLD = 85.0


@dataclass(frozen=True)
class PersonKey:
    """What duplicates are judged on (phone and email already normalised)."""

    id: int
    name: str
    date_of_birth: date | None
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class DuplicateMatch:
    id: int
    reasons: tuple[str, ...]
    name_similarity: float


def match(candidate: PersonKey, other: PersonKey) -> DuplicateMatch | None:
    reasons = []
    alike = similarity(candidate.name, other.name)
    same_birth = (
        candidate.date_of_birth is not None and candidate.date_of_birth == other.date_of_birth
    )
    if same_birth and alike >= NAME_THRESHOLD:
        reasons.append("same date of birth and a similar name")
    if candidate.phone and candidate.phone == other.phone:
        reasons.append("same phone number")
    if candidate.email and candidate.email.lower() == other.email.lower():
        reasons.append("same email address")
    return DuplicateMatch(other.id, tuple(reasons), alike) if reasons else None


def find(candidate: PersonKey, others: Iterable[PersonKey]) -> list[DuplicateMatch]:
    """Likely duplicates of ``candidate`` among ``others``, most alike first."""
    found = [m for o in others if o.id != candidate.id and (m := match(candidate, o)) is not None]
    return sorted(found, key=lambda m: (-len(m.reasons), -m.name_similarity, m.id))


class SeenPeople:
    """People met so far (e.g. a spreadsheet's earlier rows), indexed by what a likely
    duplicate must share: a birth date, a phone number or an email address. Finding a twin
    then compares a handful of people, not every one seen: comparing each of 2,000 imported
    rows with every earlier row (two million name comparisons) took almost two minutes
    (benchmarks/run, "import"), nearly all of it for pairs that shared nothing."""

    def __init__(self) -> None:
        self._order: dict[int, int] = {}  # id -> when it was added
        self._keys: dict[int, PersonKey] = {}
        self._by: dict[tuple[str, object], list[int]] = {}

    def first_match(self, candidate: PersonKey) -> PersonKey | None:
        """The earliest-added person ``candidate`` matches (as ``match`` decides)."""
        ids = {i for key in _index_keys(candidate) for i in self._by.get(key, ())}
        for i in sorted(ids, key=self._order.__getitem__):
            if match(candidate, self._keys[i]) is not None:
                return self._keys[i]
        return None

    def matches(self, candidate: PersonKey) -> list[DuplicateMatch]:
        """Every person added that ``candidate`` matches, most alike first (as ``find``)."""
        ids = {i for key in _index_keys(candidate) for i in self._by.get(key, ())}
        return find(candidate, (self._keys[i] for i in ids))

    def add(self, person: PersonKey) -> None:
        self._order[person.id] = len(self._order)
        self._keys[person.id] = person
        for key in _index_keys(person):
            self._by.setdefault(key, []).append(person.id)


def _index_keys(person: PersonKey) -> list[tuple[str, object]]:
    keys: list[tuple[str, object]] = []
    if person.date_of_birth is not None:
        keys.append(("born", person.date_of_birth))
    if person.phone:
        keys.append(("phone", person.phone))
    if person.email:
        keys.append(("email", person.email.lower()))
    return keys
