"""The PostgreSQL test databases used again (``tests.support.pg_copies``) are as new copies: no
rows, every sequence at its start, and one whose definitions or grants a test changed is dropped
instead."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from tests.integration.conftest import ONLY_POSTGRES, open_test_store
from tests.integration.store.flows import TO_DECISION, counts, drive
from tests.support.pg_copies import Copies, database_url


def _emptied(copies: Copies, name: str) -> str:
    """``name`` given back, and the next database taken once it is emptied."""
    copies.give_back(name)
    while copies._emptying:  # wait for the emptying, as a later test would
        copies._collect(wait=True)
    return copies.take()


@pytest.mark.parametrize("backend", ONLY_POSTGRES, indirect=True)
def test_a_used_database_comes_back_empty_with_its_sequences_at_the_start(
    backend: str, postgres_url: str, migrated_postgres: Copies
) -> None:
    name = migrated_postgres.take()
    store = open_test_store(database_url(postgres_url, name))
    drive(store, "C-A", TO_DECISION)
    assert counts(store)["events"] == len(TO_DECISION)
    store.engine.dispose()
    with psycopg.connect(make_conninfo(postgres_url, dbname=name), autocommit=True) as conn:
        conn.execute("SELECT nextval('events_id_seq')")  # as a refused insert leaves it
    again = _emptied(migrated_postgres, name)
    assert again == name  # used again, not a new copy
    store = open_test_store(database_url(postgres_url, again))
    assert set(counts(store).values()) == {0}
    drive(store, "C-B", TO_DECISION[:1])
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT min(id) FROM events").scalar_one() == 1
    store.engine.dispose()
    migrated_postgres.give_back(again)


@pytest.mark.parametrize("backend", ONLY_POSTGRES, indirect=True)
@pytest.mark.parametrize(
    "change",
    [
        "GRANT SELECT ON deadlines TO PUBLIC",
        "ALTER TABLE events DISABLE TRIGGER ALL",
        "ALTER TABLE case_facts ADD COLUMN extra text",
        "CREATE TABLE leftover (id int)",
        "DROP TABLE case_facts",
    ],
)
def test_a_database_whose_definitions_changed_is_not_used_again(
    backend: str, postgres_url: str, migrated_postgres: Copies, change: str
) -> None:
    name = migrated_postgres.take()
    with psycopg.connect(make_conninfo(postgres_url, dbname=name), autocommit=True) as conn:
        conn.execute(change)
    again = _emptied(migrated_postgres, name)
    assert again != name
    migrated_postgres.give_back(again)
    while migrated_postgres._dropping:  # the drop sent, collected as the next tests would
        migrated_postgres._collect(wait=False)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        left = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    assert left is None
