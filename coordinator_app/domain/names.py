"""Names as people write them, folded for search and for spotting the same person written
two ways (Mohammed / Muhammad / محمد, Aleksandr / Alexander, Çağlar / Caglar).

``fold`` gives lower-case ASCII (anyascii transliterates any script); ``skeleton`` keeps a
name's consonant shape, so transliteration variants that differ in vowels and doubled
letters meet; ``similarity`` compares whole names whatever order the parts are in.
"""

from __future__ import annotations

import re

from anyascii import anyascii
from rapidfuzz import fuzz

_NOT_LETTERS = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
# Spellings that transliterations of the same sound use interchangeably.
_SOUNDS = (
    ("kh", "h"),
    ("ph", "f"),
    ("ks", "x"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("w", "v"),
    ("z", "s"),
    ("y", "i"),
    ("j", "i"),
    ("dh", "d"),
    ("th", "t"),
)


def fold(text: str) -> str:
    ascii_text = anyascii(text).lower().replace("'", "").replace("-", " ")
    return _SPACES.sub(" ", _NOT_LETTERS.sub(" ", ascii_text)).strip()


def skeleton(name: str) -> str:
    """The consonant shape of each part of a name, parts sorted: order and vowels ignored."""
    parts = []
    for word in fold(name).split():
        for spelled, sound in _SOUNDS:
            word = word.replace(spelled, sound)
        head, rest = word[:1], re.sub(r"[aeiouh]", "", word[1:])
        shape = re.sub(r"(.)\1+", r"\1", head + rest)
        if shape:
            parts.append(shape)
    return " ".join(sorted(parts))


def similarity(a: str, b: str) -> float:
    """0-100: how alike two full names are, ignoring order, case, accents and script."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return 0.0
    if skeleton(a) == skeleton(b):
        return 100.0
    return max(fuzz.token_sort_ratio(fa, fb), fuzz.token_sort_ratio(skeleton(a), skeleton(b)))
