from __future__ import annotations

import pytest

from coordinator_app.domain.wording import counted, plural


@pytest.mark.parametrize(
    ("n", "noun", "said"),
    [
        (0, "volunteer", "0 volunteers"),
        (1, "volunteer", "1 volunteer"),
        (2, "volunteer", "2 volunteers"),
        (1, "minute", "1 minute"),
        (5, "minute", "5 minutes"),
        (1, "claim", "1 claim"),
        (3, "entry", "3 entries"),
        (1, "entry", "1 entry"),
        (2, "person", "2 people"),
        (2, "clash", "2 clashes"),
        (4, "day", "4 days"),
        (2, "key", "2 keys"),
    ],
)
def test_a_count_takes_the_right_form_of_its_noun(n: int, noun: str, said: str) -> None:
    assert counted(n, noun) == said


def test_large_counts_can_be_grouped() -> None:
    assert counted(12345, "row", grouped=True) == "12,345 rows"
    assert plural("row", 1) == "row"
