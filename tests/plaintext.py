"""Reading a vault's files as SQLCipher 4 would, page by page, free pages included: the
only honest way to show that erased values are gone (a scan of the encrypted bytes would
find nothing whatever they held)."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80  # SQLCipher 4: a 16-byte IV and a 64-byte HMAC at the end of every page
WAL_HEADER, FRAME_HEADER = 32, 24


def _page(raw: bytes, first: bool, key: bytes) -> bytes:
    iv = raw[PAGE - RESERVE : PAGE - RESERVE + 16]
    clear = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return clear.update(raw[16 if first else 0 : PAGE - RESERVE]) + clear.finalize()


def plaintext(folder: Path, key: bytes) -> bytes:
    """Every page of the database and of its write-ahead log, decrypted."""
    pages = []
    data = (folder / "vault.db").read_bytes()
    for n in range(len(data) // PAGE):
        pages.append(_page(data[n * PAGE : (n + 1) * PAGE], n == 0, key))
    wal = folder / "vault.db-wal"
    if wal.exists():
        log = wal.read_bytes()
        at = WAL_HEADER
        while at + FRAME_HEADER + PAGE <= len(log):
            number = int.from_bytes(log[at : at + 4], "big")
            pages.append(_page(log[at + FRAME_HEADER : at + FRAME_HEADER + PAGE], number == 1, key))
            at += FRAME_HEADER + PAGE
    return b"".join(pages)
