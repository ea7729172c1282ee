"""Counts in sentences: "1 volunteer", "3 volunteers", never "1 volunteers" or "shift(s)"."""

from __future__ import annotations

# Nouns whose plural is not the singular plus "s".
_IRREGULAR = {"person": "people", "clash": "clashes"}


def plural(noun: str, n: int) -> str:
    """``noun`` as it goes with the count ``n``."""
    if n == 1:
        return noun
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"  # entry, entries; but day, days
    return noun + "s"


def counted(n: int, noun: str, *, grouped: bool = False) -> str:
    """``n`` and ``noun`` as it goes with it: ``counted(1, "claim")`` is "1 claim"."""
    return f"{n:,} {plural(noun, n)}" if grouped else f"{n} {plural(noun, n)}"


def agree(n: int, one: str, many: str) -> str:
    """The word that agrees with the count: ``agree(n, "was", "were")``."""
    return one if n == 1 else many
