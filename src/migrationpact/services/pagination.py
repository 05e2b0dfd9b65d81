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
