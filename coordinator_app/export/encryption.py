"""age encryption of return bundles in transit (return-bundle.md, "Encryption in transit"):
the signed ZIP, byte for byte, encrypted with age v1 to X25519 recipients (binary, not
armored), and decrypted in memory, within size limits, before any ZIP parsing.

pyrage binds the Rust age implementation, so files it writes open with the reference
`age` tool and the other way round."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import pyrage
from pyrage import x25519

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.recovery_key import ALPHABET
from coordinator_app.export.verify.archive import MAX_ARCHIVE
from coordinator_app.export.verify.errors import BundleRefused

ENCRYPTED_SUFFIX = ".age"
AGE_HEADER = b"age-encryption.org/v1\n"
_CHUNK = 64 * 1024
_TAG = 16
# The largest ciphertext a 100 MiB ZIP can become: a 16-byte tag per 64 KiB chunk, the
# 16-byte payload nonce, and a header allowance far above a few recipients' stanzas.
MAX_CIPHERTEXT = MAX_ARCHIVE + (MAX_ARCHIVE // _CHUNK + 1) * _TAG + _TAG + 64 * 1024
_MAX_RECIPIENT_FILE = 64 * 1024


def new_identity() -> str:
    """A new X25519 identity, as age writes it (`AGE-SECRET-KEY-1…`)."""
    return str(x25519.Identity.generate())


def recipient_of(identity: str) -> str:
    return str(_identity(identity).to_public())


def parse_recipient(text: str) -> str:
    """One age X25519 recipient (`age1…`), as typed or pasted; InvalidInput otherwise."""
    candidate = text.strip()
    try:
        return str(x25519.Recipient.from_str(candidate))
    except (pyrage.RecipientError, ValueError) as exc:
        shown = candidate if len(candidate) <= 80 else candidate[:77] + "…"
        raise InvalidInput(
            f"'{shown}' is not an age recipient: a recipient is one word starting with "
            "age1, about 62 letters and digits long.",
            "Copy it again from the programme manager's programme-recipient.txt.",
        ) from exc


def recipients_in_file(data: bytes) -> list[str]:
    """The recipients of a recipients file (one a line, `#` comments), as `age -R` reads it."""
    if len(data) > _MAX_RECIPIENT_FILE:
        raise InvalidInput(
            "That file is too large to be a recipient file.", "Choose programme-recipient.txt."
        )
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            "That file is not a recipient file (it holds more than plain text).",
            "Choose programme-recipient.txt.",
        ) from exc
    found = [parse_recipient(line) for line in _meaningful(text.splitlines())]
    if not found:
        raise InvalidInput("That file holds no age recipient.", "Choose programme-recipient.txt.")
    return found


def identities_in_file(data: bytes) -> list[str]:
    """The identities of an age identity file (`AGE-SECRET-KEY-1…` lines, `#` comments)."""
    try:
        lines = data.decode("ascii").splitlines()
        found = [str(_identity(line)) for line in _meaningful(lines)]
    except (UnicodeDecodeError, InvalidInput) as exc:
        raise InvalidInput(
            "That file is not an age identity file.",
            "Give the file age-keygen made, or the one `programme export-identity` wrote.",
        ) from exc
    if not found:
        raise InvalidInput("That identity file holds no identity.", "Check the file.")
    return found


def recipient_fingerprint(recipient: str) -> str:
    """Six groups of four to read over the phone: SHA-256 of the recipient's text in the
    unambiguous alphabet of the recovery key (no I, L, O, U), like the signing key's."""
    digest = int.from_bytes(hashlib.sha256(recipient.encode("ascii")).digest(), "big")
    chars = "".join(ALPHABET[(digest >> (5 * i)) & 31] for i in range(24))
    return " ".join(chars[i : i + 4] for i in range(0, 24, 4))


def encrypt_bundle(data: bytes, recipients: Sequence[str]) -> bytes:
    if not recipients:
        raise ValueError("encrypting needs at least one recipient")
    return pyrage.encrypt(data, [x25519.Recipient.from_str(r) for r in recipients])


def is_encrypted(name: str) -> bool:
    return name.endswith(".zip" + ENCRYPTED_SUFFIX)


def plain_name(name: str) -> str:
    """The signed ZIP's name inside `….zip.age` (the manifest must agree with it)."""
    return name[: -len(ENCRYPTED_SUFFIX)] if is_encrypted(name) else name


def decrypt_bundle(data: bytes, identities: Sequence[str]) -> bytes:
    """The signed ZIP inside an age file, or BundleRefused. Everything is decrypted and
    authenticated in memory before a byte of it is handed on, so a tampered file is refused
    before any ZIP parsing; a file too large for a return is refused before decrypting."""
    if len(data) > MAX_CIPHERTEXT:
        raise BundleRefused(
            "archive-too-large",
            "This encrypted file is larger than any return can be (100 MiB); it was not decrypted.",
        )
    if not data.startswith(AGE_HEADER):
        raise BundleRefused(
            "not-age",
            "This file ends in .age but is not an age-encrypted return: it was not opened.",
        )
    if not identities:
        raise BundleRefused(
            "no-identity", "This return is encrypted and no identity was given to open it."
        )
    try:
        plain = pyrage.decrypt(data, [_identity(i) for i in identities])
    except pyrage.DecryptError as exc:
        if "no matching keys" in str(exc).lower():
            mine = ", ".join(recipient_of(i) for i in identities)
            raise BundleRefused(
                "wrong-recipient",
                "This return was encrypted for someone else: none of your identities "
                f"(recipient {mine}) opens it. Ask the trust to register your recipient and "
                "send it again.",
            ) from exc
        raise BundleRefused(
            "decrypt-failed",
            "This encrypted return was damaged or changed in transit (age could not "
            "authenticate it): nothing of it was unpacked. Ask the trust to send it again.",
        ) from exc
    if len(plain) > MAX_ARCHIVE:
        raise BundleRefused(
            "archive-too-large",
            "This return is larger than 100 MiB once decrypted, more than any return can be.",
        )
    return plain


def _identity(text: str) -> x25519.Identity:
    try:
        return x25519.Identity.from_str(text.strip())
    except (pyrage.IdentityError, ValueError) as exc:
        raise InvalidInput(
            "That is not an age identity.", "An identity starts with AGE-SECRET-KEY-1."
        ) from exc


def _meaningful(lines: Iterable[str]) -> list[str]:
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
