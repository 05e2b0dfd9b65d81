"""The twin's runner: queued runs run in the server's background, one at a time.

Every server process starts ``run_twin_runner`` in its lifespan, beside the lapse scheduler
(``services.scheduler``) and in the same way: a loop in the event loop that hands the work to a
thread. At start, and before each claim, it marks failed the runs left "running" by a process
that stopped (``store.twin_runs.fail_abandoned``: no sign of life for ``STALE``, or a runner of
this host whose process is gone). It then claims the oldest queued run (a compare-and-set, so
several server processes never run the same one) and runs its replications one after another
from the run's seed (``twin.montecarlo.replication_seeds``: the same result, bit for bit, as
``migrationpact twin run`` with that seed), writing the progress after each and a sign of life
every ``BEAT``. The server's runner runs the replications in a process of its own at a lower
priority (``apart``): a run then takes only the CPU the pages leave, and the threads answering
requests never wait for the simulation's hold on the interpreter. Done, it stores the summary
(``twin.summary``). A run that raises is failed with the reason ``error`` and the error in the
log (logger ``migrationpact.twin``). When the server stops, the run in hand goes back to the
queue after its current replication and starts again at the next start.

``run_now`` runs one run in the calling thread (the demo, the tests), with the same result.
"""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import os
import socket
import threading
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from datetime import timedelta
from typing import TYPE_CHECKING

from migrationpact.services.scheduler import holder_name
from migrationpact.store.eventstore import EventStore
from migrationpact.store.twin_runs import (
    BAD_SCENARIO,
    BEAT,
    ERROR,
    STALE,
    TwinRunRow,
    beat,
    claim_next,
    fail,
    fail_abandoned,
    finish,
    requeue,
    set_progress,
)
from migrationpact.twin.located import ScenarioError
from migrationpact.twin.scenario import parse_scenario

if TYPE_CHECKING:
    from migrationpact.twin.montecarlo import Runs

log = logging.getLogger("migrationpact.twin")
#: How long the runner waits before looking at the queue again when it is empty.
POLL = timedelta(seconds=2)
#: How much lower the process of a run's replications is in the scheduler's eyes (``nice``).
NICENESS = 10


def process_gone(runner: str) -> bool:
    """Whether ``runner`` (``host:pid:…``, ``scheduler.holder_name``) was a process of this host
    that no longer exists."""
    host, _, rest = runner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process: alive
        return False
    return False


def sweep(store: EventStore, stale: timedelta = STALE) -> list[int]:
    """Mark failed the runs left running by a stopped process; their ids (logged)."""
    failed = fail_abandoned(store.engine, now=store.clock(), stale=stale, dead=process_gone)
    for run_id in failed:
        log.warning("twin run %d: its process stopped; marked failed", run_id)
    return failed


class Stopped(Exception):  # noqa: N818 - read as the event
    """The server stops: the run in hand goes back to the queue."""


def apart() -> ProcessPoolExecutor:
    """One process of its own, at ``NICENESS``, for a run's replications (started the way the
    twin starts its workers, ``twin.montecarlo.start_method``)."""
    from migrationpact.twin.montecarlo import start_method

    context = multiprocessing.get_context(start_method())
    return ProcessPoolExecutor(1, mp_context=context, initializer=os.nice, initargs=(NICENESS,))


def _replicate_all(
    store: EventStore, row: TwinRunRow, runner: str, stop: threading.Event, *, separate: bool
) -> Runs | None:
    # The kernel, numpy and SimPy load with the first run, not with the server (see
    # tests/integration/test_server_startup.py).
    from migrationpact.twin.backtest import as_run
    from migrationpact.twin.montecarlo import Runs, replicate, replication_seeds

    scenario = as_run(parse_scenario(row.scenario_text, f"{row.scenario}.yaml"))
    results = []
    with apart() if separate else nullcontext() as pool:
        for done, seed in enumerate(replication_seeds(row.seed, row.replications), start=1):
            if stop.is_set():
                raise Stopped
            if pool is None:
                results.append(replicate(scenario, seed))
            else:
                results.append(pool.submit(replicate, scenario, seed).result())
            now = store.clock()
            if not set_progress(store.engine, row.run_id, runner=runner, done=done, now=now):
                return None  # no longer ours (marked failed meanwhile)
    return Runs(scenario, row.seed, results)


def run_claimed(
    store: EventStore,
    row: TwinRunRow,
    runner: str,
    stop: threading.Event | None = None,
    *,
    separate: bool = False,
) -> str:
    """Run a claimed run to its end; its final status (queued again when stopped).
    ``separate``: its replications in a process of their own (``apart``)."""
    stop = stop or threading.Event()
    alive = threading.Event()
    pulse = threading.Thread(target=_pulse, args=(store, row.run_id, runner, alive), daemon=True)
    pulse.start()
    try:
        runs = _replicate_all(store, row, runner, stop, separate=separate)
        if runs is None:
            return "failed"
        from migrationpact.twin.summary import summary_of  # late, as in _replicate_all

        text = json.dumps(summary_of(runs), allow_nan=False)
        finish(store.engine, row.run_id, runner=runner, summary=text, now=store.clock())
        log.info(
            "twin run %d done: %s, %d replications",
            row.run_id,
            row.scenario,
            len(runs.replications),
        )
        return "done"
    except Stopped:
        requeue(store.engine, row.run_id, runner=runner)
        log.info("twin run %d: the server stops; queued again", row.run_id)
        return "queued"
    except ScenarioError:
        log.exception("twin run %d: its scenario does not read", row.run_id)
        fail(store.engine, row.run_id, runner=runner, reason=BAD_SCENARIO, now=store.clock())
        return "failed"
    except Exception:  # a run that fails must not stop the runner: fail it, log it, go on
        log.exception("twin run %d failed", row.run_id)
        fail(store.engine, row.run_id, runner=runner, reason=ERROR, now=store.clock())
        return "failed"
    finally:
        alive.set()
        pulse.join()


def _pulse(store: EventStore, run_id: int, runner: str, done: threading.Event) -> None:
    """A sign of life every ``BEAT`` while a replication runs."""
    while not done.wait(BEAT.total_seconds()):
        try:
            beat(store.engine, run_id, runner=runner, now=store.clock())
        except Exception:  # a missed beat is not fatal: the next one may get through
            log.exception("twin run %d: sign of life not written", run_id)


def run_next(
    store: EventStore,
    runner: str,
    stop: threading.Event | None = None,
    *,
    separate: bool = False,
) -> int | None:
    """Sweep, then claim and run the oldest queued run; its id (None: nothing queued)."""
    sweep(store)
    row = claim_next(store.engine, runner=runner, now=store.clock())
    if row is None:
        return None
    log.info("twin run %d started: %s, seed %d", row.run_id, row.scenario, row.seed)
    run_claimed(store, row, runner, stop, separate=separate)
    return row.run_id


def run_now(store: EventStore) -> int | None:
    """Run the oldest queued run in this thread (the demo, the tests)."""
    return run_next(store, holder_name())


async def run_twin_runner(store: EventStore, poll: timedelta = POLL) -> None:
    """Run queued runs one at a time until cancelled (the server stops)."""
    runner = holder_name()
    stop = threading.Event()
    try:
        while True:
            try:
                ran = await asyncio.to_thread(run_next, store, runner, stop, separate=True)
            except Exception:  # the database away for a moment: log it and try again later
                log.exception("twin runner: could not look at the queue")
                ran = None
            if ran is None:
                await asyncio.sleep(poll.total_seconds())
    finally:
        stop.set()
