"""Moving events between stores as JSON Lines: export, and an all-or-nothing import that trusts
nothing in the file.

An export line is one stored event with everything its hash covers (see ``EventRecord.to_line``).
When the store has an export key (``MIGRATIONPACT_EXPORT_KEY``), the export ends with a
signature line: ``{"signature": {"alg": "hmac-sha256", "key_id": …, "lines": N, "mac": …}}``,
the HMAC-SHA256 with that key over every line before it (UTF-8, each with its newline). A file
is a *verified export of this store* when its signature verifies with this store's key: only
then are its ``recorded_at`` times, its chain and the system's own events (``deadline_lapsed``
by the system actor) taken over. The hash chain alone cannot show where a file comes from:
anyone can recompute it (``EventRecord.computed_hash``).

Any other file is refused, unless the operator imports it as *hand-written* (``--hand-written``):
then no line may carry ``recorded_at``, ``prev_hash`` or ``hash`` (the events are recorded now,
and chained here), nor be the system's (the system actor or organisation, a lapse).

Every line of every file: at most ``MAX_LINE`` bytes of UTF-8, one JSON object; the case id of
the shape the API accepts; texts within their columns; a rule-set version, if given, the one the
law gives for the event's day; the event re-validated by the state machine on top of its case's
state; the hash recomputed and compared. The first invalid line refuses the whole file with its
line number and reason, and nothing is written. See docs/store.md, "Import and export".
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import String, select

from migrationpact.cases.events import EventError, parse_event
from migrationpact.jsontext import dumps
from migrationpact.store.database import read_transaction
from migrationpact.store.errors import CaseNotFoundError, ImportRefusedError, StoreError
from migrationpact.store.eventstore import EventStore
from migrationpact.store.records import EventRecord
from migrationpact.store.sealing import Keyring, open_payload, sealed
from migrationpact.store.streams import CASE, kind
from migrationpact.store.tables import case_states, events, person_keys
from migrationpact.store.unit_of_work import SYSTEM_ACTOR, SYSTEM_ORGANISATION

#: The environment variable that holds this store's export key (at least 32 characters).
ENV_EXPORT_KEY = "MIGRATIONPACT_EXPORT_KEY"
#: The longest line an import reads (bytes of UTF-8).
MAX_LINE = 1024 * 1024
#: The shape of a case id (the same as ``services.paths.CASE_ID``, which the API and web check).
CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_LAPSE = "deadline_lapsed"


def export_key() -> bytes | None:
    """This store's export key from ``MIGRATIONPACT_EXPORT_KEY`` (None: not set)."""
    text = os.environ.get(ENV_EXPORT_KEY, "")
    if not text:
        return None
    if len(text) < 32:
        raise StoreError(f"{ENV_EXPORT_KEY} must be at least 32 characters")
    return text.encode("utf-8")


def key_id(key: bytes) -> str:
    """Which key signed a file, without giving it away: 16 hex digits of its SHA-256."""
    return hashlib.sha256(b"migrationpact-export-key:" + key).hexdigest()[:16]


def signed(lines: Iterable[str], key: bytes) -> Iterator[str]:
    """``lines`` (JSON texts without newlines), then the signature line over them."""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    count = 0
    for line in lines:
        mac.update(line.encode("utf-8") + b"\n")
        count += 1
        yield line
    yield dumps(
        {
            "signature": {
                "alg": "hmac-sha256",
                "key_id": key_id(key),
                "lines": count,
                "mac": mac.hexdigest(),
            }
        }
    )


def export_lines(
    *, store: EventStore, case_ids: Sequence[str] | None = None, key: bytes | None = None
) -> Iterator[str]:
    """The export as JSON texts, signed with ``key`` when given."""
    events_ = export_events(store=store, case_ids=case_ids)
    lines = (json.dumps(line, ensure_ascii=False) for line in events_)
    return signed(lines, key) if key is not None else lines


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
        keys = {row.case_id: row for row in conn.execute(select(person_keys))}
        for row in conn.execute(query.execution_options(yield_per=2000)):
            record = EventRecord.from_row(row)
            line = record.to_line()
            if record.stream_type == CASE and sealed(record.type, record.payload):
                # The envelopes are kept as stored (the hash covers them), with the case's key
                # wrapped as this store keeps it: a store with the same KEK opens them.
                line["data_key"] = line_data_key(keys[record.case_id])
            yield line


def line_data_key(row: Any) -> dict[str, Any]:
    """The ``data_key`` of an export line from its case's ``person_keys`` row: the key wrapped
    as this store keeps it, or the mark of an erased case."""
    if row.erased_at is not None or row.wrapped is None:
        born = row.surrogate_birth
        return {"erased": True, "surrogate_birth": born.isoformat() if born else None}
    return {"wrapped": row.wrapped, "kek_id": row.kek_id}


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
    "data_key",
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


#: The longest text of each column a line fills (a longer one would fail in the database).
_LENGTHS: dict[str, int] = {
    c.name: c.type.length
    for c in events.columns
    if isinstance(c.type, String) and c.type.length is not None
}


def _text_field(data: dict[str, Any], key: str, *, required: bool) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} must be a non-empty string, got {json.dumps(value)}")
    limit = _LENGTHS.get(key)
    if limit is not None and len(value) > limit:
        raise ValueError(f"{key} is longer than {limit} characters")
    return value


def _check_trust(data: dict[str, Any], record: EventRecord, *, verified: bool) -> None:
    """What only a verified export of this store may carry, and what no file may."""
    system = record.actor == SYSTEM_ACTOR or record.organisation == SYSTEM_ORGANISATION
    if not verified:
        carried = [k for k in ("recorded_at", "prev_hash", "hash") if data.get(k)]
        if carried:
            raise ValueError(
                f"{', '.join(carried)}: kept only from a verified export of this store; a "
                "hand-written event is recorded now and chained here"
            )
        if system or record.type == _LAPSE:
            raise ValueError("only the system records its own events (lapses), not a file")
        return
    if not record.hash or not record.prev_hash:
        raise ValueError("a line of an export needs its prev_hash and hash")
    if system != (record.type == _LAPSE):
        raise ValueError("the system actor records lapses, and only the system does")


def parse_line(
    text: str,
    *,
    store: EventStore,
    verified: bool = False,
    keys: dict[str, dict[str, Any]] | None = None,
) -> EventRecord:
    """One import line as a record to validate (``ValueError``/``EventError`` if malformed or
    not to be trusted; ``verified``: the line is part of a verified export of this store).

    A line whose personal fields are sealed carries its case's ``data_key``; the fields are
    opened with it to check the event. A verified line keeps its envelopes (and its hash) and
    its key goes into ``keys``; any other line is recorded as its plain fields, sealed anew.
    """
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
    case_id = str(_text_field(data, "case_id", required=True))
    if not CASE_ID.match(case_id):
        raise ValueError(f"case_id {case_id!r} is not a case id (letters, digits, . _ -)")
    stream_type = str(_text_field(data, "stream_type", required=False) or CASE)
    try:
        of = kind(stream_type)
    except StoreError as exc:  # a kind this store does not keep: a bad line
        raise ValueError(str(exc)) from None
    event_data = dict(data["event"])
    moment = event_data.pop("occurred_at", None)
    type_name = event_data.pop("type", None)
    sealed_payload: dict[str, Any] | None = None
    if stream_type == CASE and isinstance(type_name, str) and sealed(type_name, event_data):
        sealed_payload = event_data
        event_data = _opened(case_id, type_name, event_data, data.get("data_key"))
        event = parse_event({**event_data, "type": type_name, "occurred_at": moment})
    elif stream_type == CASE:
        event = parse_event(data["event"])
    else:
        if not isinstance(type_name, str) or not isinstance(moment, str):
            raise ValueError("event needs a type and an occurred_at")
        event = of.join(type_name, datetime.fromisoformat(moment), event_data)
    type_, occurred_at, payload = of.split(event)
    recorded_at = _utc(data["recorded_at"]) if data.get("recorded_at") else store.clock()
    law_version = store.law.book.at(occurred_at.date()).version
    version = _text_field(data, "rule_set_version", required=False)
    if version is not None and version != law_version:
        raise ValueError(
            f"rule_set_version {version[:19]}… is not the rule set the law gives for "
            f"{occurred_at.date().isoformat()} ({law_version[:19]}…)"
        )
    record = EventRecord(
        stream_type=stream_type,
        case_id=case_id,
        seq=seq,
        type=type_,
        payload=payload,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        actor=str(_text_field(data, "actor", required=True)),
        organisation=str(_text_field(data, "organisation", required=True)),
        rule_set_version=law_version,
        idempotency_key=_text_field(data, "idempotency_key", required=False),
        prev_hash=_text_field(data, "prev_hash", required=False) or "",
        hash=_text_field(data, "hash", required=False) or "",
    )
    _check_trust(data, record, verified=verified)
    if sealed_payload is not None and verified:
        if keys is not None:
            keys[case_id] = data["data_key"]
        return replace(record, payload=sealed_payload)
    return record


def _opened(case_id: str, type_: str, payload: dict[str, Any], given: Any) -> dict[str, Any]:
    if given is None:
        raise ValueError("the event's personal fields are sealed, but the line has no data_key")
    try:
        keyring = Keyring()
        return open_payload(type_, case_id, payload, keyring.line_key(case_id, given))
    except StoreError as exc:
        raise ValueError(str(exc)) from None


def _decoded(number: int, raw: str | bytes) -> str:
    """One line as text: at most ``MAX_LINE`` bytes of UTF-8."""
    if isinstance(raw, str):
        try:
            raw = raw.encode("utf-8")
        except UnicodeEncodeError:
            raise ImportRefusedError(number, "the line is not valid UTF-8") from None
    if len(raw) > MAX_LINE:
        raise ImportRefusedError(number, f"the line is longer than {MAX_LINE} bytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefusedError(
            number, f"the line is not valid UTF-8 (byte {exc.start + 1})"
        ) from None


def _signature(texts: list[tuple[int, str]], key: bytes | None) -> bool:
    """Whether the file ends in a signature that verifies with ``key`` (the signature line is
    then taken off ``texts``); a signature that does not verify refuses the file."""
    if not texts:
        return False
    number, last = texts[-1]
    try:
        data = json.loads(last)
    except json.JSONDecodeError:
        return False
    if not (isinstance(data, dict) and set(data) == {"signature"}):
        return False
    texts.pop()
    found = data["signature"]
    if key is None:
        raise ImportRefusedError(
            number, f"the file is signed, but this store has no export key ({ENV_EXPORT_KEY})"
        )
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for _, text in texts:
        mac.update(text.encode("utf-8") + b"\n")
    wanted = {"alg": "hmac-sha256", "key_id": key_id(key), "lines": len(texts)}
    given = found if isinstance(found, dict) else {}
    if any(given.get(k) != v for k, v in wanted.items()) or not hmac.compare_digest(
        str(given.get("mac", "")), mac.hexdigest()
    ):
        raise ImportRefusedError(
            number,
            "the signature does not verify with this store's export key: the file was "
            "altered, cut, or exported by another store",
        )
    return True


def import_events(
    *,
    store: EventStore,
    lines: Iterable[str | bytes],
    key: bytes | None = None,
    hand_written: bool = False,
    dated_within: tuple[datetime | None, datetime] | None = None,
) -> ImportReport:
    """Import JSON Lines of events, all or nothing (see the module docstring and docs/store.md,
    "Import and export").

    The file must be a verified export of this store (signed with ``key``), or be imported as
    ``hand_written``. Every line is decoded and parsed, then every event is validated in file
    order through the state machine on top of its case's state in the database (or a new case),
    before anything is written. The first invalid line refuses the whole file:
    ``ImportRefusedError`` names the line number and the reason, and nothing is written.
    ``dated_within`` (earliest or None, latest): the moments an event's ``occurred_at`` may lie
    between (``services.recording.dating_window``); None: not checked.
    """
    texts = [(n, _decoded(n, raw)) for n, raw in enumerate(lines, start=1)]
    count = len(texts)
    texts = [(n, text) for n, text in texts if text.strip()]
    verified = _signature(texts, key)
    if not verified and not hand_written and texts:
        raise ImportRefusedError(
            texts[0][0],
            "not a verified export of this store (no signature line): export with "
            f"{ENV_EXPORT_KEY} set, or import events written by hand with --hand-written",
        )
    parsed: list[tuple[int, EventRecord]] = []
    keys: dict[str, dict[str, Any]] = {}
    for number, text in texts:
        try:
            parsed.append((number, parse_line(text, store=store, verified=verified, keys=keys)))
        except (ValueError, EventError) as exc:
            raise ImportRefusedError(number, str(exc)) from exc
    results = store.import_records(parsed, dated_within=dated_within, keys=keys)
    return ImportReport(lines=count, events=len(results), cases=len({r.case_id for r in results}))
