"""One write transaction's view of the cases it touches: the unit of work behind every append.

``UnitOfWork`` loads (and on PostgreSQL locks) each case's projection row once, stages new
events against it through the state machine, checks sequences and idempotency keys, chains the
hashes, and writes every staged row with one multi-row insert per table in ``flush``. The event
store opens one per transaction; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from migrationpact.cases.events import AnyEvent
from migrationpact.cases.machine import decide
from migrationpact.cases.state import CaseState, DeadlineEntry, initial_state
from migrationpact.law.law import Law
from migrationpact.store.errors import (
    ConcurrencyError,
    IdempotencyError,
)
from migrationpact.store.hashing import GENESIS, canonical_json
from migrationpact.store.projections import changed_entries, deadline_row, state_row
from migrationpact.store.records import AppendResult, EventRecord, split_event
from migrationpact.store.states import read_states
from migrationpact.store.tables import case_states, deadlines, events

SYSTEM_ACTOR = "system"
SYSTEM_ORGANISATION = "migrationpact"
Clock = Callable[[], datetime]
_T = TypeVar("_T")
_CHUNK = 500


@dataclass(frozen=True)
class NewEvent:
    """One event to append, with the writer's expectations (see ``EventStore.append``)."""

    case_id: str
    event: AnyEvent
    expected_seq: int | None = None
    idempotency_key: str | None = None
    actor: str = SYSTEM_ACTOR
    organisation: str = SYSTEM_ORGANISATION


@dataclass
class _Case:
    """A case as the current transaction sees it."""

    state: CaseState
    last_hash: str
    existed: bool
    updated_at: datetime | None = None
    touched: bool = False
    #: The deadline entries as the ``deadlines`` rows hold them (what ``flush`` compares with).
    stored: tuple[DeadlineEntry, ...] = ()


@dataclass
class UnitOfWork:
    """Stages appends inside one transaction and writes them in one go at ``flush``."""

    conn: Connection
    law: Law
    clock: Clock
    cases: dict[str, _Case] = field(default_factory=dict)
    records: list[EventRecord] = field(default_factory=list)
    keys: dict[str, EventRecord] = field(default_factory=dict)
    checked_keys: set[str] = field(default_factory=set)

    def case(self, case_id: str) -> _Case:
        found = self.cases.get(case_id)
        if found is None:
            found = self._load(case_id)
            self.cases[case_id] = found
        return found

    def preload(self, case_ids: Iterable[str], keys: Iterable[str]) -> None:
        """Load (and lock) many cases and look up many idempotency keys in a few queries.

        Cases are locked in id order, so two batches never wait for each other in a circle.
        """
        wanted = sorted({c for c in case_ids if c not in self.cases})
        for ids in chunks(wanted):
            query = (
                select(case_states.c.case_id, case_states.c.state, events.c.hash)
                .join(
                    events,
                    (events.c.case_id == case_states.c.case_id)
                    & (events.c.seq == case_states.c.seq),
                )
                .where(case_states.c.case_id.in_(ids))
            )
            if self.conn.dialect.name == "postgresql":
                query = query.with_for_update(of=case_states)
            found = {r.case_id: (r.state, r.hash) for r in self.conn.execute(query)}
            states = read_states(self.conn, {cid: doc for cid, (doc, _) in found.items()})
            for case_id in ids:
                if case_id in found:
                    state = states[case_id]
                    self.cases[case_id] = _Case(
                        state, found[case_id][1], existed=True, stored=state.deadlines
                    )
                else:
                    self.cases[case_id] = _Case(initial_state(case_id), GENESIS, existed=False)
        wanted_keys = [k for k in dict.fromkeys(keys) if k not in self.keys]
        for chunk in chunks(wanted_keys):
            rows = self.conn.execute(select(events).where(events.c.idempotency_key.in_(chunk)))
            for row in rows:
                record = EventRecord.from_row(row)
                assert record.idempotency_key is not None
                self.keys[record.idempotency_key] = record
        self.checked_keys.update(wanted_keys)

    def _load(self, case_id: str) -> _Case:
        self.preload([case_id], [])
        return self.cases[case_id]

    def _earlier(self, key: str) -> EventRecord | None:
        if key in self.keys:
            return self.keys[key]
        if key in self.checked_keys:
            return None
        row = self.conn.execute(select(events).where(events.c.idempotency_key == key)).first()
        return EventRecord.from_row(row) if row is not None else None

    def stage(self, new: NewEvent, *, recorded: EventRecord | None = None) -> AppendResult:
        """Validate one event against its case and queue its rows; nothing is written yet.

        ``recorded`` (import) supplies the stored fields of an event written elsewhere:
        ``recorded_at``, ``rule_set_version`` and the idempotency key are kept; the hash is
        recomputed on this store's chain.
        """
        case = self.case(new.case_id)
        type_, occurred_at, payload = split_event(new.event)
        if new.idempotency_key is not None:
            earlier = self._earlier(new.idempotency_key)
            if earlier is not None:
                same = (
                    earlier.case_id == new.case_id
                    and earlier.type == type_
                    and earlier.occurred_at == occurred_at
                    and canonical_json(earlier.payload) == canonical_json(payload)
                )
                if not same:
                    raise IdempotencyError(
                        new.idempotency_key, case_id=earlier.case_id, seq=earlier.seq
                    )
                return AppendResult.of(earlier, repeated=True)
        if new.expected_seq is not None and new.expected_seq != case.state.seq:
            raise ConcurrencyError(new.case_id, expected=new.expected_seq, actual=case.state.seq)
        state = decide(case.state, new.event, law=self.law)
        if recorded is not None:
            recorded_at, version = recorded.recorded_at, recorded.rule_set_version
        else:
            recorded_at = self.clock()
            version = self.law.book.at(occurred_at.date()).version
        unhashed = EventRecord(
            case_id=new.case_id,
            seq=state.seq,
            type=type_,
            payload=payload,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            actor=new.actor,
            organisation=new.organisation,
            rule_set_version=version,
            idempotency_key=new.idempotency_key,
            prev_hash=case.last_hash,
            hash="",
        )
        record = replace(unhashed, hash=unhashed.computed_hash())
        self.records.append(record)
        if record.idempotency_key is not None:
            self.keys[record.idempotency_key] = record
        case.state, case.last_hash, case.updated_at, case.touched = (
            state,
            record.hash,
            recorded_at,
            True,
        )
        return AppendResult.of(record)

    def flush(self) -> None:
        """Insert the staged events and write the touched cases' projections."""
        if not self.records:
            return
        for chunk in chunks([r.row() for r in self.records]):
            self.conn.execute(insert(events), chunk)
        touched = {cid: c for cid, c in self.cases.items() if c.touched}
        fresh = [
            state_row(c.state, updated_at=_stamp(c.updated_at))
            for c in touched.values()
            if not c.existed
        ]
        for chunk in chunks(fresh):
            self.conn.execute(insert(case_states), chunk)
        for cid, c in touched.items():
            if c.existed:
                row = state_row(c.state, updated_at=_stamp(c.updated_at))
                del row["case_id"]
                self.conn.execute(
                    update(case_states).where(case_states.c.case_id == cid).values(**row)
                )
        self._write_deadlines(touched)
        self.records.clear()
        for c in touched.values():
            c.existed, c.touched, c.stored = True, False, c.state.deadlines

    def _write_deadlines(self, touched: dict[str, _Case]) -> None:
        """Write only the deadline rows whose entry this transaction added or changed (all of
        a new case's), in one multi-row statement per kind of change."""
        added: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        d = deadlines.c
        for cid, c in touched.items():
            new, different, gone = changed_entries(c.stored, c.state.deadlines)
            if gone:
                self.conn.execute(delete(deadlines).where(d.case_id == cid, d.key.in_(gone)))
            changed += [_keyed(deadline_row(cid, entry, self.law)) for entry in different]
            added += [deadline_row(cid, entry, self.law) for entry in new]
        for chunk in chunks(changed):
            self.conn.execute(_UPDATE_DEADLINE, chunk)
        for chunk in chunks(added):
            self.conn.execute(insert(deadlines), chunk)


#: An update of one ``deadlines`` row, found by its key (bound as ``row_case_id``, ``row_key``);
#: the other columns are set from the parameters given.
_UPDATE_DEADLINE = update(deadlines).where(
    deadlines.c.case_id == bindparam("row_case_id"), deadlines.c.key == bindparam("row_key")
)


def _keyed(row: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in row.items() if k not in ("case_id", "key")}
    return {**values, "row_case_id": row["case_id"], "row_key": row["key"]}


def _stamp(moment: datetime | None) -> datetime:
    assert moment is not None
    return moment


def chunks(items: Sequence[_T], size: int = _CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
