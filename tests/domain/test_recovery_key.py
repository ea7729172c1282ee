from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coordinator_app.domain import recovery_key
from coordinator_app.domain.errors import InvalidInput


def test_generated_keys_have_six_groups_and_validate() -> None:
    keys = {recovery_key.generate() for _ in range(200)}
    assert len(keys) == 200
    for key in keys:
        groups = key.split("-")
        assert len(groups) == 6 and all(len(g) == 5 for g in groups)
        assert not set(key) & set("ILOU")
        assert recovery_key.normalise(key) == key


def test_typing_variants_are_forgiven() -> None:
    key = recovery_key.generate()
    sloppy = key.lower().replace("-", "  ").replace("0", "o").replace("1", "l")
    assert recovery_key.normalise(sloppy) == key
    assert recovery_key.last_group(sloppy) == key[-5:]


@given(st.integers(min_value=0, max_value=24), st.sampled_from(recovery_key.ALPHABET))
def test_any_single_slip_in_the_key_is_caught(position: int, replacement: str) -> None:
    key = "7K3Q9-PX2MA-0RTVW-4HJ8C-N6FZD"
    data = key.replace("-", "")
    full = recovery_key.format_groups(data + recovery_key._check_group(data))
    typo = data[:position] + replacement + data[position + 1 :]
    if typo == data:
        return
    with pytest.raises(InvalidInput, match="typing mistake"):
        recovery_key.normalise(recovery_key.format_groups(typo) + full[-6:])


def test_incomplete_key_says_how_many_groups() -> None:
    with pytest.raises(InvalidInput, match="6 groups of 5"):
        recovery_key.normalise("7K3Q9-PX2MA")
