"""Recovery keys: 5 random groups and 1 check group of 5 characters, e.g.
``7K3Q9-PX2MA-0RTVW-4HJ8C-N6FZD-1Q2W3``.

Crockford's base32 alphabet drops I, L, O and U so a key read off paper cannot be
mistyped into another valid key; the check group catches typing slips before the slow
key derivation runs.
"""

from __future__ import annotations

import hashlib
import secrets

from coordinator_app.domain.errors import InvalidInput

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUP = 5
DATA_GROUPS = 5
_TYPO_MAP = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _check_group(data: str) -> str:
    digest = int.from_bytes(hashlib.sha256(data.encode("ascii")).digest()[:4], "big")
    return "".join(ALPHABET[(digest >> (5 * i)) & 31] for i in range(GROUP))


def generate() -> str:
    """A new recovery key (125 random bits), grouped for reading aloud and printing."""
    data = "".join(secrets.choice(ALPHABET) for _ in range(GROUP * DATA_GROUPS))
    return format_groups(data + _check_group(data))


def format_groups(chars: str) -> str:
    return "-".join(chars[i : i + GROUP] for i in range(0, len(chars), GROUP))


def normalise(typed: str) -> str:
    """The canonical key for what a person typed, or InvalidInput saying what is wrong."""
    chars = "".join(c for c in typed.upper() if c.isalnum()).translate(_TYPO_MAP)
    expected = GROUP * (DATA_GROUPS + 1)
    if len(chars) != expected or any(c not in ALPHABET for c in chars):
        raise InvalidInput(
            "That recovery key is not complete: it has 6 groups of 5 letters and numbers.",
            "Check it against the recovery sheet and type it again.",
        )
    data, check = chars[: GROUP * DATA_GROUPS], chars[GROUP * DATA_GROUPS :]
    if _check_group(data) != check:
        raise InvalidInput(
            "That recovery key has a typing mistake: its last group does not match.",
            "Check each group against the recovery sheet and type it again.",
        )
    return format_groups(chars)


def last_group(key: str) -> str:
    return normalise(key).rsplit("-", 1)[1]
