"""How a bundle is refused: a code for scripts and a sentence for the programme manager."""

from __future__ import annotations

from datetime import UTC, datetime

from coordinator_app.domain.errors import InvalidInput


class BundleRefused(Exception):
    """The bundle is not accepted: ``code`` for scripts, ``sentence`` for people."""

    def __init__(self, code: str, sentence: str) -> None:
        super().__init__(sentence)
        self.code = code
        self.sentence = sentence


class ReaderFileInvalid(InvalidInput, ValueError):
    """The programme manager's own file (trusted keys, accepted returns) cannot be used.
    A UserFacingError so the CLI shows a sentence; a ValueError because it is bad data."""


def malformed_manifest(detail: str) -> BundleRefused:
    return BundleRefused(
        "manifest-malformed",
        f"This return's manifest is signed but not laid out as a return's should be: {detail}.",
    )


def when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%d %B %Y %H:%M UTC")
