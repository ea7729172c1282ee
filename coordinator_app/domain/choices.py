"""Choice lists on the volunteer record (barriers, professions, referral sources, reasons for
leaving, follow-up reasons, English levels), read from ``resources/volunteer-lists.json``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coordinator_app.domain.resources import cached_rules, read_json


@dataclass(frozen=True)
class Barrier:
    key: str
    label: str


@cached_rules
def _lists() -> dict[str, Any]:
    data: dict[str, Any] = read_json("volunteer-lists.json")
    return data


@cached_rules
def barriers() -> tuple[Barrier, ...]:
    return tuple(Barrier(**b) for b in _lists()["barriers"])


def barrier_label(key: str) -> str:
    return next((b.label for b in barriers() if b.key == key), key)


def professions() -> tuple[str, ...]:
    return tuple(_lists()["professions"])


def referral_sources() -> tuple[str, ...]:
    return tuple(_lists()["referral_sources"])


def follow_up_reasons() -> tuple[str, ...]:
    """Why a follow-up found the person where it did (in post, in study or gone); a
    trust's own list from before follow-up results offers Other only."""
    return tuple(_lists().get("follow_up_reasons") or ["Other"])


def left_reasons() -> tuple[str, ...]:
    return tuple(_lists()["left_reasons"])


def english_levels() -> tuple[str, ...]:
    return tuple(_lists()["english_levels"])
