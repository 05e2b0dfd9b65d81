"""Rebuilding the projections from the events: one transaction, the domain on several processes.

``rebuild_projections`` empties ``case_states`` and ``deadlines`` and replays every case's events
through ``machine.replay`` in ONE writing transaction: readers keep seeing the old projections
until it commits, writers wait (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: ``LOCK TABLE … IN
EXCLUSIVE MODE``).

``decide`` is pure, so the replays need not run in the process that holds the transaction. With
more than one worker (default: ``os.cpu_count()``) and at least ``PARALLEL_FROM`` events, this
process streams the events case by case, sends tasks of about ``TASK_EVENTS`` events to a pool of
worker processes (forked before the transaction begins; they never touch the database), and
writes the projection rows the workers send back, in order, in batches of about ``WRITE_ROWS``
rows. Otherwise this process replays the cases itself. The rows are the ones a replay in this
process gives (``project``), so the result does not depend on the number of workers; a refused
event in any worker rolls the whole transaction back, as in a rebuild on one process.

On PostgreSQL the events are read as plain rows (the payload as its stored JSON text, parsed by
the worker that replays it), and the rows go back as ``COPY`` text made by the workers (the JSON
columns as the text SQLAlchemy would send for them, so the stored text is the same): this
process only moves text (see ``copytext``). On SQLite the rows are written
with multi-row inserts. The event count that decides between one process and several is read
before the transaction.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select

from migrationpact.cases.machine import replay
from migrationpact.jsontext import loads
from migrationpact.law.law import Law
from migrationpact.store.copytext import COLUMNS, copy_lines
from migrationpact.store.database import read_transaction, write_transaction
from migrationpact.store.records import EventRecord, join_event
from migrationpact.store.sealing import Keyring
from migrationpact.store.streams import CASE, kind, kinds
from migrationpact.store.swap import Swap
from migrationpact.store.tables import deadlines, events, metadata

#: Fewer events than this are replayed in this process (a pool costs more than it saves).
PARALLEL_FROM = 4_000
#: At most about this many events per task sent to a worker.
TASK_EVENTS = 1_000
#: At least this many tasks for each worker (smaller tasks in a small rebuild): the workers start
#: sooner and end closer together.
TASKS_PER_WORKER = 8
#: Rows per multi-row insert (per ``COPY`` on PostgreSQL).
WRITE_ROWS = 1_000
#: How many of the store's first events the rebuilding process replays before it forks its
#: workers, to fill the law's caches (periods, summaries) that every worker then inherits
#: instead of filling its own copy (about 300 µs an event while they are cold).
WARM_EVENTS = 5_000
#: PostgreSQL settings for the rebuild's own transaction only (``SET LOCAL``): its commit does
#: not wait for the write-ahead log to reach the disk. A crash just after the commit may then
#: lose the rebuild as a whole, never part of it: the server comes back with the old tables,
#: which the events still reproduce (the projections are derived; ``audit verify`` and a new
#: rebuild find them as before). Nothing else the transaction does is changed.
SESSION_SETTINGS = ("synchronous_commit = off",)

Case = tuple[str, list[EventRecord]]
#: A case as PostgreSQL gives it: id, (type, occurred_at, payload JSON text) of every event in
#: order, the ``recorded_at`` of the last one.
RawCase = tuple[str, list[tuple[str, datetime, str]], datetime]
#: One case's projection: the rows of every projector by table name, its number of events.
Projection = tuple[dict[str, list[Any]], int]


@dataclass(frozen=True)
class RebuildReport:
    cases: int
    events: int
    deadlines: int


def default_workers() -> int:
    """The number of worker processes a rebuild uses unless told: the number of CPUs."""
    return os.cpu_count() or 1


def project(case_id: str, records: Sequence[EventRecord], law: Law) -> Projection:
    """The projection rows of one case, replayed from its stored events: the rows of every
    projector of the case kind, by table name."""
    state = replay(case_id, [r.event() for r in records], law=law)
    updated_at = records[-1].recorded_at
    rows = {p.table.name: p.rows(case_id, state, updated_at, law) for p in kind(CASE).projectors}
    return rows, len(records)


def stream(conn: Connection, stream_type: str | None = CASE) -> Iterator[EventRecord]:
    """Every stored event of one kind of stream (None: of every kind), by stream and seq, read
    in batches."""
    e = events.c
    query = select(events).order_by(e.stream_type, e.case_id, e.seq)
    if stream_type is not None:
        query = query.where(e.stream_type == stream_type)
    result = conn.execute(query.execution_options(yield_per=2000))
    for row in result:
        yield EventRecord.from_row(row)


def opened(
    conn: Connection, cases: Iterable[Case], keyring: Keyring | None = None
) -> Iterator[Case]:
    """``cases`` with their sealed personal fields opened (``store.sealing``); ``keyring``
    holds every key of the store (a new one reads them all first)."""
    if keyring is None:
        keyring = Keyring(replay=True)
        keyring.load_all(conn)
    for case_id, records in cases:
        yield case_id, [keyring.open(conn, r) for r in records]


def opened_raw(cases: Iterable[RawCase], keyring: Keyring) -> Iterator[RawCase]:
    """``raw_cases`` with their payload texts opened (after ``keyring.load_all``)."""
    for case_id, rows, last in cases:
        yield case_id, [(t, at, keyring.open_text(case_id, t, p)) for t, at, p in rows], last


def by_case(records: Iterable[EventRecord]) -> Iterator[Case]:
    """Consecutive records grouped by stream (the records come ordered by stream)."""
    current: list[EventRecord] = []
    for record in records:
        if current and (record.case_id, record.stream_type) != (
            current[0].case_id,
            current[0].stream_type,
        ):
            yield current[0].case_id, current
            current = []
        current.append(record)
    if current:
        yield current[0].case_id, current


def raw_cases(conn: Connection) -> Iterator[RawCase]:
    """PostgreSQL: every case's events, by case id and seq, with the payload as JSON text."""
    driver = conn.connection.driver_connection
    assert driver is not None
    query = (
        "SELECT case_id, type, occurred_at, payload::text, recorded_at "
        "FROM events WHERE stream_type = 'case' ORDER BY case_id, seq"
    )
    with driver.cursor(name="rebuild_events") as cursor:
        cursor.itersize = 2000
        cursor.execute(query)
        case_id: str | None = None
        rows: list[tuple[str, datetime, str]] = []
        last = datetime.min
        for cid, type_, occurred_at, payload, recorded_at in cursor:
            if cid != case_id:
                if case_id is not None:
                    yield case_id, rows, last
                case_id, rows = cid, []
            rows.append((type_, occurred_at, payload))
            last = recorded_at
        if case_id is not None:
            yield case_id, rows, last


def project_raw(case: RawCase, law: Law) -> dict[str, list[str]]:
    """The projection of a case read by ``raw_cases``, as ``COPY`` lines by table name."""
    case_id, rows, last = case
    events_ = [join_event(t, at, loads(payload)) for t, at, payload in rows]
    return copy_lines(kind(CASE).projectors, case_id, replay(case_id, events_, law=law), last, law)


#: Projections of several cases as ``COPY`` text: the text by table name, its row count by table
#: name, cases, events.
Block = tuple[dict[str, str], dict[str, int], int, int]


def project_block(cases: list[RawCase], law: Law) -> Block:
    lines: dict[str, list[str]] = {}
    count = 0
    for case in cases:
        for table, table_lines in project_raw(case, law).items():
            lines.setdefault(table, []).extend(table_lines)
        count += len(case[1])
    texts = {table: "".join(table_lines) for table, table_lines in lines.items()}
    return texts, {t: len(ls) for t, ls in lines.items()}, len(cases), count


@dataclass
class _Writer:
    """Collects projection rows and writes them: multi-row inserts, or ``COPY`` on PostgreSQL."""

    conn: Connection
    copy: bool
    cases: int = 0
    events: int = 0
    #: Rows written (or waiting) by table name.
    written: dict[str, int] = field(default_factory=dict)
    waiting: dict[str, list[Any]] = field(default_factory=dict)
    pending: int = 0
    #: Where ``COPY`` writes a table's rows, when not into the table itself (``swap``).
    targets: dict[str, str] = field(default_factory=dict)

    def _count(self, table: str, n: int) -> None:
        self.written[table] = self.written.get(table, 0) + n
        self.pending += n

    def add(self, projection: Projection) -> None:
        rows, count = projection
        for table, table_rows in rows.items():
            self.waiting.setdefault(table, []).extend(table_rows)
            self._count(table, len(table_rows))
        self.cases, self.events = self.cases + 1, self.events + count
        if self.pending >= WRITE_ROWS:
            self.flush()

    def add_all(self, projections: list[Projection]) -> None:
        for projection in projections:
            self.add(projection)

    def add_block(self, block: Block) -> None:
        texts, counts, cases, count = block
        for table, text in texts.items():
            self.waiting.setdefault(table, []).append(text)
            self._count(table, counts[table])
        self.cases, self.events = self.cases + cases, self.events + count
        if self.pending >= WRITE_ROWS:
            self.flush()

    def flush(self) -> None:
        for name, rows in self.waiting.items():
            table = metadata.tables[name]
            if rows and self.copy:
                self._copy(table, "".join(rows))
            elif rows:
                self.conn.execute(insert(table), rows)
        self.waiting, self.pending = {}, 0

    def _copy(self, table: Table, text: str) -> None:
        if not text:
            return
        columns = ", ".join(f'"{name}"' for name in COLUMNS[table.name])
        target = self.targets.get(table.name, table.name)
        driver = self.conn.connection.driver_connection
        assert driver is not None
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy,
        ):
            copy.write(text.encode(driver.info.encoding))

    def report(self) -> RebuildReport:
        self.flush()
        return RebuildReport(
            cases=self.cases, events=self.events, deadlines=self.written.get(deadlines.name, 0)
        )


# --- the worker processes -------------------------------------------------------------------

_worker_law: Law | None = None


#: The worker's threshold of new objects between two young-generation garbage collections.
WORKER_GC_THRESHOLD = 100_000


def _start_worker(law: Law) -> None:
    global _worker_law
    _worker_law = law
    # A replay allocates many short-lived objects, freed by reference counting; the cyclic
    # collector ran every 700 allocations and walked the rule book and caches each time it
    # reached the older generations (about a sixth of a worker's time). Everything the worker
    # inherited is frozen out of the collector, and the young generation is collected rarely.
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


def _ready() -> bool:
    return True


def _project_cases(cases: list[Case]) -> list[Projection]:
    assert _worker_law is not None, "the worker was started without a law"
    return _project_here(cases, _worker_law)


def _project_here(cases: list[Case], law: Law) -> list[Projection]:
    return [project(case_id, records, law) for case_id, records in cases]


def _project_block(cases: list[RawCase]) -> Block:
    assert _worker_law is not None, "the worker was started without a law"
    return project_block(cases, _worker_law)


def warm(engine: Engine, law: Law, count: int | None = None) -> int:
    """Replay the store's first ``count`` (default ``WARM_EVENTS``) case events here (a prefix
    of a case is a history of its own), rows thrown away: what the law remembers meanwhile is
    what a forked worker starts with. The number of events replayed."""
    e = events.c
    limit = WARM_EVENTS if count is None else count
    query = select(events).where(e.stream_type == CASE).order_by(e.case_id, e.seq).limit(limit)
    with read_transaction(engine) as conn:
        rows = [EventRecord.from_row(row) for row in conn.execute(query)]
        records = Keyring(replay=True).open_all(conn, rows)
    for case_id, case in by_case(records):
        project(case_id, case, law)
    return len(records)


def _pool(workers: int, law: Law, engine: Engine | None = None) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    if engine is not None and context.get_start_method() == "fork":
        warm(engine, law)  # the workers are forked with the law's caches filled
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                               initargs=(law,))  # fmt: skip
    # Start every worker now, before the transaction: with 'fork' they all start on this call.
    for done in [pool.submit(_ready) for _ in range(workers)]:
        done.result()
    return pool


# --- the rebuild ----------------------------------------------------------------------------


def _event_count(engine: Engine) -> int:
    with read_transaction(engine) as conn:
        return int(conn.execute(select(func.count()).select_from(events)).scalar_one())


def _tasks(cases: Iterable[Any], size: int = TASK_EVENTS) -> Iterator[list[Any]]:
    """The cases (id and events first) in consecutive tasks of about ``size`` events."""
    task: list[Any] = []
    count = 0
    for case in cases:
        task.append(case)
        count += len(case[1])
        if count >= size:
            yield task
            task, count = [], 0
    if task:
        yield task


def _replay_all(
    conn: Connection,
    law: Law,
    writer: _Writer,
    pool: ProcessPoolExecutor | None,
    n: int,
    events: int,
) -> None:
    """Replay every case, here or on the pool, and hand the rows to ``writer`` in order."""
    tasks: Iterator[list[Any]]
    run: Callable[[list[Any]], Any]
    local: Callable[[list[Any], Law], Any]
    collect: Callable[[Any], None]
    size = (
        TASK_EVENTS if pool is None else max(1, min(TASK_EVENTS, events // (n * TASKS_PER_WORKER)))
    )
    keyring = Keyring(replay=True)
    keyring.load_all(conn)  # the sealed fields are opened here, the workers hold no keys
    if writer.copy:
        tasks, run, local = (
            _tasks(opened_raw(raw_cases(conn), keyring), size),
            _project_block,
            project_block,
        )
        collect = cast(Callable[[Any], None], writer.add_block)
    else:
        cases = opened(conn, by_case(stream(conn)), keyring)
        tasks, run, local = _tasks(cases, size), _project_cases, _project_here
        collect = cast(Callable[[Any], None], writer.add_all)
    if pool is None:
        for task in tasks:
            collect(local(task, law))
        return
    pending: deque[Future[Any]] = deque()
    for task in tasks:
        pending.append(pool.submit(run, task))
        while len(pending) > 2 * n:
            collect(pending.popleft().result())
    while pending:
        collect(pending.popleft().result())


def stream_rows(records: Sequence[EventRecord], law: Law) -> dict[str, list[Any]]:
    """The projection rows of one stream of any kind, replayed from its stored events, by table
    name: what a rebuild writes for it (``audit verify`` compares them with the stored rows)."""
    first = records[0]
    if first.stream_type == CASE:
        return project(first.case_id, records, law)[0]
    other = kind(first.stream_type)
    state = other.initial(first.case_id)
    for record in records:
        state = other.decide(state, other.join(record.type, record.occurred_at, record.payload),
                             law)  # fmt: skip
    updated_at = records[-1].recorded_at
    return {p.table.name: p.rows(first.case_id, state, updated_at, law) for p in other.projectors}


def _replay_other_kinds(conn: Connection, law: Law) -> None:
    """Streams of every kind but cases: replayed here, their projectors' rows inserted."""
    for other in kinds():
        if other.name == CASE:
            continue
        tables = {p.table.name: p.table for p in other.projectors}
        for _, records in by_case(stream(conn, other.name)):
            for name, rows in stream_rows(records, law).items():
                if rows:
                    conn.execute(insert(tables[name]), rows)


def rebuild_projections(engine: Engine, law: Law, *, workers: int | None = None) -> RebuildReport:
    """Empty the projections and replay every case's events into them, in one transaction."""
    wanted = default_workers() if workers is None else max(1, workers)
    copy = engine.dialect.name == "postgresql"
    pool = None
    events = _event_count(engine) if wanted > 1 else 0
    if wanted > 1 and events >= PARALLEL_FROM:
        pool = _pool(wanted, law, engine)
    try:
        with write_transaction(engine) as conn:
            tables = list(dict.fromkeys(p.table for k in kinds() for p in k.projectors))
            swap = None
            if copy:
                # Writers wait until the rebuild commits (SQLite: BEGIN IMMEDIATE does this).
                names = ", ".join(t.name for t in tables)
                conn.exec_driver_sql(f"LOCK TABLE {names} IN EXCLUSIVE MODE")
                for setting in SESSION_SETTINGS:
                    conn.exec_driver_sql(f"SET LOCAL {setting}")
                swap = Swap.prepare(conn, [p.table for p in kind(CASE).projectors])
            swapped = set(swap.tables) if swap is not None else set()
            for table in reversed(tables):  # the deadline rows before the cases they belong to
                if table.name not in swapped:
                    conn.execute(delete(table))
            writer = _Writer(conn, copy)
            if swap is not None:
                writer.targets = {name: swap.twin(name) for name in swap.tables}
            _replay_all(conn, law, writer, pool, wanted, events)
            report = writer.report()
            if swap is not None:
                swap.finish(conn)
            _replay_other_kinds(conn, law)
            return report
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
