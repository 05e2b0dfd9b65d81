"""Concurrent access-log writers of one process share a transaction and keep one chain."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from sqlalchemy import select

from migrationpact.store.accesslog import AccessEntry, verify_access_log, write_entries
from migrationpact.store.database import make_engine, read_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.tables import access_log
from tests.integration.store.flows import access_entry


def _entries(n: int) -> list[AccessEntry]:
    return [access_entry(f"w{n}-{k}", datetime(2026, 7, 1, 9, n % 60, k)) for k in range(3)]


def test_concurrent_callers_get_their_own_rows_linked_in_order(store: EventStore) -> None:
    # Two engines stand for two server processes: each groups its own callers' rows, and
    # the database's lock keeps the two groups' rows on one chain.
    other = make_engine(str(store.engine.url.render_as_string(hide_password=False)))
    try:
        engines = [store.engine, other]
        with ThreadPoolExecutor(12) as pool:
            answers = list(
                pool.map(lambda n: write_entries(engines[n % 2], _entries(n)), range(60))
            )
    finally:
        other.dispose()
    report = verify_access_log(store.engine)
    assert (report.ok, report.rows) == (True, 180)
    with read_transaction(store.engine) as conn:
        stored = {r.hash: r for r in conn.execute(select(access_log))}
    for n, linked in enumerate(answers):
        assert [e.actor for e in linked] == [f"w{n}-{k}" for k in range(3)]
        assert [stored[e.hash].actor for e in linked] == [e.actor for e in linked]
        assert linked[1].prev_hash == linked[0].hash
        assert linked[2].prev_hash == linked[1].hash
        ids = [stored[e.hash].id for e in linked]
        assert ids == [ids[0], ids[0] + 1, ids[0] + 2]  # one caller's rows stay together
