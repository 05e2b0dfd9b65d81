"""One lapse job at a time, however many server processes run a scheduler: a lease in the database.

Each server process has a scheduler that runs the lapse job (``store.lapses``) now and then.
Two runs at once would not record a lapse twice (each case is decided under its write lock, and
a lapse has a fixed idempotency key), but they would wait on each other and report each other's
cases as skipped; so a run first takes the job's lease and a process that cannot take it skips
its turn.

- PostgreSQL: a session advisory lock (``pg_try_advisory_lock``, keyed by the job and the
  store's schema, so that two stores in one database do not exclude each other) on a
  connection held for the run. A crashed runner's connection closes, and the lock goes with it.
- SQLite: the ``lapse_runner`` row of the job (revision 0012), taken in a ``BEGIN IMMEDIATE``
  transaction only when nobody holds it or its lease has expired, and renewed between batches
  (``Lease.renew``). A crashed runner's lease expires after ``ttl``; a runner that finds its
  lease taken over stops (``LeaseLostError``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, func, insert, or_, select, update

from migrationpact.store.database import is_sqlite, write_transaction
from migrationpact.store.errors import StoreError
from migrationpact.store.tables import lapse_runner
from migrationpact.store.unit_of_work import Clock

JOB = "lapses"
#: The advisory lock's first key on PostgreSQL (any fixed 32-bit number; "laps"); the second is
#: the hash of the schema's name.
ADVISORY_KEY = 0x6C617073
#: How long a lease on SQLite lasts without renewal.
DEFAULT_TTL = timedelta(minutes=10)


class LeaseLostError(StoreError):
    """Another runner took the lease over (this one's had expired): stop the run."""


@dataclass
class Lease:
    """The lapse job's lease, held by ``holder`` (renewed on SQLite; a no-op on PostgreSQL)."""

    engine: Engine
    holder: str
    clock: Clock
    ttl: timedelta

    def renew(self) -> None:
        """Extend the lease by ``ttl`` from now; ``LeaseLostError`` when another holds it."""
        if not is_sqlite(self.engine):
            return
        row = lapse_runner.c
        with write_transaction(self.engine) as conn:
            done = conn.execute(
                update(lapse_runner)
                .where(row.job == JOB, row.holder == self.holder)
                .values(expires_at=self.clock() + self.ttl)
            )
        if done.rowcount != 1:
            raise LeaseLostError(f"the lapse job's lease of {self.holder} was taken over")


@contextmanager
def lapse_lease(
    engine: Engine, holder: str, clock: Clock, ttl: timedelta = DEFAULT_TTL
) -> Iterator[Lease | None]:
    """The lapse job's lease for the ``with`` block, or None when another runner holds it."""
    if is_sqlite(engine):
        with _sqlite_lease(engine, holder, clock, ttl) as lease:
            yield lease
        return
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        schema = func.hashtext(func.current_schema())
        taken = conn.execute(select(func.pg_try_advisory_lock(ADVISORY_KEY, schema))).scalar_one()
        if not taken:
            yield None
            return
        try:
            yield Lease(engine, holder, clock, ttl)
        finally:
            conn.execute(select(func.pg_advisory_unlock(ADVISORY_KEY, schema)))


@contextmanager
def _sqlite_lease(
    engine: Engine, holder: str, clock: Clock, ttl: timedelta
) -> Iterator[Lease | None]:
    row = lapse_runner.c
    with write_transaction(engine) as conn:  # BEGIN IMMEDIATE: one process decides at a time
        now = clock()
        if conn.execute(select(row.job).where(row.job == JOB)).first() is None:
            conn.execute(insert(lapse_runner).values(job=JOB))
        done = conn.execute(
            update(lapse_runner)
            .where(
                row.job == JOB,
                or_(row.holder.is_(None), row.expires_at <= now, row.holder == holder),
            )
            .values(holder=holder, expires_at=now + ttl)
        )
    if done.rowcount != 1:
        yield None
        return
    try:
        yield Lease(engine, holder, clock, ttl)
    finally:
        with write_transaction(engine) as conn:
            conn.execute(
                update(lapse_runner)
                .where(row.job == JOB, row.holder == holder)
                .values(holder=None, expires_at=None)
            )
