"""The SHA-256 hash chains: per stream over the stored event rows, and over the access log.

Each event's hash is ``sha256(prev_hash + canonical JSON of its row fields)``, hex-encoded; the
first event of a case chains from the fixed ``GENESIS`` value. The fields are those a reader of
the record relies on: case id, sequence number, type, payload, when it occurred, when it was
recorded (UTC), who recorded it for which organisation, the rule-set version in force, and the
idempotency key. Canonical JSON: sorted keys, no whitespace, UTF-8, times in ISO 8601.

>>> fields = chain_fields(
...     case_id="C-1", seq=1, type="example", payload={"b": 1, "a": "x"},
...     occurred_at=datetime(2026, 7, 1, 9, 30), recorded_at=datetime(2026, 7, 1, 8, 0),
...     actor="clerk", organisation="IND", rule_set_version="sha256:abc", idempotency_key=None)
>>> canonical_json(fields)[:60]
'{"actor":"clerk","case_id":"C-1","idempotency_key":null,"occ'
>>> link = chain_hash(GENESIS, fields)
>>> len(link), link == chain_hash(GENESIS, fields), link == chain_hash(link, fields)
(64, True, False)
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

#: The ``prev_hash`` of every case's first event.
GENESIS = "0" * 64


def canonical_json(data: Any) -> str:
    """Sorted keys, no insignificant whitespace, non-ASCII kept as UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def utc_text(moment: datetime) -> str:
    """A naive UTC time as ISO 8601 with a ``Z``, to the microsecond."""
    return moment.isoformat(timespec="microseconds") + "Z"


def chain_fields(
    *,
    case_id: str,
    seq: int,
    type: str,
    payload: dict[str, Any],
    occurred_at: datetime,
    recorded_at: datetime,
    actor: str,
    organisation: str,
    rule_set_version: str,
    idempotency_key: str | None,
    stream_type: str = "case",
) -> dict[str, Any]:
    """The fields of one event row that its hash covers, JSON-ready.

    The kind of stream is covered too, except for cases (whose hashes were made before there
    were other kinds, and stay the same).
    """
    kind = {} if stream_type == "case" else {"stream_type": stream_type}
    return {
        **kind,
        "case_id": case_id,
        "seq": seq,
        "type": type,
        "payload": payload,
        "occurred_at": occurred_at.isoformat(timespec="microseconds"),
        "recorded_at": utc_text(recorded_at),
        "actor": actor,
        "organisation": organisation,
        "rule_set_version": rule_set_version,
        "idempotency_key": idempotency_key,
    }


def chain_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """``sha256(prev_hash + canonical_json(fields))`` in hex."""
    text = prev_hash + canonical_json(fields)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def access_fields(
    *,
    at: datetime,
    actor: str,
    organisation: str,
    role: str,
    action: str,
    resource: str,
    case_id: str | None,
    fields: list[str] | tuple[str, ...],
    purpose: str,
    outcome: str,
    channel: str,
    request_id: str | None,
) -> dict[str, Any]:
    """The fields of one access-log row that its hash covers (every column but the id and the
    links), JSON-ready; the rows chain in id order from ``GENESIS`` (``store.accesslog``).

    >>> sorted(access_fields(at=datetime(2026, 7, 1), actor="a", organisation="IND",
    ...     role="caseworker", action="case.read", resource="case:C-1", case_id="C-1",
    ...     fields=["summary"], purpose="p", outcome="granted", channel="token",
    ...     request_id=None))[:3]
    ['action', 'actor', 'at']
    """
    return {
        "at": utc_text(at),
        "actor": actor,
        "organisation": organisation,
        "role": role,
        "action": action,
        "resource": resource,
        "case_id": case_id,
        "fields": list(fields),
        "purpose": purpose,
        "outcome": outcome,
        "channel": channel,
        "request_id": request_id,
    }
