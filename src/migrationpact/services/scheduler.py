"""The lapse job on a schedule: the service records the deadlines that ran out by itself.

A lapse and its consequence (AMMR-01 not met: the Netherlands is responsible) are facts the law
attaches to a moment that has passed; they do not wait for someone to run a command. Every
server process starts ``run_scheduler`` in its lifespan: it runs the lapse job once at start and
then every ``lapse_interval`` (``MIGRATIONPACT_LAPSE_INTERVAL_MINUTES``, default 60), each run
recording every lapse of a deadline that ended before now. Only one process runs it at a time:
a run first takes the job's lease in the database (``store.lapse_runner``), and a process that
cannot take it skips its turn. Each run is logged (logger ``migrationpact.lapses``): the lapses
recorded, and each case skipped with its reason; and counted by its outcome (ran, skipped,
failed) in the metric ``migrationpact_scheduler_runs_total`` (``observe.metrics``).

"Up to when" is never in the future: ``lapse_until`` gives now for a run without a day, and the
end of the day for ``as_of=day``, which must be a day that has ended (before today, Dutch time);
every lapse is dated the moment its deadline ended, so no event is dated ahead of the clock.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from datetime import date, datetime, timedelta

from migrationpact.cases.lapses import lapse_horizon
from migrationpact.observe.metrics import SCHEDULER_RUNS
from migrationpact.services.errors import Conflict, Invalid
from migrationpact.services.recording import dutch_now
from migrationpact.store.eventstore import EventStore
from migrationpact.store.lapse_runner import DEFAULT_TTL, lapse_lease
from migrationpact.store.lapses import LapseReport

log = logging.getLogger("migrationpact.lapses")


def lapse_until(store: EventStore, as_of: date | None = None) -> datetime:
    """The moment a lapse run goes up to: now (Dutch time), or the end of ``as_of``, which must
    be a day that has ended (``Invalid`` for today or a later day)."""
    now = dutch_now(store)
    if as_of is None:
        return now.replace(microsecond=0)
    if as_of >= now.date():
        raise Invalid(
            f"as of {as_of.isoformat()}: that day has not ended (today is "
            f"{now.date().isoformat()}, Dutch time); give an earlier day, or none for up to now"
        )
    return lapse_horizon(as_of=as_of)


def holder_name() -> str:
    """Who holds the lease: this host and process, and a random part (a restarted process with
    the same id is another holder)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def run_lapse_job(
    store: EventStore,
    *,
    as_of: date | None = None,
    dry_run: bool = False,
    holder: str | None = None,
    ttl: timedelta = DEFAULT_TTL,
) -> LapseReport:
    """Record every lapse due up to now (or to the end of ``as_of``), holding the job's lease;
    ``Conflict`` when another runner holds it. A dry run takes no lease and writes nothing."""
    until = lapse_until(store, as_of)
    if dry_run:
        return store.record_lapses(until=until, dry_run=True)
    with lapse_lease(store.engine, holder or holder_name(), store.clock, ttl) as lease:
        if lease is None:
            raise Conflict("the lapse job is running in another process; try again later")
        return store.record_lapses(until=until, before_batch=lease.renew)


def run_scheduled(store: EventStore, holder: str) -> LapseReport | None:
    """One scheduled run, logged; None when another process holds the lease (its turn)."""
    try:
        report = run_lapse_job(store, holder=holder)
    except Conflict:
        log.info("lapse job: another process is running it; skipped this turn")
        SCHEDULER_RUNS.labels(outcome="skipped").inc()
        return None
    SCHEDULER_RUNS.labels(outcome="ran").inc()
    log.info(
        "lapse job: recorded %d lapse(s) up to %s, skipped %d case(s)",
        len(report.lapses), f"{report.until:%Y-%m-%d %H:%M}", len(report.skipped),
    )  # fmt: skip
    for skipped in report.skipped:
        log.warning("lapse job: case %s skipped: %s", skipped.case_id, skipped.reason)
    return report


async def run_scheduler(store: EventStore, interval: timedelta) -> None:
    """Run the lapse job now and then every ``interval``, until cancelled (the server stops).
    A failed run is logged and the next one tried at its time."""
    holder = holder_name()
    while True:
        try:
            await asyncio.to_thread(run_scheduled, store, holder)
        except Exception:  # a run that fails must not stop the schedule: log it and go on
            log.exception("lapse job failed")
            SCHEDULER_RUNS.labels(outcome="failed").inc()
        await asyncio.sleep(interval.total_seconds())
