from __future__ import annotations

import pytest

from coordinator_app.domain import passphrase_policy
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.resources import read_lines


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "at least 12"),
        ("qzvtrkmw", "Add 4 more characters"),
        ("qzvtrkmwpla", "Add 1 more character:"),
        ("tractor mang", None),
        ("aaaaaaaaaaaaaaaa", "passwords people use most"),
        ("passwordpassword", "passwords people use most"),
        ("Correct Horse Battery Staple", "passwords people use most"),
        ("1qaz2wsx3edc", "passwords people use most"),
        ("password", "passwords people use most"),
    ],
)
def test_assessment_feedback(typed: str, says: str | None) -> None:
    verdict = passphrase_policy.assess(typed)
    if says is None:
        assert verdict.acceptable
    else:
        assert not verdict.acceptable
        assert says in verdict.feedback


def test_three_random_words_are_fine_without_composition_rules() -> None:
    for phrase in ("violet tractor mango", "orchard lantern pebble", "copper meadow whistle"):
        passphrase_policy.require_acceptable(phrase)


def test_refusal_is_a_sentence_with_what_to_do() -> None:
    with pytest.raises(InvalidInput) as caught:
        passphrase_policy.require_acceptable("short")
    assert "three random words" in caught.value.sentence()


def test_deny_list_is_substantial() -> None:
    assert len(read_lines("common-passwords.txt")) > 10_000
