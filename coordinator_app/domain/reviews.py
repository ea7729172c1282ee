"""Review meetings: the volunteer rates themselves on four scales, and the first and latest
ratings show the distance travelled. The scales are fixed in code, not data: the programme
compares them across trusts and periods, which only works while every trust asks the same
questions with the same answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coordinator_app.domain.errors import InvalidInput

FIRST_REVIEW_WEEKS = 4


@dataclass(frozen=True)
class Scale:
    key: str
    label: str
    question: str
    words: tuple[str, str, str, str, str]  # what 1 to 5 mean, as said to the volunteer


SCALES: dict[str, Scale] = {
    "confidence": Scale(
        "confidence",
        "Confidence",
        "How confident do you feel in yourself at the moment?",
        (
            "Not at all confident",
            "A little confident",
            "Fairly confident",
            "Confident",
            "Very confident",
        ),
    ),
    "english": Scale(
        "english",
        "English",
        "How comfortable do you feel using English?",
        (
            "I know very little English",
            "I can say simple everyday things",
            "I can get by in everyday conversations",
            "I can manage most situations, including at work",
            "I feel fully comfortable, including at work",
        ),
    ),
    "belonging": Scale(
        "belonging",
        "Belonging",
        "How connected do you feel to the people around you?",
        (
            "I feel very alone",
            "I often feel alone",
            "Sometimes alone, sometimes connected",
            "I mostly feel connected",
            "I feel I belong",
        ),
    ),
    "career_clarity": Scale(
        "career_clarity",
        "Career clarity",
        "How clear are you about the work you want and how to get there?",
        (
            "No idea yet",
            "A few ideas, but not sure",
            "I know what I want, but not how to get there",
            "I know what I want and some of the steps",
            "I know exactly what I want and how to get there",
        ),
    ),
}


@dataclass(frozen=True)
class ReviewRatings:
    """Each 1 to 5, or None when the question was not asked or not answered."""

    confidence: int | None = None
    english: int | None = None
    belonging: int | None = None
    career_clarity: int | None = None

    def get(self, scale: str) -> int | None:
        """The rating on ``scale`` (a key of SCALES; any other raises KeyError)."""
        return {
            "confidence": self.confidence,
            "english": self.english,
            "belonging": self.belonging,
            "career_clarity": self.career_clarity,
        }[scale]


@dataclass(frozen=True)
class DatedRatings:
    held_on: date
    ratings: ReviewRatings


@dataclass(frozen=True)
class Change:
    scale: str
    first: int
    latest: int
    first_on: date
    latest_on: date

    @property
    def change(self) -> int:
        return self.latest - self.first


def check_review(held_on: date, ratings: ReviewRatings, today: date) -> None:
    """Refuses ratings off the scale and reviews not yet held. A review with no ratings is
    allowed: some meetings are for notes only, and a volunteer may decline to rate."""
    if held_on > today:
        raise InvalidInput(
            "A review cannot be recorded before it has been held.",
            "Record it on or after the day of the meeting.",
        )
    for key, scale in SCALES.items():
        value = ratings.get(key)
        if value is not None and not 1 <= value <= len(scale.words):
            raise InvalidInput(
                f"The {scale.label} rating must be from 1 to 5, not {value}.",
                "Choose one of the five answers, or leave it blank if it was not asked.",
            )


def distance_travelled(reviews: Sequence[DatedRatings]) -> dict[str, Change | None]:
    """Per scale, the first rating against the latest, by date in whatever order given. A
    review that skipped a scale is skipped for that scale only; None means fewer than two
    reviews rated it, so there is no distance to show."""
    ordered = sorted(reviews, key=lambda r: r.held_on)
    found: dict[str, Change | None] = {}
    for key in SCALES:
        rated = [(r.held_on, value) for r in ordered if (value := r.ratings.get(key)) is not None]
        if len(rated) < 2:
            found[key] = None
        else:
            (first_on, first), (latest_on, latest) = rated[0], rated[-1]
            found[key] = Change(key, first, latest, first_on, latest_on)
    return found


def next_review_due(
    last_review_on: date | None, started_on: date | None, today: date, every_weeks: int = 12
) -> date | None:
    """The first review falls a few weeks after starting, while things are new; then every
    ``every_weeks`` after the last one. None for someone never reviewed who has not started
    (no start date, or one still after ``today``)."""
    if last_review_on is not None:
        return last_review_on + timedelta(weeks=every_weeks)
    if started_on is None or started_on > today:
        return None
    return started_on + timedelta(weeks=FIRST_REVIEW_WEEKS)


def review_due_soon(due: date | None, today: date, within_days: int = 14) -> bool:
    """True when due within ``within_days``, or already overdue (it still needs doing)."""
    return due is not None and due <= today + timedelta(days=within_days)
