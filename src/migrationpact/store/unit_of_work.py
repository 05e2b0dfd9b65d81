"""One write transaction's view of the streams it touches: the unit of work behind every append.

``UnitOfWork`` loads (and on PostgreSQL locks) each stream's state once, through its kind
(``streams``: a case, or a stream of another kind), stages new events against it through the
kind's domain (``decide``), checks sequences and idempotency keys (each actor's own: a key is
looked up among the events its actor recorded), chains the hashes, and in
``flush`` writes the staged events with multi-row inserts and hands what changed to every
projector registered for each kind (``projectors``). The access-log rows of what an append's
answer shows ride along in the same transaction (``NewEvent.logged``). The event store opens one per
transaction; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, bindparam, insert, select

from migrationpact.law.law import Law
from migrationpact.observe.metrics import count_events
from migrationpact.store.accesslog import AccessEntry, chain_entries
from migrationpact.store.errors import (
    ConcurrencyError,
    IdempotencyError,
)
from migrationpact.store.hashing import GENESIS, canonical_json
from migrationpact.store.projectors import Change
from migrationpact.store.records import AppendResult, EventRecord
from migrationpact.store.sealing import Keyring, sealed
from migrationpact.store.streams import CASE, StreamKind, kind
from migrationpact.store.tables import events

SYSTEM_ACTOR = "system"
SYSTEM_ORGANISATION = "migrationpact"
Clock = Callable[[], datetime]
_T = TypeVar("_T")
_CHUNK = 500


@dataclass(frozen=True)
class NewEvent:
    """One event to append, with the writer's expectations (see ``EventStore.append``).

    ``case_id`` is the id of the event's stream, of kind ``stream_type`` (a case by default).
    """

    case_id: str
    event: Any
    expected_seq: int | None = None
    idempotency_key: str | None = None
    actor: str = SYSTEM_ACTOR
    organisation: str = SYSTEM_ORGANISATION
    stream_type: str = CASE
    #: Access-log rows of what the answer to this append shows (the deadlines it changed),
    #: written in the append's own transaction when it is recorded or answered as a repeat.
    logged: tuple[AccessEntry, ...] = ()


@dataclass
class _Stream:
    """A stream as the current transaction sees it."""

    kind: StreamKind
    state: Any
    last_hash: str
    #: The state as its projections hold it (None: a new stream); what ``flush`` compares with.
    stored: Any
    updated_at: datetime | None = None
    touched: bool = False


StreamKey = tuple[str, str]
#: An idempotency key as the store scopes it: (actor, key).
ActorKey = tuple[str, str]


@dataclass(frozen=True)
class Mark:
    """Where a unit of work stood before one stream's events were staged (``mark``)."""

    records: int
    logged: int
    stream: StreamKey
    saved: tuple[Any, str, datetime | None, bool] | None
    keys: frozenset[ActorKey]


@dataclass
class UnitOfWork:
    """Stages appends inside one transaction and writes them in one go at ``flush``."""

    conn: Connection
    law: Law
    clock: Clock
    streams: dict[StreamKey, _Stream] = field(default_factory=dict)
    records: list[EventRecord] = field(default_factory=list)
    keys: dict[ActorKey, EventRecord] = field(default_factory=dict)
    checked_keys: set[ActorKey] = field(default_factory=set)
    logged: list[AccessEntry] = field(default_factory=list)
    #: The data keys this unit seals and opens personal fields with (``store.sealing``).
    keyring: Keyring = field(default_factory=lambda: Keyring(replay=True))

    def stream(self, stream_id: str, stream_type: str = CASE) -> _Stream:
        found = self.streams.get((stream_type, stream_id))
        if found is None:
            self.preload([stream_id], [], stream_type)
            found = self.streams[(stream_type, stream_id)]
        return found

    def case(self, case_id: str) -> _Stream:
        """The case stream ``case_id`` (its ``state`` is the ``CaseState``)."""
        return self.stream(case_id, CASE)

    def preload(
        self, stream_ids: Iterable[str], keys: Iterable[ActorKey], stream_type: str = CASE
    ) -> None:
        """Load (and lock) many streams of one kind and look up many idempotency keys, each
        (actor, key), in a few queries. Streams are locked in id order, so two batches never
        wait in a circle."""
        of = kind(stream_type)
        wanted = sorted({i for i in stream_ids if (stream_type, i) not in self.streams})
        for ids in chunks(wanted):
            found = of.load(self.conn, ids)
            for stream_id in ids:
                if stream_id in found:
                    state, last_hash = found[stream_id]
                    self.streams[(stream_type, stream_id)] = _Stream(of, state, last_hash, state)
                else:
                    fresh = of.initial(stream_id)
                    self.streams[(stream_type, stream_id)] = _Stream(of, fresh, GENESIS, None)
        wanted_keys = [k for k in dict.fromkeys(keys) if k not in self.keys]
        by_actor: dict[str, list[str]] = {}
        for actor, key in wanted_keys:
            by_actor.setdefault(actor, []).append(key)
        e = events.c
        for actor, actor_keys in by_actor.items():
            for chunk in chunks(actor_keys):
                query = select(events).where(e.actor == actor, e.idempotency_key.in_(chunk))
                for row in self.conn.execute(query):
                    record = EventRecord.from_row(row)
                    assert record.idempotency_key is not None
                    self.keys[(actor, record.idempotency_key)] = record
        self.checked_keys.update(wanted_keys)

    def _earlier(self, actor: str, key: str) -> EventRecord | None:
        """The event ``actor`` recorded with ``key`` before (None: the key is new to them)."""
        if (actor, key) in self.keys:
            return self.keys[(actor, key)]
        if (actor, key) in self.checked_keys:
            return None
        row = self.conn.execute(_BY_KEY, {"actor": actor, "key": key}).first()
        return EventRecord.from_row(row) if row is not None else None

    def mark(self, stream_id: str, stream_type: str = CASE) -> Mark:
        """Remember where this unit stands before staging events of one stream, so that
        ``undo`` can drop them again and leave the other streams' staged events in place."""
        key = (stream_type, stream_id)
        s = self.streams.get(key)
        saved = None if s is None else (s.state, s.last_hash, s.updated_at, s.touched)
        return Mark(len(self.records), len(self.logged), key, saved, frozenset(self.keys))

    def undo(self, mark: Mark) -> None:
        """Drop what was staged since ``mark`` (which staged events of its stream only)."""
        del self.records[mark.records :]
        del self.logged[mark.logged :]
        for key in set(self.keys) - mark.keys:
            del self.keys[key]
        if mark.saved is None:
            self.streams.pop(mark.stream, None)
        else:
            s = self.streams[mark.stream]
            s.state, s.last_hash, s.updated_at, s.touched = mark.saved

    def stage(self, new: NewEvent, *, recorded: EventRecord | None = None) -> AppendResult:
        """Validate one event against its stream and queue its rows; nothing is written yet.

        ``recorded`` (import) supplies the stored fields of an event written elsewhere:
        ``recorded_at``, ``rule_set_version`` and the idempotency key are kept; the hash is
        recomputed on this store's chain.
        """
        current = self.stream(new.case_id, new.stream_type)
        type_, occurred_at, payload = current.kind.split(new.event)
        if new.idempotency_key is not None:
            earlier = self._earlier(new.actor, new.idempotency_key)
            if earlier is not None:
                same = (
                    earlier.stream_type == new.stream_type
                    and earlier.case_id == new.case_id
                    and earlier.type == type_
                    and earlier.occurred_at == occurred_at
                    and canonical_json(self.keyring.open(self.conn, earlier).payload)
                    == canonical_json(payload)
                )
                if not same:
                    raise IdempotencyError(
                        new.idempotency_key, case_id=earlier.case_id, seq=earlier.seq
                    )
                self.logged += new.logged
                return AppendResult.of(earlier, repeated=True)
        seq = current.kind.seq(current.state)
        if new.expected_seq is not None and new.expected_seq != seq:
            raise ConcurrencyError(new.case_id, expected=new.expected_seq, actual=seq)
        state = current.kind.decide(current.state, new.event, self.law)
        if recorded is not None:
            recorded_at, version = recorded.recorded_at, recorded.rule_set_version
        else:
            recorded_at = self.clock()
            version = self.law.book.at(occurred_at.date()).version
        # Personal fields are sealed before the hash is made: the chain covers the envelopes.
        if recorded is not None and sealed(type_, recorded.payload):
            payload = self._presealed(recorded, payload)
        else:
            payload = self.keyring.seal(self.conn, new.stream_type, new.case_id, type_, payload)
        unhashed = EventRecord(
            stream_type=new.stream_type,
            case_id=new.case_id,
            seq=current.kind.seq(state),
            type=type_,
            payload=payload,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            actor=new.actor,
            organisation=new.organisation,
            rule_set_version=version,
            idempotency_key=new.idempotency_key,
            prev_hash=current.last_hash,
            hash="",
        )
        record = replace(unhashed, hash=unhashed.computed_hash())
        self.records.append(record)
        if record.idempotency_key is not None:
            self.keys[(record.actor, record.idempotency_key)] = record
        before = current.state
        current.state, current.last_hash = state, record.hash
        current.updated_at, current.touched = recorded_at, True
        self.logged += new.logged
        return AppendResult.of(record, states=(before, state))

    def _presealed(self, recorded: EventRecord, payload: dict[str, Any]) -> dict[str, Any]:
        """The sealed payload of an imported event (a verified export keeps its envelopes,
        and so its hash), once it is seen to open to the event."""
        opened = self.keyring.open(self.conn, recorded).payload
        if canonical_json(opened) != canonical_json(payload):
            raise ValueError("the sealed fields do not open to the event's fields")
        return recorded.payload

    def flush(self) -> None:
        """Insert the staged events and bring every projection of the touched streams up to
        date (each kind's projectors, in their order); last, the access-log rows of what the
        answers show (``chain_entries`` holds the log's lock until the commit)."""
        self._flush_events()
        if self.logged:
            chain_entries(self.conn, [self.logged])
            self.logged = []

    def _flush_events(self) -> None:
        if not self.records:
            return
        if self.keyring.new:
            cases = [r.case_id for r in self.records if r.stream_type == CASE]
            self.keyring.write_new(self.conn, cases, self.records[0].recorded_at)
        for chunk in chunks([r.row() for r in self.records]):
            self.conn.execute(insert(events), chunk)
        count_events((r.stream_type, r.type) for r in self.records)
        touched: dict[str, list[tuple[StreamKey, _Stream]]] = {}
        for key, s in self.streams.items():
            if s.touched:
                touched.setdefault(key[0], []).append((key, s))
        for stream_type, streams in touched.items():
            changes = [
                Change(key[1], s.stored, s.state, _stamp(s.updated_at)) for key, s in streams
            ]
            for projector in kind(stream_type).projectors:
                projector.write(self.conn, changes, self.law)
        self.records.clear()
        for streams in touched.values():
            for _, s in streams:
                s.stored, s.touched = s.state, False


#: The event an actor recorded with an idempotency key (built once, bound per lookup).
_BY_KEY = select(events).where(
    events.c.actor == bindparam("actor"), events.c.idempotency_key == bindparam("key")
)


def _stamp(moment: datetime | None) -> datetime:
    assert moment is not None
    return moment


def chunks(items: Sequence[_T], size: int = _CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
