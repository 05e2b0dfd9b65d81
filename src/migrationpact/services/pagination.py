"""Cursor pagination: an opaque ``cursor`` from one page fetches the next.

A cursor is URL-safe base64 of a small JSON object; clients must treat it as opaque. A cursor
that cannot be read is a 400 problem, never a silent first page.

>>> decode(encode({"after": "C-1"}))
{'after': 'C-1'}
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from migrationpact.services.problems import ProblemError


def encode(position: dict[str, Any]) -> str:
    raw = json.dumps(position, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise ProblemError(
            400, "cursor is not one this service gave out", kind="bad-cursor"
        ) from exc
    if not isinstance(position, dict):
        raise ProblemError(400, "cursor is not one this service gave out", kind="bad-cursor")
    return position
