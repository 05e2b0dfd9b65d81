"""The benchmark's CPU split: who spent the CPU of a run, and the rate it allows at most."""

from __future__ import annotations

import multiprocessing

import psycopg
import pytest
from bench.cpu import CpuSplit, Meter, postgres_cpu
from bench.loadserver import conninfo
from sqlalchemy.engine import make_url

from tests.integration.conftest import ONLY_POSTGRES


def _spin(n: int) -> int:
    return sum(i * i for i in range(n))


def test_the_split_per_event_and_the_ceiling_by_hand() -> None:
    # 2,000 events: workers 0.3 s, here 0.02 s, PostgreSQL 0.08 s → 150 + 10 + 40 = 200 µs an
    # event; two cores give at most 2 / 200 µs = 10,000 events/s.
    split = CpuSplit(events=2000, here=0.02, children=0.3, postgres=0.08)
    assert {k: round(v) for k, v in split.per_event_us.items()} == {
        "workers": 150, "rebuilding process": 10, "PostgreSQL": 40,
    }  # fmt: skip
    assert split.ceiling(cores=2) == 10_000
    assert "at most 10,000 events/s" in split.describe(cores=2)
    assert CpuSplit(events=10, here=0.0, children=0.0, postgres=None).ceiling(cores=2) == 0


def test_a_finished_child_process_is_counted_as_a_worker() -> None:
    meter = Meter()
    child = multiprocessing.get_context("fork").Process(target=_spin, args=(3_000_000,))
    child.start()
    child.join()
    split = meter.stop(events=1)
    assert split.children > 0.05
    assert split.here < split.children


@pytest.mark.parametrize("backend", ONLY_POSTGRES, indirect=True)
def test_work_done_by_postgresql_is_counted_there(db_url: str) -> None:
    """Counted on the backends of a database of the test's own, as the benchmark counts its run:
    on a server that other tests share, backends that end meanwhile take their CPU out of a total
    of every ``postgres`` process (the total fell by 8.8 s under another suite: a flaky test)."""
    database = make_url(db_url).database
    assert database is not None
    before = postgres_cpu(database)
    assert before is not None
    with psycopg.connect(conninfo(db_url)) as conn:
        conn.execute("SELECT count(*) FROM generate_series(1, 3000000)").fetchone()
        after = postgres_cpu(database)  # while the backend lives: an ended one is not seen
    assert after is not None
    assert after - before > 0.05
