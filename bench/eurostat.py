"""The Eurostat tables on PostgreSQL: all monthly tables of one month against ``count(*)``.

Issue 17's goal: with 100,000 cases and about 1,000,000 events, every monthly table
(``statistics.tables`` with frequency M) of one reference month, aggregated in SQL over the fact
projection (``store.eurostat``), in at most 20 times the time of a bare
``SELECT count(*) FROM events`` measured in the same run on the same data.

The data are the store benchmark's (``bench.casegen`` templates decided by the real state
machine, replicated by ``bench.caseload`` and loaded with COPY); each replica's ``case_facts``
rows are its template's (``store.facts.fact_rows``) under its own case id and person id. The
month measured is the one with the most applications.

    python -m bench eurostat            # 100,000 cases (make bench runs it too)
    python -m bench.eurostat [--quick] [--cases N] [--samples N] [--database URL] [--keep]

Exit 0 whatever the goal; 1 when the tables are empty (the data did not load).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
from sqlalchemy import text

from bench.casegen import build_templates
from bench.caseload import Replica, assign, conninfo, load
from bench.store import DEFAULT_DATABASE, drop_schema, ensure_database, fresh_schema
from migrationpact.statistics.periods import parse
from migrationpact.statistics.tables import TABLES
from migrationpact.store.database import read_transaction
from migrationpact.store.eurostat import count_tables
from migrationpact.store.facts import fact_rows, person_id
from migrationpact.store.service import open_store
from migrationpact.store.tables import case_facts

GOAL_RATIO = 20.0
SCHEMA = "bench_eurostat"
SEED = 20270701
COLUMNS = [c.name for c in case_facts.columns]


def _fact_rows(replicas: list[Replica]) -> Iterator[tuple[Any, ...]]:
    by_template: dict[str, list[dict[str, Any]]] = {}
    for replica in replicas:
        t = replica.template
        if t.case_id not in by_template:
            by_template[t.case_id] = fact_rows(t.case_id, t.state)
        who = person_id(None, replica.case_id)
        for row in by_template[t.case_id]:
            values = {**row, "case_id": replica.case_id, "person": who}
            yield tuple(values[c] for c in COLUMNS)


def load_facts(url: str, replicas: list[Replica]) -> int:
    """COPY every replica's fact rows; their number."""
    count = 0
    with psycopg.connect(conninfo(url)) as conn:
        with (
            conn.cursor() as cur,
            cur.copy(f"COPY case_facts ({', '.join(COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in _fact_rows(replicas):
                copy.write_row(row)
                count += 1
        conn.commit()
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE case_facts")
    return count


def busiest_month(replicas: list[Replica]) -> str:
    months = Counter(
        r.template.state.made_at.strftime("%Y-%m")
        for r in replicas
        if r.template.state.made_at is not None
    )
    return months.most_common(1)[0][0]


def _median_ms(samples: int, action: Callable[[], Any]) -> float:
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(cases: int, samples: int, database: str, keep: bool) -> int:
    ensure_database(database)
    try:
        url = fresh_schema(database, SCHEMA)
        templates = build_templates(min(1000, cases), SEED)
        replicas = assign(templates, cases, 10.0, SEED + 1)
        loaded = load(url, replicas)
        facts = load_facts(url, replicas)
        month = busiest_month(replicas)
        monthly = [t for t in TABLES.values() if t.frequency == "M"]
        period = parse(month)
        store = open_store(url)
        cells: dict[str, Any] = {}

        def tables() -> None:
            with read_transaction(store.engine) as conn:
                cells.update(count_tables(conn, monthly, period))

        def baseline() -> None:
            with read_transaction(store.engine) as conn:
                conn.execute(text("SELECT count(*) FROM events")).scalar_one()

        tables()
        baseline()  # warm both
        count_ms = _median_ms(samples, baseline)
        tables_ms = _median_ms(samples, tables)
        store.engine.dispose()
    finally:
        if not keep:
            drop_schema(database, SCHEMA)
    ratio = tables_ms / count_ms if count_ms else 0.0
    met = "MET" if ratio <= GOAL_RATIO else "NOT MET"
    print(f"  {loaded.cases:,} cases, {loaded.events:,} events, {facts:,} fact rows; "
          f"month {month}, tables {', '.join(t.code for t in monthly)}")  # fmt: skip
    print(f"{'all monthly tables of ' + month:<36} {tables_ms:>10,.2f} ms")
    print(f"{'SELECT count(*) FROM events':<36} {count_ms:>10,.2f} ms")
    print(f"{'ratio':<36} {ratio:>10,.2f}x  goal <= {GOAL_RATIO:g}x {met}")
    if not any(cells.values()):
        print("FAIL: every table is empty", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.eurostat", description=__doc__.split("\n")[0])
    p.add_argument("--cases", type=int)
    p.add_argument("--samples", type=int)
    p.add_argument("--database", default=DEFAULT_DATABASE)
    p.add_argument("--keep", action="store_true", help="keep the schema after the run")
    p.add_argument("--quick", action="store_true", help="2,000 cases: a smoke run")
    a = p.parse_args(argv or [])
    cases = a.cases or (2000 if a.quick else 100_000)
    samples = a.samples or (5 if a.quick else 15)
    print(f"eurostat: {cases:,} cases, about 10 events each, PostgreSQL", flush=True)
    return run(cases, samples, a.database, a.keep)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
