"""The programme's trusts, read from ``resources/trusts.json`` so more can be added as data."""

from __future__ import annotations

from dataclasses import dataclass

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.resources import read_json


@dataclass(frozen=True)
class Trust:
    code: str
    name: str
    full_name: str


# The programme manager's own vault belongs to Helpforce, not to a trust: it signs nothing
# and receives the trusts' returns.
PROGRAMME = Trust(code="HELPFORCE", name="Helpforce", full_name="Helpforce programme team")
VAULT_KINDS = ("coordinator", "programme")


def all_trusts() -> tuple[Trust, ...]:
    return tuple(
        Trust(code=t["code"], name=t["name"], full_name=t["full_name"])
        for t in read_json("trusts.json")["trusts"]
    )


def trust_by_code(code: str) -> Trust:
    wanted = code.strip().upper()
    for trust in all_trusts():
        if trust.code == wanted:
            return trust
    known = ", ".join(t.code for t in all_trusts())
    raise InvalidInput(f"'{code}' is not a trust code Coordinator knows.", f"Use one of: {known}.")
