"""The service's database role (PostgreSQL): it appends and reads, and cannot rewrite the record
(finding F2 and the informational "tests connect as superuser" of the December 2026 probe).

The owner (here the test server's superuser) migrates and runs ``db grant``; the service then
connects as the granted role, does its work, and is refused every statement that would change
or empty ``events`` or ``access_log``, or switch their triggers off.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from migrationpact.store import service
from migrationpact.store.accesslog import access_entries, write_entry
from migrationpact.store.database import normalise_url, write_transaction
from migrationpact.store.eventstore import EventStore
from tests.integration.conftest import ONLY_POSTGRES, ONLY_SQLITE, open_test_store
from tests.integration.store.flows import TO_DECISION, access_entry, drive
from tests.support.cli import RunCli


@pytest.fixture
def service_role(backend: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A role name of its own (PostgreSQL), dropped with whatever it was granted afterwards."""
    assert backend == "postgres", "database roles are PostgreSQL's: parametrize ONLY_POSTGRES"
    postgres_url: str = request.getfixturevalue("postgres_url")
    role = f"mp_service_{uuid.uuid4().hex[:10]}"
    yield role
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if exists:
            # What it was granted lies in the test's own database: drop it there, then here.
            granted_in = conn.execute(
                "SELECT DISTINCT d.datname FROM pg_shdepend s JOIN pg_database d ON d.oid = s.dbid"
                " WHERE s.refobjid = (SELECT oid FROM pg_roles WHERE rolname = %s)",
                (role,),
            ).fetchall()
            for (database,) in granted_in:
                with psycopg.connect(postgres_url, dbname=database, autocommit=True) as there:
                    there.execute(f'DROP OWNED BY "{role}"')
            conn.execute(f'DROP OWNED BY "{role}"')
            conn.execute(f'DROP ROLE "{role}"')


def _as(url: str, role: str) -> str:
    return make_url(normalise_url(url)).set(username=role).render_as_string(hide_password=False)


@pytest.mark.parametrize("backend", ONLY_POSTGRES, indirect=True)
@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET actor = 'someone else'",
        "DELETE FROM events",
        "TRUNCATE events CASCADE",
        "UPDATE access_log SET purpose = 'curiosity'",
        "DELETE FROM access_log",
        "TRUNCATE access_log",
        "ALTER TABLE events DISABLE TRIGGER ALL",
        "ALTER TABLE access_log DISABLE TRIGGER access_log_append_only",
        "DROP TRIGGER events_no_truncate ON events",
        "SET session_replication_role = replica",
        "INSERT INTO events SELECT * FROM events ON CONFLICT (id) DO UPDATE SET actor = 'x'",
    ],
)
def test_the_service_role_appends_and_reads_and_cannot_rewrite(
    db_url: str, service_role: str, run_cli: RunCli, statement: str
) -> None:
    done = run_cli("db", "grant", "--role", service_role, "--database", db_url)
    assert done.returncode == 0, done.stderr
    assert f"Role {service_role} may append" in done.stdout
    store: EventStore = open_test_store(_as(db_url, service_role))
    try:
        drive(store, "C-R", TO_DECISION)
        write_entry(store.engine, access_entry())
        service.record_lapses(store=store, as_of=date(2026, 12, 1))
        assert store.state("C-R") is not None
        assert [e.actor for e in access_entries(store.engine)] == ["ind"]
        assert store.rebuild(workers=1).cases == 1
        before = service.verify_chain(store=store)
        assert before.ok
        assert service.verify_access_log(store=store).ok
        assert service.verify_projections(store=store).ok
        refused = r"permission denied|must be owner|append-only"
        with pytest.raises(DBAPIError, match=refused), write_transaction(store.engine) as conn:
            conn.execute(text(statement))
        assert service.verify_chain(store=store).events == before.events
        assert len(access_entries(store.engine)) == 1
    finally:
        store.engine.dispose()


@pytest.mark.parametrize("backend", ONLY_POSTGRES, indirect=True)
@pytest.mark.postgres
def test_grant_refuses_a_superuser_and_runs_again(
    db_url: str, service_role: str, run_cli: RunCli
) -> None:
    done = run_cli("db", "grant", "--role", "postgres", "--database", db_url)
    assert done.returncode == 2
    assert "superuser" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    for _ in range(2):
        assert run_cli("db", "grant", "--role", service_role, "--database", db_url).returncode == 0
    bad = run_cli("db", "grant", "--role", 'x"; DROP TABLE events; --', "--database", db_url)
    assert (bad.returncode, "role name" in bad.stderr) == (2, True)


@pytest.mark.parametrize("backend", ONLY_SQLITE, indirect=True)
def test_grant_on_sqlite_is_one_line_and_exit_2(db_url: str, run_cli: RunCli) -> None:
    done = run_cli("db", "grant", "--role", "svc", "--database", db_url)
    assert done.returncode == 2
    assert "SQLite has none" in done.stderr


def test_upgrade_runs_as_the_owner_url(empty_url: str, run_cli: RunCli) -> None:
    env = {
        "MIGRATIONPACT_OWNER_DATABASE_URL": empty_url,
        "MIGRATIONPACT_DATABASE_URL": "sqlite:////nonexistent/never.db",
    }
    done = run_cli("db", "upgrade", env=env)
    assert done.returncode == 0, done.stderr
    assert "migrated from revision none" in done.stdout


@pytest.mark.parametrize("backend", ONLY_POSTGRES, indirect=True)
@pytest.mark.postgres
def test_the_service_role_may_not_reseal(db_url: str, service_role: str, run_cli: RunCli) -> None:
    """``privacy reseal`` rewrites events: only the owner may; the service role is refused in
    one line and nothing is written (a case in clear: ``test_reseal``)."""
    assert run_cli("db", "grant", "--role", service_role, "--database", db_url).returncode == 0
    owner = open_test_store(db_url)
    drive(owner, "C-R", TO_DECISION[:2])
    with write_transaction(owner.engine) as conn:  # the screening form as before sealing
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(
            text(
                "UPDATE events SET payload = jsonb_set(payload::jsonb, '{form,names}',"
                " '[\"Amal\"]')::json WHERE seq = 2"
            )
        )
    links = [(r.seq, r.hash) for r in owner.records("C-R")]
    done = run_cli("privacy", "reseal", "--yes", "--database", _as(db_url, service_role))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "migrationpact: error: resealing rewrites events: run it as the tables' owner "
        "(MIGRATIONPACT_OWNER_DATABASE_URL or --database)"
    ]
    assert [(r.seq, r.hash) for r in owner.records("C-R")] == links
    owner.engine.dispose()
