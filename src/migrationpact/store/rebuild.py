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

The rows are written with PostgreSQL's ``COPY`` (the JSON columns as the ``json.dumps`` text the
driver would send for them, so the stored text is the same), on SQLite with multi-row inserts.
The event count that decides between one process and several is read before the transaction.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select

from migrationpact.cases.machine import replay
from migrationpact.law.rulebook import RuleBook
from migrationpact.store.database import read_transaction, write_transaction
from migrationpact.store.projections import deadline_rows, state_row
from migrationpact.store.records import EventRecord
from migrationpact.store.tables import case_states, deadlines, events

#: Fewer events than this are replayed in this process (a pool costs more than it saves).
PARALLEL_FROM = 4_000
#: About this many events per task sent to a worker.
TASK_EVENTS = 1_000
#: Rows per multi-row insert.
WRITE_ROWS = 1_000

#: The JSON columns of the projections (``COPY`` takes them as JSON text).
JSON_COLUMNS = frozenset({"state", "legal_basis", "derivation"})

_COPY_COLUMNS = {t.name: tuple(c.name for c in t.columns) for t in (case_states, deadlines)}

Case = tuple[str, list[EventRecord]]
#: One case's projection: its ``case_states`` row, its ``deadlines`` rows (as dicts, or as tuples
#: for ``COPY``), its number of events.
Projection = tuple[Any, list[Any], int]


@dataclass(frozen=True)
class RebuildReport:
    cases: int
    events: int
    deadlines: int


def default_workers() -> int:
    """The number of worker processes a rebuild uses unless told: the number of CPUs."""
    return os.cpu_count() or 1


def project(
    case_id: str, records: Sequence[EventRecord], book: RuleBook, *, copy: bool = False
) -> Projection:
    """The projection rows of one case, replayed from its stored events.

    ``copy``: the rows as tuples of the values in column order with the JSON columns as JSON
    text (``json.dumps``, what the driver would send), ready for PostgreSQL's ``COPY``.
    """
    state = replay(case_id, [r.event() for r in records], book=book)
    row = state_row(state, updated_at=records[-1].recorded_at)
    dl_rows = deadline_rows(state)
    if not copy:
        return row, dl_rows, len(records)
    return (
        _copy_row(case_states, row),
        [_copy_row(deadlines, r) for r in dl_rows],
        len(records),
    )


def _copy_row(table: Table, row: dict[str, Any]) -> tuple[Any, ...]:
    names = _COPY_COLUMNS[table.name]
    return tuple(json.dumps(row[k]) if k in JSON_COLUMNS else row[k] for k in names)


def stream(conn: Connection) -> Iterator[EventRecord]:
    """Every stored event, by case id and seq, read in batches."""
    query = select(events).order_by(events.c.case_id, events.c.seq)
    result = conn.execute(query.execution_options(yield_per=2000))
    for row in result:
        yield EventRecord.from_row(row)


def by_case(records: Iterable[EventRecord]) -> Iterator[Case]:
    """Consecutive records grouped by case (the records come ordered by case id)."""
    current: list[EventRecord] = []
    for record in records:
        if current and record.case_id != current[0].case_id:
            yield current[0].case_id, current
            current = []
        current.append(record)
    if current:
        yield current[0].case_id, current


@dataclass
class _Writer:
    """Collects projection rows and writes them: multi-row inserts, or ``COPY`` on PostgreSQL."""

    conn: Connection
    copy: bool
    cases: int = 0
    events: int = 0
    deadlines: int = 0
    state_rows: list[Any] = field(default_factory=list)
    dl_rows: list[Any] = field(default_factory=list)

    def add(self, projection: Projection) -> None:
        row, dl_rows, count = projection
        self.state_rows.append(row)
        self.dl_rows.extend(dl_rows)
        self.cases, self.events = self.cases + 1, self.events + count
        self.deadlines += len(dl_rows)
        if len(self.state_rows) >= WRITE_ROWS or len(self.dl_rows) >= WRITE_ROWS:
            self.flush()

    def flush(self) -> None:
        for table, rows in ((case_states, self.state_rows), (deadlines, self.dl_rows)):
            if rows and self.copy:
                self._copy(table, rows)
            elif rows:
                self.conn.execute(insert(table), rows)
        self.state_rows, self.dl_rows = [], []

    def _copy(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        columns = ", ".join(f'"{name}"' for name in _COPY_COLUMNS[table.name])
        driver = self.conn.connection.driver_connection
        assert driver is not None
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def report(self) -> RebuildReport:
        self.flush()
        return RebuildReport(cases=self.cases, events=self.events, deadlines=self.deadlines)


# --- the worker processes -------------------------------------------------------------------

_worker_book: RuleBook | None = None
_worker_copy = False


def _start_worker(book: RuleBook, copy: bool) -> None:
    global _worker_book, _worker_copy
    _worker_book, _worker_copy = book, copy


def _ready() -> bool:
    return True


def _project_cases(cases: list[Case]) -> list[Projection]:
    assert _worker_book is not None, "the worker was started without a rule book"
    book, copy = _worker_book, _worker_copy
    return [project(case_id, records, book, copy=copy) for case_id, records in cases]


def _pool(workers: int, book: RuleBook, copy: bool) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                               initargs=(book, copy))  # fmt: skip
    # Start every worker now, before the transaction: with 'fork' they all start on this call.
    for done in [pool.submit(_ready) for _ in range(workers)]:
        done.result()
    return pool


# --- the rebuild ----------------------------------------------------------------------------


def _event_count(engine: Engine) -> int:
    with read_transaction(engine) as conn:
        return int(conn.execute(select(func.count()).select_from(events)).scalar_one())


def _serial(conn: Connection, book: RuleBook, writer: _Writer) -> None:
    for case_id, records in by_case(stream(conn)):
        writer.add(project(case_id, records, book, copy=writer.copy))


def _parallel(conn: Connection, pool: ProcessPoolExecutor, workers: int, writer: _Writer) -> None:
    pending: deque[Future[list[Projection]]] = deque()

    def collect(limit: int) -> None:
        while len(pending) > limit:
            for projection in pending.popleft().result():
                writer.add(projection)

    task: list[Case] = []
    size = 0
    for case in by_case(stream(conn)):
        task.append(case)
        size += len(case[1])
        if size >= TASK_EVENTS:
            pending.append(pool.submit(_project_cases, task))
            task, size = [], 0
            collect(2 * workers)
    if task:
        pending.append(pool.submit(_project_cases, task))
    collect(0)


def rebuild_projections(
    engine: Engine, book: RuleBook, *, workers: int | None = None
) -> RebuildReport:
    """Empty the projections and replay every case's events into them, in one transaction."""
    wanted = default_workers() if workers is None else max(1, workers)
    copy = engine.dialect.name == "postgresql"
    pool = None
    if wanted > 1 and _event_count(engine) >= PARALLEL_FROM:
        pool = _pool(wanted, book, copy)
    try:
        with write_transaction(engine) as conn:
            if conn.dialect.name == "postgresql":
                # Writers wait until the rebuild commits (SQLite: BEGIN IMMEDIATE does this).
                conn.exec_driver_sql("LOCK TABLE case_states, deadlines IN EXCLUSIVE MODE")
            conn.execute(delete(deadlines))
            conn.execute(delete(case_states))
            writer = _Writer(conn, copy)
            if pool is None:
                _serial(conn, book, writer)
            else:
                _parallel(conn, pool, wanted, writer)
            return writer.report()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
