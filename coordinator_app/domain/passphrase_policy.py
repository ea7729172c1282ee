"""Passphrase rules after NCSC advice: long (three random words), not a common password,
and no composition rules (they push people to predictable patterns)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.resources import read_lines

MIN_LENGTH = 12


@cache
def _deny_list() -> frozenset[str]:
    return frozenset(line.casefold() for line in read_lines("common-passwords.txt"))


@dataclass(frozen=True)
class Assessment:
    acceptable: bool
    feedback: str


def assess(passphrase: str) -> Assessment:
    """Plain feedback for a passphrase as it is typed."""
    length = len(passphrase)
    if length == 0:
        return Assessment(False, "Choose at least 12 characters, for example three random words.")
    folded = passphrase.casefold()
    squeezed = "".join(folded.split())
    if folded in _deny_list() or squeezed in _deny_list() or len(set(squeezed)) <= 2:
        return Assessment(
            False, "This is one of the passwords people use most, so it is easy to guess."
        )
    if length < MIN_LENGTH:
        more = MIN_LENGTH - length
        return Assessment(
            False,
            f"Add {more} more character{'s' if more != 1 else ''}: three random words work well.",
        )
    return Assessment(True, "This passphrase is long enough and not a common password.")


def require_acceptable(passphrase: str) -> None:
    verdict = assess(passphrase)
    if not verdict.acceptable:
        raise InvalidInput(
            f"That passphrase cannot be used. {verdict.feedback}",
            "Choose another one: three random words you will remember are a good choice.",
        )
