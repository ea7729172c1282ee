"""Self-ratings at review meetings, distance travelled, and when the next review is due."""

from __future__ import annotations

from datetime import date

import pytest

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.reviews import (
    SCALES,
    Change,
    DatedRatings,
    ReviewRatings,
    check_review,
    distance_travelled,
    next_review_due,
    review_due_soon,
)

TODAY = date(2026, 11, 27)


def test_scales_have_five_plain_answers_each() -> None:
    assert list(SCALES) == ["confidence", "english", "belonging", "career_clarity"]
    assert all(len(s.words) == 5 and s.key == key for key, s in SCALES.items())
    assert SCALES["belonging"].words[0] == "I feel very alone"
    assert SCALES["belonging"].words[4] == "I feel I belong"
    assert SCALES["career_clarity"].words[0] == "No idea yet"


def test_distance_travelled_compares_first_and_latest_by_date_skipping_gaps() -> None:
    first = DatedRatings(date(2026, 1, 10), ReviewRatings(2, 1, 1, 1))
    second = DatedRatings(date(2026, 4, 10), ReviewRatings(3, None, 2, None))
    third = DatedRatings(date(2026, 7, 10), ReviewRatings(4, 3, 1, None))
    found = distance_travelled([third, first, second])  # out of order on purpose
    assert found["confidence"] == Change("confidence", 2, 4, date(2026, 1, 10), date(2026, 7, 10))
    english = found["english"]  # rated only in the first and third reviews
    assert english is not None
    assert (english.first_on, english.latest_on, english.change) == (
        date(2026, 1, 10),
        date(2026, 7, 10),
        2,
    )
    belonging = found["belonging"]
    assert belonging is not None and belonging.change == 0
    assert found["career_clarity"] is None  # rated once: no distance to show


def test_distance_travelled_can_go_down_and_needs_two_reviews() -> None:
    found = distance_travelled(
        [
            DatedRatings(date(2026, 5, 1), ReviewRatings(confidence=2)),
            DatedRatings(date(2026, 2, 1), ReviewRatings(confidence=5)),
        ]
    )
    confidence = found["confidence"]
    assert confidence is not None and confidence.change == -3
    assert found["english"] is None
    assert distance_travelled([]) == dict.fromkeys(SCALES)
    assert distance_travelled([DatedRatings(TODAY, ReviewRatings(3, 3, 3, 3))]) == dict.fromkeys(
        SCALES
    )


@pytest.mark.parametrize("value", [0, 6])
def test_ratings_off_the_scale_are_refused_naming_the_scale(value: int) -> None:
    with pytest.raises(InvalidInput, match="Belonging") as refused:
        check_review(TODAY, ReviewRatings(belonging=value), TODAY)
    assert str(value) in refused.value.message


def test_future_reviews_are_refused_and_notes_only_reviews_allowed() -> None:
    with pytest.raises(InvalidInput, match="held"):
        check_review(date(2026, 11, 28), ReviewRatings(3, 3, 3, 3), TODAY)
    check_review(TODAY, ReviewRatings(), TODAY)
    check_review(TODAY, ReviewRatings(1, 5, 1, 5), TODAY)


def test_next_review_four_weeks_after_start_then_twelve_after_the_last() -> None:
    started = date(2026, 9, 1)
    assert next_review_due(None, started, TODAY) == date(2026, 9, 29)
    assert next_review_due(date(2026, 10, 1), started, TODAY) == date(2026, 12, 24)
    assert next_review_due(date(2026, 10, 1), None, TODAY) == date(2026, 12, 24)
    assert next_review_due(date(2026, 10, 1), started, TODAY, every_weeks=6) == date(2026, 11, 12)


def test_no_review_due_for_someone_not_started_and_never_reviewed() -> None:
    assert next_review_due(None, None, TODAY) is None
    assert next_review_due(None, date(2026, 12, 1), TODAY) is None  # starts next week


def test_review_due_soon_includes_overdue() -> None:
    assert review_due_soon(date(2026, 12, 11), TODAY)
    assert not review_due_soon(date(2026, 12, 12), TODAY)
    assert review_due_soon(date(2026, 12, 12), TODAY, within_days=15)
    assert review_due_soon(date(2026, 10, 1), TODAY)
    assert not review_due_soon(None, TODAY)
