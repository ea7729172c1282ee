"""Small readers of untrusted JSON (a bundle's, or the reader's own files): each raises
ValueError saying what is wrong, for the caller to turn into its refusal."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from coordinator_app.export.bundle_format import SHA256_HEX

KEY_ID = re.compile(r"[0-9a-f]{32}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_T = TypeVar("_T")
_R = TypeVar("_R")


def json_document(data: bytes) -> object:
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=_unique_keys)
    except RecursionError as exc:  # deeply nested arrays: not a document anyone wrote
        raise ValueError("it is nested too deeply") from exc
    except ValueError as exc:
        raise ValueError("it is not valid JSON") from exc


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    doc = dict(pairs)
    if len(doc) != len(pairs):
        raise ValueError("a key is repeated")
    return doc


def required(obj: object, key: str, kind: type[_T]) -> _T:
    value = obj.get(key) if isinstance(obj, dict) else None
    if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
        return value
    raise ValueError(f"'{key}' is missing or not a {kind.__name__}")


def optional(obj: object, key: str, kind: type[_T], convert: Callable[[_T], _R]) -> _R | None:
    if isinstance(obj, dict) and obj.get(key) is None:
        return None
    return convert(required(obj, key, kind))


def is_int(value: object, expected: int | None = None) -> bool:
    is_int = isinstance(value, int) and not isinstance(value, bool)
    return is_int and (expected is None or value == expected)


def positive(value: int) -> int:
    if value < 1:
        raise ValueError("a sequence is below 1")
    return value


def sha256_hex(text: str) -> str:
    return matching(text, SHA256_HEX, "a lowercase hex SHA-256")


def matching(text: str, pattern: re.Pattern[str], what: str) -> str:
    if not pattern.fullmatch(text):
        raise ValueError(f"{text!r} is not {what}")
    return text


def b64(text: str, size: int, what: str) -> bytes:
    """Standard padded base64 of exactly ``size`` bytes, in its one canonical spelling."""
    raw = base64.b64decode(text, validate=True)
    if len(raw) != size or base64.b64encode(raw).decode("ascii") != text:
        raise ValueError(f"its {what} is not base64 of {size} bytes")
    return raw


def iso_date(obj: dict[object, object], key: str) -> date:
    return date.fromisoformat(matching(required(obj, key, str), _ISO_DATE, "a date"))
