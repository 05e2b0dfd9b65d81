"""The event store: append-only, per-case sequence, optimistic concurrency, idempotency, hash chain.

``EventStore.append`` records one event in ONE transaction:

1. lock the case: ``BEGIN IMMEDIATE`` on SQLite (the whole database's write lock), ``SELECT …
   FOR UPDATE`` of the case's projection row on PostgreSQL;
2. idempotency: a key the same actor used before returns the original ``AppendResult`` and
   writes nothing; the actor's key reused for another case or event is an ``IdempotencyError``
   (keys are unique per actor: another actor's key never collides);
3. optimistic concurrency: ``expected_seq`` must equal the case's current seq (0 for a new case),
   else ``ConcurrencyError`` (HTTP 409); ``None`` skips the check (system writers);
4. the domain decides (``machine.decide``): a refused step raises ``TransitionError`` and the
   transaction is rolled back before anything was written;
5. the event row is inserted with ``hash = sha256(prev_hash + canonical row fields)``, the case's
   projection row and its deadline rows are written, and the transaction commits.

Two writers that both found no row for a new case collide on ``UNIQUE(case_id, seq)`` (or on the
idempotency key); the loser's transaction is rolled back and reported as a conflict, or as the
original result when it was a repeat of the winner's request.

Concurrent ``append`` calls of one process are committed together (``groupcommit``): the
first caller writes every append that arrived meanwhile in one transaction, each decided and
refused on its own, and every caller is answered after that one commit.

``append_many`` does the same for a batch in one transaction (all or nothing), with one
multi-row insert per table: the way to bulk-load. ``rebuild`` recomputes every projection from
the events; ``verify`` walks every hash chain and names the first broken link.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import IntegrityError

from migrationpact.cases.events import AnyEvent
from migrationpact.cases.state import CaseState
from migrationpact.law.law import Law
from migrationpact.law.rulebook import RuleBook

# Registers the reception-site kind of stream: every store keeps, verifies and carries it.
from migrationpact.store import reception_sites as _reception_sites  # noqa: F401
from migrationpact.store.accesslog import AccessEntry, write_entries
from migrationpact.store.database import read_transaction, utc_now, write_transaction
from migrationpact.store.errors import (
    ConcurrencyError,
    ImportRefusedError,
    StoreError,
)
from migrationpact.store.groupcommit import GroupCommit
from migrationpact.store.hashing import GENESIS
from migrationpact.store.lapses import LapseReport, record_lapses
from migrationpact.store.rebuild import RebuildReport, by_case, rebuild_projections, stream
from migrationpact.store.records import AppendResult, EventRecord
from migrationpact.store.sealing import Keyring
from migrationpact.store.states import read_state
from migrationpact.store.streams import CASE, kind
from migrationpact.store.tables import case_states, events, stream_states
from migrationpact.store.unit_of_work import (
    SYSTEM_ACTOR,
    SYSTEM_ORGANISATION,
    Clock,
    NewEvent,
    UnitOfWork,
)


@dataclass(frozen=True)
class BrokenLink:
    """The first event whose chain link does not hold."""

    case_id: str
    seq: int
    reason: str
    expected: str
    stored: str

    def describe(self) -> str:
        return (
            f"case {self.case_id} seq {self.seq}: {self.reason} "
            f"(expected {self.expected}, stored {self.stored})"
        )


@dataclass(frozen=True)
class VerifyReport:
    cases: int
    events: int
    broken: BrokenLink | None

    @property
    def ok(self) -> bool:
        return self.broken is None


class EventStore:
    """The store of one database: appends, reads, rebuild and verification."""

    def __init__(self, engine: Engine, *, law: Law | None = None, clock: Clock = utc_now) -> None:
        self.engine = engine
        self._law = law
        self.clock = clock
        #: Concurrent ``append`` calls of this process, committed together (``groupcommit``).
        self._appends: GroupCommit[NewEvent, AppendResult | Exception]
        self._appends = GroupCommit(self._append_together)

    @property
    def law(self) -> Law:
        """The law the domain decides with (the shipped one unless given; read lazily)."""
        if self._law is None:
            self._law = Law.default()
        return self._law

    @property
    def book(self) -> RuleBook:
        """The rule book of ``law``."""
        return self.law.book

    # --- writing ----------------------------------------------------------------------------

    def append(
        self,
        *,
        case_id: str,
        event: AnyEvent | Any,  # a case event, or the event of the stream's kind
        expected_seq: int | None,
        idempotency_key: str | None,
        actor: str,
        organisation: str,
        stream_type: str = CASE,
        logged: Sequence[AccessEntry] = (),
    ) -> AppendResult:
        """Record one event (see the module docstring for the steps and guarantees) on the
        stream ``case_id`` of kind ``stream_type`` (a case unless told). ``logged``: the
        access-log rows of what the answer will show, written in the same transaction when
        the event is recorded or answered as a repeat (not when it is refused)."""
        new = NewEvent(
            case_id, event, expected_seq, idempotency_key, actor, organisation, stream_type,
            tuple(logged),
        )  # fmt: skip
        outcome = self._appends.submit(new)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def _append_together(self, batch: Sequence[NewEvent]) -> list[AppendResult | Exception]:
        """The appends of concurrent callers (``append``), in one transaction: each is decided
        on its own (a refused one is dropped again, the others stay), then all are written
        and committed together. One alone takes the way of ``append_many``; a batch that fails
        as a whole (a race with another process) is tried again one append at a time by
        ``GroupCommit``."""
        if len(batch) == 1:
            return [self.append_many(batch)[0]]
        outcomes: list[AppendResult | Exception] = []
        with write_transaction(self.engine) as conn:
            work = UnitOfWork(conn, self.law, self.clock)
            _preload(work, batch)
            for new in batch:
                mark = work.mark(new.case_id, new.stream_type)
                try:
                    outcomes.append(work.stage(new))
                except (StoreError, ValueError) as exc:  # refused: this append alone
                    work.undo(mark)
                    outcomes.append(exc)
            work.flush()
        return outcomes

    def append_many(self, batch: Sequence[NewEvent]) -> list[AppendResult]:
        """Record a batch in one transaction: every event is decided in order, then written.

        Any refusal (transition, conflict, idempotency) rolls back the whole batch. Events of
        one case follow each other in the batch's order; ``expected_seq`` of a later event of
        the same case counts the earlier ones.
        """
        try:
            with write_transaction(self.engine) as conn:
                work = UnitOfWork(conn, self.law, self.clock)
                if len(batch) > 1:
                    _preload(work, batch)
                results = [work.stage(new) for new in batch]
                work.flush()
            return results
        except IntegrityError:
            return self._after_collision(batch)

    def _after_collision(self, batch: Sequence[NewEvent]) -> list[AppendResult]:
        """A concurrent writer won a race on a new case or an idempotency key."""
        if len(batch) == 1 and batch[0].idempotency_key is not None:
            with read_transaction(self.engine) as conn:
                work = UnitOfWork(conn, self.law, self.clock)
                earlier = work._earlier(batch[0].actor, batch[0].idempotency_key)
                if earlier is not None:
                    repeat = work.stage(batch[0])  # the original result, or IdempotencyError
            if earlier is not None:
                if batch[0].logged:
                    write_entries(self.engine, batch[0].logged)
                return [repeat]
        raise ConcurrencyError(batch[0].case_id, expected=None, actual=None) from None

    def import_records(
        self,
        lines: Sequence[tuple[int, EventRecord]],
        *,
        dated_within: tuple[datetime | None, datetime] | None = None,
        keys: Mapping[str, dict[str, Any]] | None = None,
    ) -> list[AppendResult]:
        """Record events written elsewhere (export/import), all or nothing.

        Every record is validated as an append (its seq must continue its case's chain, from
        the database or from earlier lines; the domain must accept the event) before anything
        is written. Kept: case id, seq, the event, actor, organisation, recorded-at, rule-set
        version and idempotency key. The hash is recomputed on this store's chain; a record
        that carries a hash (non-empty) must match it. ``dated_within`` (earliest or None,
        latest) bounds each event's ``occurred_at``. The first failure raises
        ``ImportRefusedError`` with the line number and the transaction is rolled back.
        ``keys``: the data keys of the cases whose sealed fields are kept as the file has them
        (by case id, as ``transfer.line_data_key`` writes them), taken over by this store.
        """
        with write_transaction(self.engine) as conn:
            work = UnitOfWork(conn, self.law, self.clock)
            for case_id, given in (keys or {}).items():
                try:
                    work.keyring.adopt(conn, case_id, given)
                except StoreError as exc:
                    raise ImportRefusedError(lines[0][0] if lines else 0, str(exc)) from exc
            results = []
            for line, record in lines:
                if dated_within is not None:
                    _check_dated(line, record, *dated_within)
                results.append(self._import_one(work, line, record))
            work.flush()
        return results

    @staticmethod
    def _import_one(work: UnitOfWork, line: int, record: EventRecord) -> AppendResult:
        plain = work.keyring.open(work.conn, record).payload  # sealed fields kept as given
        new = NewEvent(
            record.case_id,
            kind(record.stream_type).join(record.type, record.occurred_at, plain),
            record.seq - 1,
            record.idempotency_key,
            record.actor,
            record.organisation,
            record.stream_type,
        )
        try:
            result = work.stage(new, recorded=record)
        except ConcurrencyError as exc:
            raise ImportRefusedError(
                line,
                f"seq {record.seq} does not follow case {record.case_id}, which is at seq "
                f"{exc.actual} (in the database or earlier in the file)",
            ) from exc
        except (ValueError, StoreError) as exc:
            raise ImportRefusedError(line, str(exc)) from exc
        if result.repeated:
            raise ImportRefusedError(
                line,
                f"idempotency key {record.idempotency_key!r} is already recorded "
                f"(case {result.case_id}, seq {result.seq})",
            )
        if record.prev_hash and record.prev_hash != result.prev_hash:
            raise ImportRefusedError(
                line,
                f"prev_hash {record.prev_hash[:12]}… is not the hash of case {record.case_id} "
                f"seq {record.seq - 1} here ({result.prev_hash[:12]}…)",
            )
        if record.hash and record.hash != result.hash:
            raise ImportRefusedError(
                line,
                f"hash {record.hash[:12]}… does not match the recomputed hash "
                f"{result.hash[:12]}…: the line was altered",
            )
        return result

    def record_lapses(
        self,
        *,
        as_of: date | None = None,
        until: datetime | None = None,
        dry_run: bool = False,
        chunk: int = 200,
        before_batch: Callable[[], None] | None = None,
    ) -> LapseReport:
        """Append ``deadline_lapsed`` for every open deadline ended by ``until`` (or by the end
        of ``as_of``), as the system; a case that cannot be recorded is skipped and reported;
        ``dry_run`` writes nothing (``store.lapses``)."""
        return record_lapses(
            self.engine, self.law, self.clock, as_of=as_of, until=until, dry_run=dry_run,
            chunk=chunk, before_batch=before_batch,
        )  # fmt: skip

    # --- reading ----------------------------------------------------------------------------

    def state(self, case_id: str, conn: Connection | None = None) -> CaseState | None:
        """The case's state from its projection (None: no such case)."""
        if conn is None:
            with read_transaction(self.engine) as c:
                return self.state(case_id, c)
        query = select(case_states.c.state).where(case_states.c.case_id == case_id)
        found = conn.execute(query).scalar_one_or_none()
        return None if found is None else read_state(conn, case_id, found)

    def seq_of(self, case_id: str) -> int | None:
        """The case's last seq from its projection (None: no such case), without reading and
        validating its state: for a caller that only needs to know the case exists."""
        query = select(case_states.c.seq).where(case_states.c.case_id == case_id)
        with read_transaction(self.engine) as conn:
            seq: int | None = conn.execute(query).scalar_one_or_none()
        return seq

    def records(
        self, case_id: str | None = None, conn: Connection | None = None, stream_type: str = CASE
    ) -> list[EventRecord]:
        """Stored events of one stream of kind ``stream_type`` (a case unless told), or of
        every stream of that kind, ordered by stream id and seq, their personal fields opened
        (the stored ``hash`` covers the sealed form: ``verify`` reads the rows as stored)."""
        e = events.c
        query = select(events).where(e.stream_type == stream_type).order_by(e.case_id, e.seq)
        if case_id is not None:
            query = query.where(e.case_id == case_id)
        if conn is None:
            with read_transaction(self.engine) as c:
                return self.records(case_id, c, stream_type)
        # Personal fields are opened for the reader (erased ones read as erased).
        return Keyring().open_all(conn, (EventRecord.from_row(r) for r in conn.execute(query)))

    # --- rebuilding and verifying -----------------------------------------------------------

    def rebuild(self, *, workers: int | None = None) -> RebuildReport:
        """Empty the projections and replay every case's events into them, in one transaction.

        Readers keep seeing the old projections until the rebuild commits; writers wait. The
        replays run on ``workers`` processes (default: the number of CPUs; see ``store.rebuild``).
        """
        return rebuild_projections(self.engine, self.law, workers=workers)

    def stream_state(self, stream_type: str, stream_id: str) -> Any:
        """The state of one stream of any kind (None: no such stream)."""
        with read_transaction(self.engine) as conn:
            found = kind(stream_type).load(conn, [stream_id])
        return found[stream_id][0] if stream_id in found else None

    def verify(self) -> VerifyReport:
        """Walk every stream's chain in seq order, of every kind; the first link that does not
        hold, if any (a chain longer or shorter than its stream's state counts as broken)."""
        cases = count = 0
        with read_transaction(self.engine, snapshot=True) as conn:
            heads = _heads(conn)
            for case_id, records in by_case(stream(conn, None)):
                cases += 1
                prev = GENESIS
                for n, record in enumerate(records, start=1):
                    count += 1
                    broken = _check_link(record, n, prev)
                    if broken is not None:
                        return VerifyReport(cases, count, broken)
                    prev = record.hash
                head = heads.get((records[0].stream_type, case_id))
                if head is not None and head != len(records):
                    last = records[-1]
                    return VerifyReport(
                        cases,
                        count,
                        BrokenLink(
                            case_id,
                            last.seq,
                            "the chain is shorter or longer than the case's projection",
                            f"seq {head}",
                            f"seq {len(records)}",
                        ),
                    )
        return VerifyReport(cases, count, None)


def _preload(work: UnitOfWork, batch: Sequence[NewEvent]) -> None:
    """Load and lock every stream of ``batch`` and look up its idempotency keys at once."""
    for stream_type in dict.fromkeys(n.stream_type for n in batch):
        work.preload(
            (n.case_id for n in batch if n.stream_type == stream_type),
            ((n.actor, n.idempotency_key) for n in batch if n.idempotency_key is not None),
            stream_type,
        )


def _check_dated(
    line: int, record: EventRecord, earliest: datetime | None, latest: datetime
) -> None:
    moment = record.occurred_at
    if earliest is not None and moment < earliest:
        raise ImportRefusedError(
            line,
            f"occurred_at {moment:%Y-%m-%dT%H:%M} lies before {earliest:%Y-%m-%d}; back-dated "
            "events are imported only when that is asked for explicitly",
        )
    if moment > latest:
        raise ImportRefusedError(
            line,
            f"occurred_at {moment:%Y-%m-%dT%H:%M} lies in the future "
            f"(after {latest:%Y-%m-%dT%H:%M})",
        )


def _heads(conn: Connection) -> dict[tuple[str, str], int]:
    """The seq every stream's state stands at, by (kind, id)."""
    heads = {
        (CASE, case_id): seq
        for case_id, seq in conn.execute(select(case_states.c.case_id, case_states.c.seq))
    }
    s = stream_states.c
    for stream_type, stream_id, seq in conn.execute(select(s.stream_type, s.stream_id, s.seq)):
        heads[(stream_type, stream_id)] = seq
    return heads


def _check_link(record: EventRecord, n: int, prev: str) -> BrokenLink | None:
    if record.seq != n:
        return BrokenLink(
            record.case_id, record.seq, "sequence gap", f"seq {n}", f"seq {record.seq}"
        )
    if record.prev_hash != prev:
        return BrokenLink(
            record.case_id,
            record.seq,
            "prev_hash is not the previous event's hash",
            prev,
            record.prev_hash,
        )
    computed = record.computed_hash()
    if computed != record.hash:
        return BrokenLink(
            record.case_id,
            record.seq,
            "the stored fields do not give the stored hash",
            computed,
            record.hash,
        )
    return None


__all__ = [
    "SYSTEM_ACTOR",
    "SYSTEM_ORGANISATION",
    "AppendResult",
    "BrokenLink",
    "EventStore",
    "LapseReport",
    "NewEvent",
    "RebuildReport",
    "VerifyReport",
    "utc_now",
]
