"""The case store on PostgreSQL: appends, the worklist, rebuild and verify, against plain SQL.

Issue item 9: with 100,000 cases and about 1,000,000 events, the median and p99 of appending one
event (the domain's deadline computation included) and of the first page of one organisation's
worklist due in the next 7 days, and the events per second of a rebuild of every projection.
Goals: append < 10 ms median, worklist < 50 ms median, rebuild >= 20,000 events/s. Each figure
stands beside a baseline measured in the same run on the same data (``bench.storemeasure``):
a plain INSERT of the same event rows, the same rows plus the projection rows the append writes,
a bare SELECT of the same worklist page, a streaming read of every event.

The data (``bench.casegen``, ``bench.caseload``): a few hundred case histories decided by the real
state machine, replicated under fresh case ids and bulk-loaded with COPY into a database migrated
by the store's own Alembic migrations (schema ``bench_store``; the rebuild runs on a subset in
``bench_rebuild`` unless the whole set is expected to take less than ``--rebuild-budget``).
Both schemas are dropped afterwards unless ``--keep``.

    python -m bench store              # the figures of the issue (make bench runs it too)
    python -m bench.store [--quick] [--cases N] [--events-per-case N] [--samples N]
                          [--database URL] [--keep] [--organisation ORG]

Exit 0 whatever the goals; 1 when the data are wrong (the chain does not verify, or a rebuild
does not reproduce the loaded projections).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from bench import storemeasure as m
from bench.casegen import TODAY, Template, build_templates
from bench.caseload import LoadReport, assign, conninfo, load, projection_digest
from bench.cpu import CpuSplit
from migrationpact.law.law import Law
from migrationpact.store.database import normalise_url
from migrationpact.store.service import open_store, upgrade_database

DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/migrationpact_bench"
SEED = 20270701
WITHIN_DAYS = 7
GOAL_APPEND_MS = 10.0
GOAL_WORKLIST_MS = 50.0
GOAL_REBUILD_RATE = 20_000.0
#: Issue 11's goals, each a ratio to a baseline measured in the same run.
GOAL_REPLAY_RATIO = 8.0  # replay alone at most 8x json.loads of the same payloads
GOAL_REBUILD_RATIO = 0.25  # a rebuild at least 0.25x a streaming SELECT of the same events
GOAL_STATE_KB = 6.0  # median stored state of a case


@dataclass(frozen=True)
class Settings:
    cases: int = 100_000
    events_per_case: float = 10.0
    templates: int = 1000
    samples: int = 1000
    worklist_samples: int = 200
    rebuild_cases: int = 5000
    rebuild_budget: float = 600.0
    #: Events the replay-alone measurement replays (warm) at least.
    replay_events: int = 30_000
    organisation: str = "IND"
    database: str = DEFAULT_DATABASE
    schema_prefix: str = "bench_"
    keep: bool = False
    seed: int = SEED


@dataclass(frozen=True)
class Row:
    """One line of the result table (times in ms, rates in events/s)."""

    name: str
    median: float
    p99: float | None
    baseline: str
    baseline_median: float
    goal: str = ""
    met: bool | None = None
    #: The unit of ``median`` and ``baseline_median`` (default: ms with a p99, else events/s).
    unit: str = ""

    @property
    def ratio(self) -> float:
        return self.median / self.baseline_median if self.baseline_median else 0.0


@dataclass
class Report:
    load: LoadReport | None = None
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    #: The CPU split of the last rebuild measured.
    rebuild_cpu: CpuSplit | None = None


def schema_url(base: str, schema: str) -> str:
    url = make_url(normalise_url(base))
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


def ensure_database(base: str) -> None:
    """Create the database named in ``base`` if the server does not have it yet."""
    url = make_url(conninfo(base))
    name = url.database or ""
    try:
        psycopg.connect(conninfo(base), connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
        admin = url.set(database="postgres").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')


def fresh_schema(base: str, schema: str) -> str:
    """Drop and create ``schema``, run the store's migrations in it; its URL."""
    with psycopg.connect(conninfo(base), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = schema_url(base, schema)
    upgrade_database(url)
    return url


def drop_schema(base: str, schema: str) -> None:
    with psycopg.connect(conninfo(base), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _step(report: Report, name: str, say: Callable[[str], None], action: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = action()
    report.seconds[name] = time.perf_counter() - started
    say(f"  {name}: {report.seconds[name]:.1f} s")
    return result


def _ms(t: m.Timing) -> tuple[float, float]:
    return t.median * 1000, t.p99 * 1000


def measure_writes(url: str, replicas: list[Any], s: Settings, report: Report) -> None:
    store = open_store(url)
    try:
        chosen = m.pick_cases(replicas, s.samples * 3 // 2 + 10, s.seed)
        warm_n = min(10, len(chosen) // 10)
        rest = chosen[warm_n:]
        direct_n = min(s.samples, len(rest) * 2 // 3)
        warm, direct, via = chosen[:warm_n], rest[:direct_n], rest[direct_n:]
        if not direct or not via:
            raise ValueError(f"only {len(chosen)} open cases to append to: load more cases")
        m.appends(store, warm, via_service=False)
        t_store = m.appends(store, direct, via_service=False)
        t_service = m.appends(store, via, via_service=True)
        t_decide = m.decide_only(store, direct)
    finally:
        store.engine.dispose()
    t_plain = m.plain_inserts(url)
    t_full = m.plain_write_sets(url)
    med, p99 = _ms(t_store)
    plain = t_plain.median * 1000
    report.rows += [
        Row("append (EventStore.append)", med, p99, "plain INSERT event row", plain,
            f"< {GOAL_APPEND_MS:g} ms", med < GOAL_APPEND_MS),
        Row("append (EventStore.append)", med, p99, "SQL: event+state+all deadlines",
            t_full.median * 1000),
        Row("append (service.append_event)", *_ms(t_service), "plain INSERT event row", plain,
            f"< {GOAL_APPEND_MS:g} ms", t_service.median * 1000 < GOAL_APPEND_MS),
        Row("  of which: decide (in memory)", *_ms(t_decide), "plain INSERT event row", plain),
    ]  # fmt: skip
    report.notes.append(
        f"append: {len(t_store.samples)} samples (service: {len(t_service.samples)}) on distinct "
        f"random open cases; plain INSERT p99 {t_plain.p99 * 1000:.2f} ms, plain write set "
        f"median {t_full.median * 1000:.2f} ms / p99 {t_full.p99 * 1000:.2f} ms"
    )


def measure_worklist(url: str, s: Settings, report: Report) -> None:
    org = s.organisation
    matching, total = m.open_counts(url, org, TODAY, WITHIN_DAYS)
    store = open_store(url)
    try:
        timing, items = m.worklists(store, org, TODAY, WITHIN_DAYS, s.worklist_samples)
    finally:
        store.engine.dispose()
    bare = m.bare_worklists(url, org, TODAY, WITHIN_DAYS, s.worklist_samples)
    med, p99 = _ms(timing)
    report.rows.append(
        Row(f"worklist {org}, first page", med, p99, "bare SELECT on deadlines",
            bare.median * 1000, f"< {GOAL_WORKLIST_MS:g} ms", med < GOAL_WORKLIST_MS)
    )  # fmt: skip
    report.notes.append(
        f"worklist: {org} as of {TODAY} within {WITHIN_DAYS} days, first page of {items} rows; "
        f"{matching:,} of its {total:,} open deadlines are in the window; "
        f"{len(timing.samples)} samples; bare SELECT p99 {bare.p99 * 1000:.2f} ms"
    )


def measure_chain(url: str, report: Report) -> None:
    store = open_store(url)
    try:
        rate, ok, detail = m.verify(store)
    finally:
        store.engine.dispose()
    read = m.read_all_events(url)
    report.rows.append(
        Row("audit verify (events/s)", rate.per_second, None, "streaming SELECT (events/s)",
            read.per_second)
    )  # fmt: skip
    report.notes.append(f"verify: {rate.events:,} events in {rate.seconds:.1f} s")
    if not ok:
        report.problems.append(f"audit verify failed: {detail}")


def measure_rebuild(url: str, full_events: int, report: Report, label: str) -> float:
    short = "full set" if label == "full set" else "subset"
    before = projection_digest(url)
    store = open_store(url)
    try:
        rate, cpu = m.rebuild(store)
        report.rebuild_cpu = cpu
    finally:
        store.engine.dispose()
    read = m.read_all_events(url)
    if projection_digest(url) != before:
        report.problems.append(f"rebuild ({label}) did not reproduce the loaded projections")
    ratio = rate.per_second / read.per_second if read.per_second else 0.0
    report.rows.append(
        Row(f"rebuild, {short} (events/s)", rate.per_second, None, "streaming SELECT (events/s)",
            read.per_second, f">= {GOAL_REBUILD_RATIO}x", ratio >= GOAL_REBUILD_RATIO)
    )  # fmt: skip
    absolute = "met" if rate.per_second >= GOAL_REBUILD_RATE else "not met"
    report.notes.append(
        f"rebuild ({label}): {rate.per_second:,.0f} events/s against issue 4's absolute goal of "
        f"{GOAL_REBUILD_RATE:,.0f}/s ({absolute})"
    )
    whole = full_events / rate.per_second if rate.per_second else 0.0
    report.notes.append(
        f"rebuild ({label}): {rate.events:,} events in {rate.seconds:.1f} s; at this rate the "
        f"{full_events:,} events of the full set take about {whole:,.0f} s; "
        + cpu.describe(cores=os.cpu_count() or 1)
    )
    return whole


def measure_replay(templates: list[Template], s: Settings, report: Report) -> None:
    """Replay against parsing the same payloads, the stored state's size, and the ceiling the
    domain alone puts on any rebuild with this machine's cores."""
    cores = os.cpu_count() or 1
    rate = m.replay_alone(templates, Law.default(), at_least=s.replay_events)
    parse = m.parse_payloads(templates, at_least=s.replay_events)
    us, parse_us = (r.seconds / max(r.events, 1) * 1e6 for r in (rate, parse))
    report.rows.append(
        Row("replay alone (µs an event)", us, None, "json.loads of payloads (µs)", parse_us,
            f"<= {GOAL_REPLAY_RATIO:.0f}x", us <= GOAL_REPLAY_RATIO * parse_us, unit="µs")
    )  # fmt: skip
    state, payloads = m.demo_state_sizes(Law.default())
    report.rows.append(
        Row("median stored state, demo set (kB)", state / 1000, None,
            "its events' payloads (kB)", payloads / 1000, f"<= {GOAL_STATE_KB:.0f} kB",
            state / 1000 <= GOAL_STATE_KB, unit="kB")
    )  # fmt: skip
    state, payloads = m.state_sizes(templates)
    report.rows.append(
        Row("median stored state, templates (kB)", state / 1000, None,
            "its events' payloads (kB)", payloads / 1000, unit="kB")
    )  # fmt: skip
    ceiling = rate.per_second * cores
    report.rows.append(
        Row(f"  ceiling: replay alone x {cores} cores", ceiling, None,
            "the rebuild goal (events/s)", GOAL_REBUILD_RATE)
    )  # fmt: skip
    note = (
        f"replay alone: machine.replay of the {len(templates):,} templates' events in one process "
        f"(no database, no text), {rate.events:,} events: {us:,.0f} µs CPU an event; {cores} "
        f"cores doing nothing else replay at most {ceiling:,.0f} events/s"
    )
    pg = report.rebuild_cpu.per_event_us.get("PostgreSQL") if report.rebuild_cpu else None
    if pg is not None:
        note += (
            f"; with PostgreSQL's {pg:,.0f} µs an event in the last rebuild, at most "
            f"{cores * 1e6 / (us + pg):,.0f} events/s"
        )
    report.notes.append(note)


def _print(text: str) -> None:
    print(text, flush=True)


def run(s: Settings, say: Callable[[str], None] = _print) -> Report:
    """Generate, load, measure; the schemas are dropped at the end unless ``keep``."""
    report = Report()
    ensure_database(s.database)
    main_schema, sub_schema = f"{s.schema_prefix}store", f"{s.schema_prefix}rebuild"
    try:
        url = fresh_schema(s.database, main_schema)
        templates: list[Template] = _step(
            report, f"generate {s.templates} templates through decide", say,
            lambda: build_templates(min(s.templates, s.cases), s.seed),
        )  # fmt: skip
        replicas = assign(templates, s.cases, s.events_per_case, s.seed + 1)
        loaded: LoadReport = _step(
            report, "load (COPY + VACUUM ANALYZE)", say, lambda: load(url, replicas)
        )
        report.load = loaded
        split = ", ".join(f"{k} {v:.1f} s" for k, v in loaded.seconds.items())
        report.notes.append(
            f"load: {loaded.events:,} events, {loaded.cases:,} case states, {loaded.deadlines:,} "
            f"deadline rows in {loaded.total_seconds:.1f} s ({split}); "
            f"{loaded.events / loaded.total_seconds:,.0f} events/s with their projections"
        )
        say(f"  loaded {loaded.cases:,} cases, {loaded.events:,} events, "
            f"{loaded.deadlines:,} deadline rows")  # fmt: skip
        _step(report, "scratch copy of events", say, lambda: m.copy_events_table(url))
        _step(report, "appends", say, lambda: measure_writes(url, replicas, s, report))
        _step(report, "worklist", say, lambda: measure_worklist(url, s, report))
        _step(report, "verify", say, lambda: measure_chain(url, report))
        sub_cases = min(s.rebuild_cases, s.cases)
        sub_url = fresh_schema(s.database, sub_schema)
        subset = assign(templates, sub_cases, s.events_per_case, s.seed + 2)
        sub_load = load(sub_url, subset)
        label = f"subset of {sub_cases:,} cases / {sub_load.events:,} events"
        whole = _step(
            report, "rebuild subset", say,
            lambda: measure_rebuild(sub_url, loaded.events, report, label),
        )  # fmt: skip
        if sub_cases < s.cases and whole <= s.rebuild_budget:
            _step(
                report, "rebuild full set", say,
                lambda: measure_rebuild(url, loaded.events, report, "full set"),
            )  # fmt: skip
        _step(report, "replay alone", say, lambda: measure_replay(templates, s, report))
    finally:
        if not s.keep:
            drop_schema(s.database, main_schema)
            drop_schema(s.database, sub_schema)
    return report


def render(report: Report) -> str:
    head = f"{'measure':<34} {'median':>10} {'p99':>9}  {'baseline':<32} {'median':>10} "
    lines = [head + f"{'ratio':>7}  goal"]
    for r in report.rows:
        p99 = f"{r.p99:9.2f}" if r.p99 is not None else f"{'':>9}"
        unit = r.unit or ("ms" if r.p99 is not None else "/s")
        status = "" if r.met is None else ("MET" if r.met else "NOT MET")
        lines.append(
            f"{r.name:<34} {r.median:>10,.2f} {p99}  {r.baseline:<32} {r.baseline_median:>10,.2f} "
            f"{r.ratio:>6.2f}x  {r.goal} {status} ({unit})".rstrip()
        )
    return "\n".join(lines)


def parse(argv: list[str]) -> Settings:
    p = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__.split("\n")[0])
    p.add_argument("--cases", type=int)
    p.add_argument("--events-per-case", type=float, default=10.0)
    p.add_argument("--samples", type=int)
    p.add_argument("--worklist-samples", type=int, default=200)
    p.add_argument("--templates", type=int)
    p.add_argument("--rebuild-cases", type=int)
    p.add_argument("--rebuild-budget", type=float, default=600.0)
    p.add_argument("--organisation", default="IND", help="whose worklist (default IND)")
    p.add_argument("--database", default=DEFAULT_DATABASE)
    p.add_argument("--keep", action="store_true", help="keep the schemas after the run")
    p.add_argument("--quick", action="store_true", help="2,000 cases: a smoke run")
    a = p.parse_args(argv)
    quick = {"cases": 2000, "samples": 300, "templates": 300, "rebuild_cases": 500}
    full = {"cases": 100_000, "samples": 1000, "templates": 1000, "rebuild_cases": 5000}
    base = quick if a.quick else full
    return Settings(
        cases=a.cases or base["cases"],
        events_per_case=a.events_per_case,
        templates=a.templates or base["templates"],
        samples=a.samples or base["samples"],
        worklist_samples=a.worklist_samples,
        rebuild_cases=a.rebuild_cases or base["rebuild_cases"],
        rebuild_budget=a.rebuild_budget,
        organisation=a.organisation,
        database=a.database,
        keep=a.keep,
    )


def main(argv: list[str] | None = None) -> int:
    s = parse(argv or [])
    _print(f"store: {s.cases:,} cases, about {s.events_per_case:g} events each, on "
           f"{make_url(s.database).render_as_string(hide_password=True)}")  # fmt: skip
    report = run(s)
    print(render(report))
    for note in report.notes:
        print(f"  {note}")
    for problem in report.problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
