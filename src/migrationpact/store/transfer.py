"""Moving events between stores as JSON Lines: export, and an all-or-nothing import.

An export line is one stored event with everything its hash covers (see ``EventRecord.to_line``).
An import parses every line, validates every event through the state machine on top of its
case's state (or a new case) and writes only when the whole file is valid; the first invalid
line refuses the file with its line number and reason. See docs/store.md, "Import and export".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from migrationpact.cases.events import EventError, parse_event
from migrationpact.store.database import read_transaction
from migrationpact.store.errors import CaseNotFoundError, ImportRefusedError, StoreError
from migrationpact.store.eventstore import EventStore
from migrationpact.store.records import EventRecord
from migrationpact.store.streams import CASE, kind
from migrationpact.store.tables import case_states, events


def export_events(
    *, store: EventStore, case_ids: Sequence[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Every stored event (of ``case_ids``, or all) as export lines, by case id and seq."""
    query = select(events).order_by(events.c.stream_type, events.c.case_id, events.c.seq)
    if case_ids is not None:
        query = query.where(events.c.stream_type == CASE)
        wanted = list(dict.fromkeys(case_ids))
        with read_transaction(store.engine) as conn:
            known = set(
                conn.execute(
                    select(case_states.c.case_id).where(case_states.c.case_id.in_(wanted))
                ).scalars()
            )
        for case_id in wanted:
            if case_id not in known:
                raise CaseNotFoundError(case_id)
        query = query.where(events.c.case_id.in_(wanted))
    with read_transaction(store.engine, snapshot=True) as conn:
        for row in conn.execute(query.execution_options(yield_per=2000)):
            yield EventRecord.from_row(row).to_line()


@dataclass(frozen=True)
class ImportReport:
    lines: int
    events: int
    cases: int

    def to_dict(self) -> dict[str, Any]:
        return {"lines": self.lines, "events": self.events, "cases": self.cases}


_LINE_KEYS = {
    "stream_type",
    "case_id",
    "seq",
    "event",
    "actor",
    "organisation",
    "recorded_at",
    "rule_set_version",
    "idempotency_key",
    "prev_hash",
    "hash",
}
_REQUIRED = ("case_id", "seq", "event", "actor", "organisation")


def _utc(text: Any) -> datetime:
    if not isinstance(text, str):
        raise ValueError(f"recorded_at must be an ISO 8601 UTC time, got {text!r}")
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    offset = moment.utcoffset()
    if offset is None or offset.total_seconds() != 0:
        raise ValueError(f"recorded_at must be in UTC (Z), got {text!r}")
    return moment.replace(tzinfo=None)


def _text_field(data: dict[str, Any], key: str, *, required: bool) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} must be a non-empty string, got {json.dumps(value)}")
    return value


def parse_line(text: str, *, store: EventStore) -> EventRecord:
    """One import line as a record to validate (``ValueError``/``EventError`` if malformed)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(data, dict):
        raise ValueError("each line must be one JSON object")
    unknown = sorted(set(data) - _LINE_KEYS)
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise ValueError(f"missing field(s) {', '.join(missing)}")
    seq = data["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise ValueError(f"seq must be a whole number from 1, got {json.dumps(seq)}")
    if not isinstance(data["event"], dict):
        raise ValueError("event must be a JSON object")
    stream_type = str(_text_field(data, "stream_type", required=False) or CASE)
    try:
        of = kind(stream_type)
    except StoreError as exc:  # a kind this store does not keep: a bad line
        raise ValueError(str(exc)) from None
    event_data = dict(data["event"])
    moment = event_data.pop("occurred_at", None)
    type_name = event_data.pop("type", None)
    if stream_type == CASE:
        event = parse_event(data["event"])
    else:
        if not isinstance(type_name, str) or not isinstance(moment, str):
            raise ValueError("event needs a type and an occurred_at")
        event = of.join(type_name, datetime.fromisoformat(moment), event_data)
    type_, occurred_at, payload = of.split(event)
    recorded_at = _utc(data["recorded_at"]) if data.get("recorded_at") else store.clock()
    version = _text_field(data, "rule_set_version", required=False)
    return EventRecord(
        stream_type=stream_type,
        case_id=str(_text_field(data, "case_id", required=True)),
        seq=seq,
        type=type_,
        payload=payload,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        actor=str(_text_field(data, "actor", required=True)),
        organisation=str(_text_field(data, "organisation", required=True)),
        rule_set_version=version or store.law.book.at(occurred_at.date()).version,
        idempotency_key=_text_field(data, "idempotency_key", required=False),
        prev_hash=_text_field(data, "prev_hash", required=False) or "",
        hash=_text_field(data, "hash", required=False) or "",
    )


def import_events(
    *,
    store: EventStore,
    lines: Iterable[str],
    dated_within: tuple[datetime | None, datetime] | None = None,
) -> ImportReport:
    """Import JSON Lines of events, all or nothing (see docs/store.md, "Import and export").

    ``dated_within`` (earliest or None, latest): the moments an event's ``occurred_at`` may
    lie between (``services.recording.dating_window``); None: not checked.

    Every line is parsed, then every event is validated in file order through the state
    machine on top of its case's state in the database (or a new case), before anything is
    written. The first invalid line refuses the whole file: ``ImportRefusedError`` names the line
    number and the reason, and nothing is written.
    """
    parsed: list[tuple[int, EventRecord]] = []
    count = 0
    for number, text in enumerate(lines, start=1):
        count = number
        if not text.strip():
            continue
        try:
            parsed.append((number, parse_line(text, store=store)))
        except (ValueError, EventError) as exc:
            raise ImportRefusedError(number, str(exc)) from exc
    results = store.import_records(parsed, dated_within=dated_within)
    return ImportReport(lines=count, events=len(results), cases=len({r.case_id for r in results}))
