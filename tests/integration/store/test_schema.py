"""Migrations: they create exactly the tables the code declares, and the store insists on them."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from migrationpact.store.database import make_engine, read_transaction
from migrationpact.store.errors import SchemaError
from migrationpact.store.migrate import (
    HEAD,
    current_revision,
    downgrade,
    head_revision,
    stored_revision,
)
from migrationpact.store.service import open_store, upgrade_database
from migrationpact.store.tables import metadata


def test_migrated_schema_equals_the_table_metadata(db_url: str) -> None:
    engine = make_engine(db_url)
    with read_transaction(engine) as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
        assert current_revision(conn) == head_revision() == HEAD
        assert stored_revision(conn) == HEAD
        tables = set(inspect(conn).get_table_names())
    assert {"events", "case_states", "deadlines", "alembic_version"} <= tables
    engine.dispose()


def test_the_comparison_can_see_a_difference(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_events_hash")
    with read_transaction(engine) as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    assert [d[0] for d in diff] == ["add_index"]
    engine.dispose()


def test_upgrade_twice_is_harmless_and_downgrade_removes_the_tables(db_url: str) -> None:
    assert upgrade_database(db_url) == (head_revision(), head_revision())
    engine = make_engine(db_url)
    downgrade(engine)
    with read_transaction(engine) as conn:
        assert not {"events", "case_states", "deadlines", "sign_in_failures"} & set(
            inspect(conn).get_table_names()
        )
    engine.dispose()


def test_revision_0005_adds_and_removes_only_the_sign_in_failures(db_url: str) -> None:
    engine = make_engine(db_url)
    with read_transaction(engine) as conn:
        at_head = set(inspect(conn).get_table_names())
    assert "sign_in_failures" in at_head
    downgrade(engine, "0004")
    with read_transaction(engine) as conn:
        # stream_states came later (0007), with the streams of other kinds; issued_tokens
        # later still (0010), with the development issuer's revocable tokens; lapse_runner
        # (0012) with the lapse job's lease; case_people (0013), with the search by person;
        # reception_sites and reception_units (0014), with the reception sites' streams;
        # reception_residents (0017), with the households placed at them; case_facts (0019),
        # with the Eurostat tables; reception_stays (0020), with the persons in reception;
        # twin_runs (0021), with the chain twin's runs as jobs. person_keys and
        # person_erasures (0022) stay: without its keys no sealed field could be read again;
        # chain_reseals (0024) too: it holds the heads the rewritten chains had before
        assert set(inspect(conn).get_table_names()) == at_head - {
            "sign_in_failures",
            "stream_states",
            "issued_tokens",
            "lapse_runner",
            "case_people",
            "reception_sites",
            "reception_units",
            "reception_residents",
            "case_facts",
            "reception_stays",
            "twin_runs",
        }
        assert stored_revision(conn) == "0004"
    assert upgrade_database(db_url) == ("0004", HEAD)
    with read_transaction(engine) as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
    engine.dispose()


def test_an_unmigrated_database_is_refused_with_the_command_to_run(empty_url: str) -> None:
    with pytest.raises(SchemaError, match="run `migrationpact db upgrade`"):
        open_store(empty_url)


def test_an_unreachable_database_is_one_clear_error() -> None:
    url = "postgresql://nobody@127.0.0.1:1/nothing?connect_timeout=2"
    with pytest.raises(SchemaError, match="cannot open database postgresql"):
        open_store(url)


def test_stored_revision_of_an_empty_database_is_none(empty_url: str) -> None:
    engine = make_engine(empty_url)
    with read_transaction(engine) as conn:
        assert stored_revision(conn) is None
        assert conn.exec_driver_sql("SELECT 1").scalar() == 1  # the transaction still works
    engine.dispose()


def test_an_upgrade_of_a_database_at_head_runs_no_alembic(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``serve`` upgrades at every start: a database already at the head is only read."""

    def no_alembic(*args: object, **kwargs: object) -> None:
        raise AssertionError("Alembic ran on a database at its head")

    monkeypatch.setattr("alembic.command.upgrade", no_alembic)
    assert upgrade_database(db_url) == (HEAD, HEAD)
    engine = make_engine(db_url)
    downgrade(engine, "0017")
    engine.dispose()
    with pytest.raises(AssertionError, match="Alembic ran"):
        upgrade_database(db_url)  # one revision behind: Alembic is asked to migrate
