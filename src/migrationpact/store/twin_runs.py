"""The table of twin runs: jobs queued, claimed, run and finished, kept across restarts.

A run of the chain twin asked for on the web or the API is a row of ``twin_runs`` (revision
0019) that goes **queued → running → done** (or **failed**, with a reason). A runner claims the
oldest queued run with a compare-and-set (``status = 'queued'`` in the ``WHERE``), so two
processes never run the same one; while it runs, the runner writes its progress (replications
done) and a sign of life (``heartbeat_at``) at least every ``BEAT``. A run whose runner gave no
sign of life for ``STALE`` was left by a process that stopped: ``fail_abandoned`` marks it
failed with the reason ``abandoned`` (each runner does so at start and between runs), as is one
whose runner the caller knows to be dead (a process of this host that no longer exists). Times
are naive UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update

from migrationpact.store.database import read_transaction, write_transaction
from migrationpact.store.tables import twin_runs

#: How often a runner gives a sign of life while it runs a run.
BEAT = timedelta(seconds=20)
#: After how long without a sign of life a running run counts as abandoned.
STALE = timedelta(minutes=2)

STATUSES = ("queued", "running", "done", "failed")
#: The reasons of a failed run: its process stopped (the last sign of life is ``heartbeat_at``),
#: or the run itself failed (the error is in the server's log), or its scenario does not read.
ABANDONED, ERROR, BAD_SCENARIO = "abandoned", "error", "bad-scenario"
REASONS = (ABANDONED, ERROR, BAD_SCENARIO)


@dataclass(frozen=True)
class TwinRunRow:
    """One run as stored (see the module text); ``summary`` is JSON text once done."""

    run_id: int
    scenario: str
    title: str
    scenario_hash: str
    scenario_text: str
    seed: int
    replications: int
    status: str
    progress: int
    reason: str | None
    requested_by: str
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None
    summary: str | None
    demo_key: str | None


_COLUMNS = [twin_runs.c[name] for name in TwinRunRow.__dataclass_fields__]


def _row(found: Any) -> TwinRunRow:
    return TwinRunRow(**dict(found._mapping))


def add_run(
    engine: Engine,
    *,
    scenario: str,
    title: str,
    scenario_hash: str,
    scenario_text: str,
    seed: int,
    replications: int,
    requested_by: str,
    now: datetime,
    demo_key: str | None = None,
    summary: str | None = None,
) -> int:
    """Queue a run; its id. With ``summary`` (a run made where it is stored: the demo's) the
    run is stored done at once, so no runner claims it."""
    done_now = {} if summary is None else {
        "status": "done", "progress": replications, "summary": summary,
        "started_at": now, "finished_at": now,
    }  # fmt: skip
    with write_transaction(engine) as conn:
        done = conn.execute(
            insert(twin_runs)
            .values(
                scenario=scenario,
                title=title,
                scenario_hash=scenario_hash,
                scenario_text=scenario_text,
                seed=seed,
                replications=replications,
                status="queued",
                progress=0,
                requested_by=requested_by,
                queued_at=now,
                demo_key=demo_key,
            )
            .values(**done_now)
        )
        key = done.inserted_primary_key
        assert key is not None
        return int(key[0])


def read_run(engine: Engine, run_id: int) -> TwinRunRow | None:
    with read_transaction(engine) as conn:
        found = conn.execute(select(*_COLUMNS).where(twin_runs.c.run_id == run_id)).first()
    return None if found is None else _row(found)


def demo_run(engine: Engine, demo_key: str) -> TwinRunRow | None:
    """The demo's run stored under ``demo_key``, if there is one."""
    with read_transaction(engine) as conn:
        found = conn.execute(select(*_COLUMNS).where(twin_runs.c.demo_key == demo_key)).first()
    return None if found is None else _row(found)


def list_runs(
    engine: Engine, *, before: int | None = None, limit: int = 50, status: str | None = None
) -> list[TwinRunRow]:
    """Runs newest first, those with an id below ``before`` (a page's cursor)."""
    query = select(*_COLUMNS).order_by(twin_runs.c.run_id.desc()).limit(limit)
    if before is not None:
        query = query.where(twin_runs.c.run_id < before)
    if status is not None:
        query = query.where(twin_runs.c.status == status)
    with read_transaction(engine) as conn:
        return [_row(r) for r in conn.execute(query)]


def claim_next(engine: Engine, *, runner: str, now: datetime) -> TwinRunRow | None:
    """Take the oldest queued run for ``runner`` (None: nothing queued, or another took it)."""
    row = twin_runs.c
    with write_transaction(engine) as conn:
        first = conn.execute(
            select(row.run_id).where(row.status == "queued").order_by(row.run_id).limit(1)
        ).scalar_one_or_none()
        if first is None:
            return None
        done = conn.execute(
            update(twin_runs)
            .where(row.run_id == first, row.status == "queued")
            .values(status="running", runner=runner, started_at=now, heartbeat_at=now)
        )
    return read_run(engine, first) if done.rowcount == 1 else None


def _update(engine: Engine, run_id: int, holder: str, **values: Any) -> bool:
    row = twin_runs.c
    with write_transaction(engine) as conn:
        done = conn.execute(
            update(twin_runs)
            .where(row.run_id == run_id, row.runner == holder, row.status == "running")
            .values(**values)
        )
    return done.rowcount == 1


def beat(engine: Engine, run_id: int, *, runner: str, now: datetime) -> bool:
    """A sign of life; False when the run is no longer this runner's (marked failed)."""
    return _update(engine, run_id, runner, heartbeat_at=now)


def set_progress(engine: Engine, run_id: int, *, runner: str, done: int, now: datetime) -> bool:
    return _update(engine, run_id, runner, progress=done, heartbeat_at=now)


def finish(engine: Engine, run_id: int, *, runner: str, summary: str, now: datetime) -> bool:
    """The run is done with ``summary`` (JSON text)."""
    return _update(
        engine, run_id, runner, status="done", summary=summary, finished_at=now, heartbeat_at=now
    )


def fail(engine: Engine, run_id: int, *, runner: str, reason: str, now: datetime) -> bool:
    """The run failed for ``reason`` (one of ``REASONS``)."""
    return _update(engine, run_id, runner, status="failed", reason=reason, finished_at=now)


def requeue(engine: Engine, run_id: int, *, runner: str) -> bool:
    """Give the run back to the queue (its runner stops before it is done): it starts again."""
    return _update(
        engine, run_id, runner, status="queued", progress=0, runner=None, started_at=None
    )


def fail_abandoned(
    engine: Engine,
    *,
    now: datetime,
    stale: timedelta = STALE,
    dead: Callable[[str], bool] = lambda runner: False,
) -> list[int]:
    """Mark failed every running run without a sign of life since ``now - stale`` or whose
    runner is ``dead``; their ids."""
    row = twin_runs.c
    cutoff = now - stale
    with write_transaction(engine) as conn:
        running = conn.execute(
            select(row.run_id, row.runner, row.heartbeat_at).where(row.status == "running")
        )
        found = [
            run_id
            for run_id, runner, last in running
            if last is None or last < cutoff or dead(runner or "")
        ]
        for run_id in found:
            conn.execute(
                update(twin_runs)
                .where(row.run_id == run_id, row.status == "running")
                .values(status="failed", finished_at=now, reason=ABANDONED)
            )
    return found
