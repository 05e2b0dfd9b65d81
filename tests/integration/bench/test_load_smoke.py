"""The load benchmark end to end, quick: a few clients, a SIGKILL, nothing lost or duplicated.

A real ``migrationpact serve`` runs against a fresh database on the PostgreSQL test server; its
process group is killed with SIGKILL during the load and started again. The run must verify:
every acknowledged event stored exactly once with its hash, nothing stored unacknowledged, the
chain intact. The checks themselves are then shown to fail on a lost event, an unacknowledged
one and a tampered hash. No wall-clock time is asserted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import psycopg
import pytest
from bench.load import Report, Settings, answered, notes, render, run
from bench.loadcheck import verify
from bench.loadclient import CONNECTION_ERROR
from bench.loadserver import conninfo, drop_database

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def report(postgres_url: str) -> Iterator[Report]:
    settings = Settings(
        clients=4,
        seconds=2.0,  # the kill at 0.8 s; requests cut off by it wait for the restart
        baseline_seconds=0.5,
        kill_at=0.4,
        workers=1,  # a quicker restart than with 2; `make bench` kills a 2-worker server
        database=postgres_url,
        schema=True,  # a schema of its own in the test database, as the other tests do
        keep=True,  # the tests below look at the database; dropped afterwards
    )
    done = run(settings, say=lambda _: None)
    try:
        yield done
    finally:
        if done.database_url:
            drop_database(done.database_url)


def test_the_server_was_killed_and_every_acknowledged_event_is_stored_once(
    report: Report,
) -> None:
    assert report.problems == []
    load, v = report.load, report.verification
    assert load is not None
    assert v is not None
    assert load.kill_at is not None
    assert load.healthy_at is not None
    assert load.first_ok_after_kill is not None
    assert load.first_ok_after_kill > load.kill_at
    assert any(s.status == CONNECTION_ERROR for s in load.samples), "the kill went unnoticed"
    assert load.retried, "no request was sent again after the kill"
    assert any(a.seq > 1 for a in load.acks)
    assert v.acknowledged == len(load.acks) > 0
    assert (v.lost, v.duplicated, v.wrong_hash, v.unacknowledged) == ([], [], [], [])
    assert v.stored == v.acknowledged
    assert v.chain_ok
    assert v.chain_events == v.stored


def test_the_report_names_every_figure(report: Report) -> None:
    table = render(report)
    assert "append throughput = " in table
    assert "% of trivial-request throughput" in table
    assert "GET /v1/me (token)" in table  # the baseline is an authenticated request
    assert report.baseline is not None
    assert answered(report.baseline.samples, ["baseline"])
    for row in ("all requests (mixed)", "append (create + append)", "worklist"):
        assert row in table
    lines = "\n".join(notes(report))
    assert "SIGKILL at" in lines
    assert "lost 0, duplicated 0" in lines
    assert "chain intact" in lines


def test_the_verification_fails_on_a_lost_or_unacknowledged_event(report: Report) -> None:
    load = report.load
    assert load is not None
    acks, tag = load.acks, load.tag
    ghost = replace(acks[0], key=acks[0].key + "-ghost", seq=999)
    lost = verify(report.database_url, [*acks, ghost], [], tag)
    assert [ghost.key in item for item in lost.lost] == [True]
    assert any("lost" in p for p in lost.problems())
    missing = verify(report.database_url, acks[1:], [], tag)
    assert len(missing.unacknowledged) == 1
    assert any("without an acknowledgement" in p for p in missing.problems())


def test_the_verification_fails_on_a_tampered_hash(report: Report) -> None:
    load = report.load
    assert load is not None
    last = max(load.acks, key=lambda a: a.seq)
    with psycopg.connect(conninfo(report.database_url)) as conn:  # past the triggers
        conn.execute("SET session_replication_role = replica")
        conn.execute("UPDATE events SET hash = %s WHERE idempotency_key = %s", ("0" * 64, last.key))
    tampered = verify(report.database_url, load.acks, [], load.tag)
    assert not tampered.chain_ok
    assert len(tampered.wrong_hash) == 1
    assert tampered.problems()
