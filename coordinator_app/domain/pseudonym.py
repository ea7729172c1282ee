"""Stable pseudonym codes for volunteers (``RUH-7K3Q9P``): what a return shows instead of a
name. A keyed hash (HMAC-SHA256) of the volunteer's internal id under a secret kept in the
vault, so the same volunteer keeps the same code every period, nobody without the vault can
link a code to a person, and the code says nothing about the person. Five Crockford base32
characters and a check character that catches one mistyped or two swapped characters."""

from __future__ import annotations

import hashlib
import hmac

from coordinator_app.domain.recovery_key import ALPHABET

DATA_CHARS = 5


def _check_char(data: str) -> str:
    # Position-weighted sum mod 31 (prime): a single substitution or an adjacent swap
    # always changes it. Index 31 of the alphabet is never a check character.
    total = sum((i + 1) * ALPHABET.index(c) for i, c in enumerate(data))
    return ALPHABET[total % 31]


def pseudonym(trust_code: str, secret: bytes, volunteer_uid: str, attempt: int = 0) -> str:
    """The code for a volunteer; ``attempt`` > 0 gives the next candidate when two people's
    codes would collide (the first code stored for a person is kept for good)."""
    message = f"{volunteer_uid}:{attempt}".encode()
    value = int.from_bytes(hmac.new(secret, message, hashlib.sha256).digest()[:8], "big")
    data = "".join(ALPHABET[(value >> (5 * i)) & 31] for i in range(DATA_CHARS))
    return f"{trust_code}-{data}{_check_char(data)}"


def is_valid(code: str) -> bool:
    trust, _, chars = code.strip().upper().partition("-")
    if not trust or len(chars) != DATA_CHARS + 1 or any(c not in ALPHABET for c in chars):
        return False
    return _check_char(chars[:DATA_CHARS]) == chars[DATA_CHARS]
