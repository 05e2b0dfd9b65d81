"""Concurrent access-log writers of one process share a transaction and keep one chain."""

from __future__ import annotations

import gc
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from migrationpact.store.accesslog import AccessEntry, verify_access_log, write_entries
from migrationpact.store.database import make_engine, read_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.tables import access_log
from tests.integration.conftest import ONLY_POSTGRES
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


def test_many_rows_of_one_caller_are_stored_as_given_in_order(store: EventStore) -> None:
    # A list showing fifty cases logs fifty rows in one statement: each as given, in order.
    entries = [
        replace(
            access_entry(f"reader-{k}", datetime(2026, 7, 1, 9, 0, k)),
            case_id=None if k == 7 else f"C-{k}",
            fields=() if k == 3 else ("summary", "naam é", f"f{k}"),
            request_id=f"req-{k}" if k % 2 else None,
        )
        for k in range(50)
    ]
    linked = write_entries(store.engine, entries)
    with read_transaction(store.engine) as conn:
        rows = conn.execute(select(access_log).order_by(access_log.c.id)).mappings().all()
    assert [r["hash"] for r in rows] == [e.hash for e in linked]
    assert [r["id"] for r in rows] == list(range(rows[0]["id"], rows[0]["id"] + 50))
    for row, entry in zip(rows, entries, strict=True):
        assert (row["actor"], row["case_id"], row["request_id"], row["at"]) == (
            entry.actor, entry.case_id, entry.request_id, entry.at
        )  # fmt: skip
        assert tuple(row["fields"]) == entry.fields
    assert verify_access_log(store.engine).ok


# PostgreSQL only: SQLite does not enforce a column's length, so there is nothing to refuse.
@pytest.mark.parametrize("backend", ONLY_POSTGRES, indirect=True)
def test_a_value_too_long_for_its_column_is_refused_not_cut_short(store: EventStore) -> None:
    too_long = replace(access_entry(), purpose="p" * 201)
    with pytest.raises(DBAPIError):
        write_entries(store.engine, [access_entry("first"), too_long])
    assert verify_access_log(store.engine).rows == 0


def test_an_engine_that_wrote_to_the_log_can_be_let_go(store: EventStore) -> None:
    """The group commit of an engine's log writes holds it weakly: once its owner drops it,
    the engine is collected (a process that opens stores one after another keeps none)."""
    other = make_engine(str(store.engine.url.render_as_string(hide_password=False)))
    write_entries(other, _entries(1))
    gone = weakref.ref(other)
    other.dispose()
    del other
    gc.collect()
    assert gone() is None
    assert verify_access_log(store.engine).rows == 3
