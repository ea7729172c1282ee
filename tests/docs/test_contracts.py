"""The repository carries its own copies of the two format contracts (docs/contracts/), so it
is complete without the programme's shared folder; where that folder sits beside the checkout
(as in CI), the copies must be the same text, so a changed contract is noticed."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ("cli.md", "return-bundle.md")


@pytest.mark.parametrize("name", CONTRACTS)
def test_the_contract_is_in_the_repository(name: str) -> None:
    text = (ROOT / "docs" / "contracts" / name).read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "coordinator" in text


@pytest.mark.parametrize("name", CONTRACTS)
def test_the_copy_matches_the_shared_contract(name: str) -> None:
    shared = ROOT.parent / "shared" / name
    if not shared.is_file():
        pytest.skip("no shared/ folder beside this checkout to compare with")
    ours = (ROOT / "docs" / "contracts" / name).read_text(encoding="utf-8")
    assert ours == shared.read_text(encoding="utf-8"), (
        f"docs/contracts/{name} differs from ../shared/{name}: copy the new contract in "
        "and change the code to follow it"
    )
