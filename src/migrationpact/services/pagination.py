"""Cursor pagination: an opaque ``cursor`` from one page fetches the next.

A cursor is URL-safe base64 of a small JSON object; clients must treat it as opaque. A cursor
that cannot be read is refused (``errors.Invalid``, a 400 problem in the API), never a silent
first page.

>>> decode(encode({"after": "C-1"}))
{'after': 'C-1'}
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from migrationpact.services.errors import Invalid

UNKNOWN_CURSOR = "cursor is not one this service gave out"
#: Row ids a cursor may name: positive and within a signed 64-bit integer (the databases').
MAX_ROW_ID = 2**63 - 1


def encode(position: dict[str, Any]) -> str:
    raw = json.dumps(position, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise Invalid(UNKNOWN_CURSOR, kind="bad-cursor") from exc
    if not isinstance(position, dict):
        raise Invalid(UNKNOWN_CURSOR, kind="bad-cursor")
    return position


def row_id(cursor: str | None, key: str) -> int | None:
    """The row id a cursor holds under ``key`` (None: no cursor), refused unless it is a whole
    number (not a boolean) from 1 to ``MAX_ROW_ID``.

    >>> row_id(encode({"before": 42}), "before")
    42
    >>> for bad in (True, 10**30, 0, "7"):
    ...     try:
    ...         row_id(encode({"before": bad}), "before")
    ...     except Invalid as exc:
    ...         print(exc.kind)
    bad-cursor
    bad-cursor
    bad-cursor
    bad-cursor
    """
    if cursor is None:
        return None
    value = decode(cursor).get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ROW_ID:
        raise Invalid(UNKNOWN_CURSOR, kind="bad-cursor")
    return value
