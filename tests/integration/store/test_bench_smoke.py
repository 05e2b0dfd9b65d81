"""The store benchmark end to end on a tiny data set: well-formed figures, valid data.

Generator, bulk load, appends, worklist, verify and rebuild run against the PostgreSQL test
server in schemas of their own (dropped afterwards). Only the shape of the output and the
validity of the data are checked: no wall-clock time is asserted.
"""

from __future__ import annotations

import math
import uuid

import psycopg
import pytest
from bench import store as bench_store
from bench.casegen import build_templates
from bench.caseload import assign, conninfo, load, projection_digest

from migrationpact.store.service import open_store

pytestmark = pytest.mark.postgres


def test_generated_replicas_verify_and_rebuild_to_the_same_projections(postgres_url: str) -> None:
    schema = f"t_bench_{uuid.uuid4().hex[:10]}"
    url = bench_store.fresh_schema(postgres_url, schema)
    try:
        templates = build_templates(12, seed=5)
        replicas = assign(templates, 30, 10, seed=6)
        assert {r.template.case_id for r in replicas[:12]} == {t.case_id for t in templates}
        assert len({r.case_id for r in replicas}) == 30
        loaded = load(url, replicas)
        assert (loaded.cases, loaded.events) == (30, sum(len(r.template.events) for r in replicas))
        with psycopg.connect(conninfo(url)) as conn:
            row = conn.execute("SELECT count(*) FROM deadlines").fetchone()
        assert row is not None
        assert row[0] == loaded.deadlines
        store = open_store(url)
        try:
            assert store.verify().ok
            replica = replicas[0]
            state = store.state(replica.case_id)
            assert state is not None
            assert state.case_id == replica.case_id
            assert state.person is None or state.person.pseudonym == replica.case_id
            before = projection_digest(url)
            store.rebuild()
            assert projection_digest(url) == before
        finally:
            store.engine.dispose()
    finally:
        bench_store.drop_schema(postgres_url, schema)


def test_the_benchmark_runs_and_reports_every_figure(postgres_url: str) -> None:
    prefix = f"t_bench_{uuid.uuid4().hex[:8]}_"
    settings = bench_store.Settings(
        cases=50,
        templates=20,
        samples=10,
        worklist_samples=5,
        rebuild_cases=25,
        rebuild_budget=0.0,
        replay_events=100,
        database=postgres_url,
        schema_prefix=prefix,
    )
    said: list[str] = []
    report = bench_store.run(settings, say=said.append)
    assert report.problems == []
    assert report.load is not None
    assert report.load.cases == 50
    names = [r.name for r in report.rows]
    assert names[:2] == ["append (EventStore.append)"] * 2
    assert any(n.startswith("worklist IND") for n in names)
    assert "audit verify (events/s)" in names
    assert "rebuild, subset (events/s)" in names
    assert "rebuild, full set (events/s)" not in names  # budget 0: the subset only
    assert any(n.startswith("  ceiling: replay alone x ") for n in names)
    assert "replay alone (µs an event)" in names
    assert "median stored state, demo set (kB)" in names
    assert "median stored state, templates (kB)" in names
    assert report.rebuild_cpu is not None
    assert any(n.startswith("replay alone: ") and "with PostgreSQL's" in n for n in report.notes)
    for row in report.rows:
        assert math.isfinite(row.median)
        assert row.median > 0
        assert row.baseline_median > 0
        assert row.p99 is None or row.p99 >= row.median
    goals = [r for r in report.rows if r.goal]
    assert len(goals) == 6  # append x2, worklist, rebuild, replay, state size
    assert all(isinstance(r.met, bool) for r in goals)
    table = bench_store.render(report)
    assert table.count("\n") == len(report.rows)
    assert "MET" in table
    with psycopg.connect(postgres_url) as conn:
        left = conn.execute(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE %s",
            (prefix + "%",),
        ).fetchone()
    assert left == (0,)
