"""Stored events as values: ``EventRecord`` (one row of ``events``) and ``AppendResult``.

An event is stored as its type, the moment it occurred and the rest of its canonical JSON as the
payload; ``EventRecord.event()`` turns the row back into the domain event. ``to_line`` and
``from_line`` are the JSON Lines form used by export and import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from migrationpact.cases.events import AnyEvent, event_to_json, parse_event
from migrationpact.store.hashing import chain_fields, chain_hash, utc_text


def split_event(event: AnyEvent) -> tuple[str, datetime, dict[str, Any]]:
    """(type, occurred_at, payload): the event's canonical JSON without its type and time."""
    payload = dict(event_to_json(event))
    payload.pop("type", None)
    payload.pop("occurred_at", None)
    return event.type, event.occurred_at, payload


def join_event(type_: str, occurred_at: datetime, payload: dict[str, Any]) -> AnyEvent:
    """The domain event stored as (type, occurred_at, payload); a code recorded before codes
    were checked is read back as it stands (``parse_event(stored=True)``)."""
    # The moment as it is: the event model reads a datetime as it reads its ISO text.
    data = {**payload, "type": type_, "occurred_at": occurred_at}
    return parse_event(data, stored=True)


@dataclass(frozen=True)
class EventRecord:
    """One stored event with everything its hash covers, and the hash chain link."""

    case_id: str
    seq: int
    type: str
    payload: dict[str, Any]
    occurred_at: datetime
    recorded_at: datetime
    actor: str
    organisation: str
    rule_set_version: str
    idempotency_key: str | None
    prev_hash: str
    hash: str
    #: The kind of stream (``streams``); ``case_id`` is the stream's id.
    stream_type: str = "case"

    @classmethod
    def from_row(cls, row: Row[Any]) -> EventRecord:
        m = row._mapping
        return cls(
            stream_type=m["stream_type"],
            case_id=m["case_id"],
            seq=m["seq"],
            type=m["type"],
            payload=dict(m["payload"]),
            occurred_at=m["occurred_at"],
            recorded_at=m["recorded_at"],
            actor=m["actor"],
            organisation=m["organisation"],
            rule_set_version=m["rule_set_version"],
            idempotency_key=m["idempotency_key"],
            prev_hash=m["prev_hash"],
            hash=m["hash"],
        )

    def chain_fields(self) -> dict[str, Any]:
        return chain_fields(
            case_id=self.case_id,
            seq=self.seq,
            type=self.type,
            payload=self.payload,
            occurred_at=self.occurred_at,
            recorded_at=self.recorded_at,
            actor=self.actor,
            organisation=self.organisation,
            rule_set_version=self.rule_set_version,
            idempotency_key=self.idempotency_key,
            stream_type=self.stream_type,
        )

    def computed_hash(self) -> str:
        """The hash these fields give after ``prev_hash`` (equal to ``hash`` unless altered)."""
        return chain_hash(self.prev_hash, self.chain_fields())

    def event(self) -> AnyEvent:
        return join_event(self.type, self.occurred_at, self.payload)

    def row(self) -> dict[str, Any]:
        """The values to insert into ``events``."""
        return {
            "stream_type": self.stream_type,
            "case_id": self.case_id,
            "seq": self.seq,
            "type": self.type,
            "payload": self.payload,
            "occurred_at": self.occurred_at,
            "recorded_at": self.recorded_at,
            "actor": self.actor,
            "organisation": self.organisation,
            "rule_set_version": self.rule_set_version,
            "idempotency_key": self.idempotency_key,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }

    def to_line(self) -> dict[str, Any]:
        """The export form: one JSON object per event (see docs/store.md); the kind of stream
        is named when it is not a case."""
        kind = {} if self.stream_type == "case" else {"stream_type": self.stream_type}
        return {
            **kind,
            "case_id": self.case_id,
            "seq": self.seq,
            "event": {
                "type": self.type,
                "occurred_at": self.occurred_at.isoformat(),
                **self.payload,
            },
            "actor": self.actor,
            "organisation": self.organisation,
            "recorded_at": utc_text(self.recorded_at),
            "rule_set_version": self.rule_set_version,
            "idempotency_key": self.idempotency_key,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class AppendResult:
    """What an append recorded; a repeat with the same idempotency key returns the original."""

    case_id: str
    seq: int
    type: str
    hash: str
    prev_hash: str
    recorded_at: datetime
    rule_set_version: str
    idempotency_key: str | None
    repeated: bool = False
    #: The stream's state before and after the event, when this append decided it (None: a
    #: repeat, answered from the store): what the event changed, without reading it back.
    states: tuple[Any, Any] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(
        cls,
        record: EventRecord,
        *,
        repeated: bool = False,
        states: tuple[Any, Any] | None = None,
    ) -> AppendResult:
        return cls(
            case_id=record.case_id,
            seq=record.seq,
            type=record.type,
            hash=record.hash,
            prev_hash=record.prev_hash,
            recorded_at=record.recorded_at,
            rule_set_version=record.rule_set_version,
            idempotency_key=record.idempotency_key,
            repeated=repeated,
            states=states,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "seq": self.seq,
            "type": self.type,
            "hash": self.hash,
            "prev_hash": self.prev_hash,
            "recorded_at": utc_text(self.recorded_at),
            "rule_set_version": self.rule_set_version,
            "idempotency_key": self.idempotency_key,
            "repeated": self.repeated,
        }
