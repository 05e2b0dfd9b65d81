"""Times in API bodies, written so that the OpenAPI spec says exactly what is sent.

The store keeps naive UTC for when something was recorded and naive local Dutch time for when
it happened. ``Recorded`` goes out as RFC 3339 with ``Z``; ``Local`` as ``YYYY-MM-DDTHH:MM:SS``
without a zone, because the law counts in Dutch local time.

>>> from pydantic import TypeAdapter
>>> TypeAdapter(Recorded).dump_python(datetime(2026, 7, 1, 8, 0, 3), mode="json")
'2026-07-01T08:00:03Z'
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import PlainSerializer, WithJsonSchema


def _utc_text(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat() + "Z"


def _local_text(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


Recorded = Annotated[
    datetime,
    PlainSerializer(_utc_text, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Local = Annotated[
    datetime,
    PlainSerializer(_local_text, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$",
            "description": "Local Dutch time without a zone",
        }
    ),
]
