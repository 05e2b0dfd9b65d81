"""The measurements of the store benchmark (``bench.store``), each beside its plain-SQL baseline.

Every function takes the store URL, does its work and returns ``Timing`` values (seconds per
operation) or a ``Rate`` (events per second). Baselines use psycopg directly, without the store:
the same rows written with a plain ``INSERT`` (one transaction each, as the store commits each
append), the equivalent bare ``SELECT`` of the worklist, or a streaming read of every event.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import psycopg

from bench.casegen import Template
from bench.caseload import EVENT_COLUMNS, Replica, conninfo
from bench.cpu import CpuSplit, Meter
from migrationpact.cases.codec import to_json
from migrationpact.cases.machine import decide, replay
from migrationpact.demo.load import plan_demo
from migrationpact.jsontext import dumps, loads
from migrationpact.law.law import Law
from migrationpact.store import service
from migrationpact.store.eventstore import EventStore
from migrationpact.store.records import join_event, split_event
from migrationpact.store.tables import case_states, deadlines, json_columns
from migrationpact.store.tables import events as events_table

BENCH_KEY = "bench:"
PAGE = 50


@dataclass(frozen=True)
class Timing:
    """Seconds per operation over ``samples`` runs."""

    samples: list[float]

    @property
    def median(self) -> float:
        return percentile(self.samples, 50)

    @property
    def p99(self) -> float:
        return percentile(self.samples, 99)


@dataclass(frozen=True)
class Rate:
    events: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of a non-empty sample."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def _timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def pick_cases(replicas: Sequence[Replica], count: int, seed: int) -> list[Replica]:
    """``count`` distinct cases whose state accepts the template's next event."""
    open_cases = [r for r in replicas if r.template.next_event is not None]
    return random.Random(seed).sample(open_cases, min(count, len(open_cases)))


def append_one(store: EventStore, replica: Replica, *, via_service: bool) -> None:
    """Append the case's next event as a client would: expected seq and an idempotency key."""
    t = replica.template
    assert t.next_event is not None
    seq = t.state.seq
    kwargs: dict[str, Any] = {
        "case_id": replica.case_id,
        "event": t.next_event,
        "expected_seq": seq,
        "idempotency_key": f"{BENCH_KEY}{replica.case_id}:{seq + 1}",
        "actor": "bench-clerk",
        "organisation": t.next_organisation,
    }
    if via_service:
        service.append_event(store=store, **kwargs)
    else:
        store.append(**kwargs)


def appends(store: EventStore, cases: Sequence[Replica], *, via_service: bool) -> Timing:
    out = []
    for r in cases:
        started = time.perf_counter()
        append_one(store, r, via_service=via_service)
        out.append(time.perf_counter() - started)
    return Timing(out)


def decide_only(store: EventStore, cases: Sequence[Replica]) -> Timing:
    """The domain's share of an append: ``decide`` on the state already in memory."""
    law = store.law
    out = []
    for r in cases:
        state, event = r.template.state, r.template.next_event
        assert event is not None
        started = time.perf_counter()
        decide(state, event, law=law)
        out.append(time.perf_counter() - started)
    return Timing(out)


def copy_events_table(url: str) -> float:
    """A scratch copy ``plain_events`` of ``events`` (same columns, indexes, rows); seconds."""
    started = time.perf_counter()
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS plain_events")
        conn.execute("CREATE TABLE plain_events (LIKE events INCLUDING ALL)")
        conn.execute("INSERT INTO plain_events SELECT * FROM events")
        conn.execute("VACUUM ANALYZE plain_events")
    return time.perf_counter() - started


JSON_COLUMNS = json_columns(events_table, case_states, deadlines)


def _select(columns: Sequence[str]) -> str:
    """A select list that reads JSON columns as their stored text."""
    return ", ".join(f"{c}::text" if c in JSON_COLUMNS else c for c in columns)


def _values(columns: Sequence[str]) -> str:
    """Placeholders that pass JSON text on to ``json`` columns as it is."""
    return ", ".join("%s::json" if c in JSON_COLUMNS else "%s" for c in columns)


_EVENT_INSERT = (
    f"INSERT INTO plain_events ({', '.join(('id', *EVENT_COLUMNS))}) "
    f"VALUES ({_values(('id', *EVENT_COLUMNS))})"
)


def _appended(conn: psycopg.Connection[Any]) -> list[tuple[Any, ...]]:
    query = (
        f"SELECT {_select(('id', *EVENT_COLUMNS))} FROM events "
        "WHERE idempotency_key LIKE %s ORDER BY id"
    )
    return [tuple(r) for r in conn.execute(query, (BENCH_KEY + "%",)).fetchall()]


def plain_inserts(url: str) -> Timing:
    """The appended event rows, precomputed, each INSERTed into ``plain_events`` and committed."""
    sql = _EVENT_INSERT
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        rows = _appended(conn)
        out = []
        for row in rows:
            started = time.perf_counter()
            conn.execute(sql, row, prepare=True)
            out.append(time.perf_counter() - started)
        conn.execute("DELETE FROM plain_events WHERE idempotency_key LIKE %s", (BENCH_KEY + "%",))
    return Timing(out)


def plain_write_sets(url: str) -> Timing:
    """The most an append writes, as plain SQL with precomputed values, one transaction each:
    the event row (into ``plain_events``), the case's ``case_states`` row (same values) and
    all its ``deadlines`` rows (deleted and inserted again; the store writes only the rows
    whose deadline the event started or changed)."""
    dl_cols = [c.name for c in deadlines.columns]
    dl_sql = f"INSERT INTO deadlines ({', '.join(dl_cols)}) VALUES ({_values(dl_cols)})"
    ev_sql = _EVENT_INSERT
    st_sql = (
        "UPDATE case_states SET seq = %s, stage = %s, procedure = %s, examination = %s, "
        "responsibility_regime = %s, state = %s::json, updated_at = %s WHERE case_id = %s"
    )
    out = []
    with psycopg.connect(conninfo(url)) as conn:
        for row in _appended(conn):
            case_id = row[1]
            st = conn.execute(
                "SELECT seq, stage, procedure, examination, responsibility_regime, state::text, "
                "updated_at FROM case_states WHERE case_id = %s",
                (case_id,),
            ).fetchone()
            assert st is not None
            state = (*st, case_id)
            dls = conn.execute(
                f"SELECT {_select(dl_cols)} FROM deadlines WHERE case_id = %s", (case_id,)
            ).fetchall()
            dl_rows = [tuple(d) for d in dls]
            conn.commit()
            started = time.perf_counter()
            with conn.transaction():
                conn.execute(ev_sql, row, prepare=True)
                conn.execute(st_sql, state, prepare=True)
                conn.execute("DELETE FROM deadlines WHERE case_id = %s", (case_id,), prepare=True)
                with conn.cursor() as cur:
                    cur.executemany(dl_sql, dl_rows)
            out.append(time.perf_counter() - started)
        conn.execute("DELETE FROM plain_events WHERE idempotency_key LIKE %s", (BENCH_KEY + "%",))
        conn.commit()
    return Timing(out)


def open_counts(url: str, organisation: str, as_of: date, within_days: int) -> tuple[int, int]:
    """The organisation's open deadlines: in the worklist's window, and in all."""
    with psycopg.connect(conninfo(url)) as conn:
        row = conn.execute(
            "SELECT count(*) FILTER (WHERE due_on <= %s), count(*) FROM deadlines "
            "WHERE status = 'open' AND organisation = %s",
            (as_of + timedelta(days=within_days), organisation),
        ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def worklists(
    store: EventStore, organisation: str, as_of: date, within_days: int, samples: int
) -> tuple[Timing, int]:
    """The first page of the worklist through the service's SQL worklist; items on the page."""

    def page() -> int:
        found = service.worklist(
            store=store,
            organisation=organisation,
            as_of=as_of,
            within_days=within_days,
            limit=PAGE,
        )
        return len(found.items)

    items = page()
    for _ in range(4):
        page()
    return Timing([_timed(page) for _ in range(samples)]), items


def bare_worklists(
    url: str, organisation: str, as_of: date, within_days: int, samples: int
) -> Timing:
    """The same page as a bare SELECT on ``deadlines`` (no join, no Python objects)."""
    sql = (
        "SELECT * FROM deadlines WHERE organisation = %s AND status = 'open' AND due_on <= %s "
        "ORDER BY due_end, case_id, key LIMIT %s"
    )
    args = (organisation, as_of + timedelta(days=within_days), PAGE + 1)
    with psycopg.connect(conninfo(url), autocommit=True) as conn:

        def run() -> None:
            conn.execute(sql, args, prepare=True).fetchall()

        for _ in range(5):
            run()
        return Timing([_timed(run) for _ in range(samples)])


def read_all_events(url: str) -> Rate:
    """Every event streamed in ``(case_id, seq)`` order with a server-side cursor."""
    count = 0
    started = time.perf_counter()
    with psycopg.connect(conninfo(url)) as conn, conn.cursor(name="all_events") as cur:
        cur.itersize = 2000
        cur.execute("SELECT * FROM events ORDER BY case_id, seq")
        for _ in cur:
            count += 1
    return Rate(count, time.perf_counter() - started)


def verify(store: EventStore) -> tuple[Rate, bool, str]:
    started = time.perf_counter()
    report = service.verify_chain(store=store)
    seconds = time.perf_counter() - started
    detail = report.broken.describe() if report.broken else ""
    return Rate(report.events, seconds), report.ok, detail


def rebuild(store: EventStore) -> tuple[Rate, CpuSplit]:
    """The rebuild's rate, and its CPU split between its workers, itself and PostgreSQL."""
    meter = Meter(store.engine.url.database)  # the store's own backends, not a shared server's
    started = time.perf_counter()
    report = service.rebuild_projections(store=store)
    seconds = time.perf_counter() - started
    return Rate(report.events, seconds), meter.stop(report.events)


def parse_payloads(templates: Sequence[Template], *, at_least: int) -> Rate:
    """The baseline of ``replay_alone``: ``json.loads`` of the same events' payload texts, the
    least any replay of stored events must do; CPU seconds, warm, at least ``at_least``."""
    texts = [e.payload_json for t in templates for e in t.events]
    if not texts:
        return Rate(0, 0.0)
    rounds = max(1, -(-at_least // len(texts)))
    started = time.process_time()
    for _ in range(rounds):
        for text in texts:
            json.loads(text)
    return Rate(rounds * len(texts), time.process_time() - started)


def state_sizes(templates: Sequence[Template]) -> tuple[float, float]:
    """Median bytes of a case's stored state (the codec's text) and of its events' payloads."""
    states = [len(to_json(t.state).encode()) for t in templates]
    payloads = [sum(len(e.payload_json.encode()) for e in t.events) for t in templates]
    return statistics.median(states), statistics.median(payloads)


#: The demo day of the demo set the state's size is measured on (as the issue measured it).
DEMO_DAY = date(2026, 11, 30)


def demo_state_sizes(law: Law) -> tuple[float, float]:
    """``state_sizes`` of the demo set (what ``make run`` loads), replayed under ``law``."""
    states, payloads = [], []
    for planned in plan_demo(DEMO_DAY):
        events = [p.event for p in planned.events]
        states.append(len(to_json(replay(planned.case_id, events, law=law)).encode()))
        payloads.append(sum(len(dumps(split_event(e)[2]).encode()) for e in events))
    return statistics.median(states), statistics.median(payloads)


def replay_alone(templates: Sequence[Template], law: Law, *, at_least: int) -> Rate:
    """The domain's share of a rebuild: ``machine.replay`` of the templates' stored events in this
    process, without reading, text or writing; CPU seconds, once the caches are warm.

    Every template is replayed once before the clock starts, then all of them again until at
    least ``at_least`` events have been replayed. ``cores / (seconds per event)`` bounds the rate
    of any rebuild that replays every event through the rule book, whatever its I/O costs.
    """
    cases = [
        (t.case_id, [join_event(e.type, e.occurred_at, loads(e.payload_json)) for e in t.events])
        for t in templates
    ]
    per_round = sum(len(events) for _, events in cases)
    if not per_round:
        return Rate(0, 0.0)
    for case_id, events in cases:
        replay(case_id, events, law=law)
    rounds = max(1, -(-at_least // per_round))
    started = time.process_time()
    for _ in range(rounds):
        for case_id, events in cases:
            replay(case_id, events, law=law)
    return Rate(rounds * per_round, time.process_time() - started)
