"""The service's Prometheus metrics, one definition each, safe with several server processes.

Every metric is counted where its fact happens: a request and its latency at the edge
(``observe.http``, by route template such as ``/v1/cases/{case_id}``, never the path itself),
an event when the store has written it (``store.unit_of_work``), a lapse when the lapse job has
recorded it (``store.lapses``), a refused sign-in at the door (``services.container``), a run of
the lapse scheduler (``services.scheduler``). The open and overdue deadlines per organisation
are not counted but read from the database when Prometheus scrapes (``services.metrics``).

With several server processes (``serve --workers N``) each process counts in its own files in
the directory ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's multiprocess mode, which
``serve`` sets up before the workers start), and a scrape of any process adds them all up
(``exposition``). The variable must be set before ``prometheus_client`` is first imported (the
worker processes import it afresh); with one process it is not needed and the metrics live in
the process.

Labels carry only codes from closed sets (methods, route templates, status codes, event types,
rule ids, organisation codes, outcomes), so no label ever holds a name, a date of birth, a
V-number or a case id.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

__all__ = ["CONTENT_TYPE_LATEST", "exposition", "multiprocess_dir"]

#: The environment variable of prometheus_client's multiprocess mode.
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter(
    "migrationpact_http_requests",
    "HTTP requests answered, by method, route template and status code.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "migrationpact_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
EVENTS = Counter(
    "migrationpact_events_appended",
    "Events written to the store, by stream kind and event type.",
    ["stream", "type"],
)
LAPSES = Counter(
    "migrationpact_lapses_recorded",
    "Deadline lapses recorded by the lapse job, by rule.",
    ["rule"],
)
SIGNIN_FAILURES = Counter(
    "migrationpact_signin_failures",
    "Password sign-ins refused, by reason (password, locked, rate, busy).",
    ["reason"],
)
SCHEDULER_RUNS = Counter(
    "migrationpact_scheduler_runs",
    "Turns of the lapse scheduler, by outcome (ran, skipped: another process held the job, "
    "failed).",
    ["outcome"],
)


def multiprocess_dir() -> str | None:
    """The multiprocess directory when several processes share the metrics (else None)."""
    return os.environ.get(MULTIPROC_ENV) or None


def prepare_multiprocess_dir(given: str | None) -> Path:
    """The directory the worker processes of one server count in, emptied for this run (the
    files of an earlier run would add their counts to this one's): ``given``, or a new temporary
    directory. The caller sets ``PROMETHEUS_MULTIPROC_DIR`` to it before the workers start."""
    if given is None:
        return Path(tempfile.mkdtemp(prefix="migrationpact-metrics-"))
    place = Path(given)
    place.mkdir(parents=True, exist_ok=True)
    for old in place.glob("*.db"):
        old.unlink()
    return place


def count_events(types: Iterable[tuple[str, str]]) -> None:
    """Count written events, each given as (stream kind, event type)."""
    tally: dict[tuple[str, str], int] = {}
    for key in types:
        tally[key] = tally.get(key, 0) + 1
    for (stream, kind), n in tally.items():
        EVENTS.labels(stream=stream, type=kind).inc(n)


def exposition(extra: Iterable[Collector] = ()) -> bytes:
    """The text a scrape answers: every process's metrics (added up in multiprocess mode, else
    this process's registry) and the ``extra`` collectors read now."""
    if multiprocess_dir() is not None:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        for collector in extra:
            registry.register(collector)
        return generate_latest(registry)
    own = CollectorRegistry()
    for collector in extra:
        own.register(collector)
    return generate_latest(REGISTRY) + generate_latest(own)
