"""``events`` and ``access_log`` refuse every rewrite on both databases, and the access log is a
hash chain that ``verify_access_log`` checks (findings F2 and F15 of the December 2026 probe)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from migrationpact.cases.events import parse_event
from migrationpact.store.accesslog import (
    AccessEntry,
    access_entries,
    verify_access_log,
    write_entry,
)
from migrationpact.store.database import make_engine, write_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.hashing import GENESIS
from migrationpact.store.migrate import downgrade, upgrade
from tests.integration.conftest import ONLY_POSTGRES, ONLY_SQLITE
from tests.integration.store.flows import TO_DECISION, access_entry, chain, counts, drive
from tests.support.tamper import tamper

_COLUMNS = (
    "id, at, actor, organisation, role, action, resource, case_id, fields, purpose, outcome, "
    "channel, prev_hash, hash"
)
_FORGED_LOG_ROW = (
    "(2, '2026-01-01 00:00:00', 'forged', 'IND', 'caseworker', 'case.read', 'case:X', 'X', "
    "'[]', 'forged', 'granted', 'token', 'x', 'x')"
)


def _entry(actor: str, second: int = 0) -> AccessEntry:
    return access_entry(actor, datetime(2026, 7, 1, 9, 0, second, 123))


def _filled(store: EventStore) -> None:
    drive(store, "C-1", TO_DECISION[:3])
    for n, actor in enumerate(("ind", "coa", "kmar")):
        write_entry(store.engine, _entry(actor, n))


def _refused(store: EventStore, statement: str) -> None:
    with pytest.raises(DBAPIError, match="append-only"), write_transaction(store.engine) as conn:
        conn.execute(text(statement))


def _event_copy(seq: int, new_id: str) -> str:
    """An insert that copies event ``seq`` of C-1 under another id (the same stream and seq)."""
    return (
        f"REPLACE INTO events (id, stream_type, case_id, seq, type, payload, occurred_at, "
        f"recorded_at, actor, organisation, rule_set_version, idempotency_key, prev_hash, hash) "
        f"SELECT {new_id}, stream_type, case_id, seq, type, payload, occurred_at, recorded_at, "
        f"'forged', organisation, rule_set_version, idempotency_key, prev_hash, hash "
        f"FROM events WHERE case_id = 'C-1' AND seq = {seq}"
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET actor = 'someone else'",
        "DELETE FROM events WHERE seq = 3",
        "DELETE FROM events",
        "UPDATE access_log SET purpose = 'rewritten'",
        "DELETE FROM access_log",
    ],
)
def test_update_and_delete_are_refused_on_both_tables(store: EventStore, statement: str) -> None:
    _filled(store)
    before = chain(store), access_entries(store.engine)
    _refused(store, statement)
    assert (chain(store), access_entries(store.engine)) == before


@pytest.mark.parametrize("backend", ONLY_SQLITE, indirect=True)
@pytest.mark.parametrize(
    "statement",
    [
        f"REPLACE INTO access_log ({_COLUMNS}) VALUES {_FORGED_LOG_ROW}",
        f"INSERT OR REPLACE INTO access_log ({_COLUMNS}) VALUES {_FORGED_LOG_ROW}",
        _event_copy(2, "2"),  # the same id
        _event_copy(2, "1000"),  # another id, the same stream and seq
    ],
)
def test_sqlite_replace_is_refused(store: EventStore, statement: str) -> None:
    _filled(store)
    before = chain(store), access_entries(store.engine)
    _refused(store, statement)
    assert (chain(store), access_entries(store.engine)) == before
    store.append(  # ordinary inserts still work
        case_id="C-1",
        event=parse_event(TO_DECISION[3]),
        expected_seq=3,
        idempotency_key="k-4",
        actor="caseworker",
        organisation="IND",
    )
    write_entry(store.engine, _entry("dtenv", 9))
    assert counts(store)["events"] == 4
    assert verify_access_log(store.engine).ok


@pytest.mark.parametrize("backend", ONLY_POSTGRES, indirect=True)
@pytest.mark.parametrize("table", ["events", "access_log"])
def test_postgresql_truncate_is_refused(store: EventStore, table: str) -> None:
    _filled(store)
    _refused(store, f"TRUNCATE {table} CASCADE")
    assert counts(store)["events"] == 3
    assert len(access_entries(store.engine)) == 3


def test_the_access_log_is_chained_in_insertion_order(store: EventStore) -> None:
    _filled(store)
    rows = list(reversed(access_entries(store.engine)))
    assert rows[0].prev_hash == GENESIS
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert all(r.hash == r.computed_hash(r.prev_hash) for r in rows)
    report = verify_access_log(store.engine)
    assert (report.ok, report.rows) == (True, 3)


@pytest.mark.parametrize(
    ("statement", "row", "reason"),
    [
        ("UPDATE access_log SET purpose = 'other' WHERE actor = 'coa'", 2, "altered"),
        ("UPDATE access_log SET outcome = 'denied' WHERE actor = 'kmar'", 3, "altered"),
        ("DELETE FROM access_log WHERE actor = 'coa'", 3, "removed"),
        ("DELETE FROM access_log WHERE actor = 'ind'", 2, "removed"),
    ],
)
def test_verify_names_the_first_tampered_access_log_row(
    store: EventStore, statement: str, row: int, reason: str
) -> None:
    _filled(store)
    tamper(store.engine, statement)
    report = verify_access_log(store.engine)
    assert not report.ok
    assert report.broken_id == row
    assert reason in report.describe()


def test_concurrent_writers_do_not_fork_the_chain(store: EventStore) -> None:
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: write_entry(store.engine, _entry(f"a{n}", n % 60)), range(40)))
    report = verify_access_log(store.engine)
    assert (report.ok, report.rows) == (True, 40)


def test_revision_0009_chains_the_rows_already_logged_and_goes_back(
    make_empty: Callable[[], str],
) -> None:
    url = make_empty()
    engine = make_engine(url)
    try:
        upgrade(engine, "0008")
        with write_transaction(engine) as conn:
            for n in range(3):
                conn.execute(
                    text(
                        "INSERT INTO access_log (at, actor, organisation, role, action, "
                        "resource, fields, purpose, outcome, channel) VALUES (:at, :a, 'IND', "
                        "'caseworker', 'case.read', 'case:C-1', '[]', 'p', 'granted', 'token')"
                    ),
                    {"at": datetime(2026, 7, 1, 9, n), "a": f"actor-{n}"},
                )
        upgrade(engine)
        report = verify_access_log(engine)
        assert (report.ok, report.rows) == (True, 3)
        downgrade(engine, "0008")
        with pytest.raises(DBAPIError, match="append-only"), write_transaction(engine) as conn:
            conn.execute(text("DELETE FROM access_log"))
        upgrade(engine)
        assert verify_access_log(engine).ok
    finally:
        engine.dispose()


_ERASURE = (
    "INSERT INTO person_erasures (id, at, case_id, actor, organisation, reason, forced) "
    "VALUES (1, '2036-07-01 09:00:00', 'C-1', 'privacy-officer', 'IND', 'retention ended', {})"
)


def _erasure_refused(store: EventStore, statement: str) -> None:
    postgres = store.engine.name == "postgresql"
    with write_transaction(store.engine) as conn:
        conn.execute(text(_ERASURE.format("false" if postgres else 0)))
    _refused(store, statement)
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT case_id, reason FROM person_erasures")).all()
    assert [tuple(r) for r in rows] == [("C-1", "retention ended")]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE person_erasures SET reason = 'rewritten'",
        "UPDATE person_erasures SET case_id = 'C-2' WHERE id = 1",
        "DELETE FROM person_erasures",
    ],
)
def test_the_record_of_erasures_refuses_every_rewrite(store: EventStore, statement: str) -> None:
    _erasure_refused(store, statement)


@pytest.mark.parametrize("backend", ONLY_SQLITE, indirect=True)
def test_the_record_of_erasures_refuses_a_sqlite_replace(store: EventStore) -> None:
    _erasure_refused(store, _ERASURE.format(1).replace("INSERT INTO", "REPLACE INTO"))


@pytest.mark.parametrize("backend", ONLY_POSTGRES, indirect=True)
def test_the_record_of_erasures_refuses_a_postgresql_truncate(store: EventStore) -> None:
    _erasure_refused(store, "TRUNCATE person_erasures")
