"""A fresh, migrated database per test, on SQLite and on PostgreSQL.

``db_url`` is parametrised: ``sqlite`` is a file in the test's temporary directory; ``postgres``
is a database of its own (dropped afterwards) on the test server, so tests never see each
other's rows and parallel runs do not collide. The PostgreSQL variant is marked ``postgres``:
skipped locally without a server, required under ``CI=true``. An empty database (``empty_url``,
for tests of the migrations themselves) is a schema of its own, reached through
``search_path``.

Each test process migrates once per backend and copies the result for every test (a file copy
on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL): running the migrations cost about
0.13 s (SQLite) and 0.25 s (PostgreSQL) a test, half of the suite's set-up time. The copy is the
migrated database itself, byte for byte, so no test sees a difference; the migrations' own tests
start from ``empty_url`` and run them. A PostgreSQL copy is emptied and used again when its test
is done (``tests.support.pg_copies``): making a new one waits for the server's disk.
"""

from __future__ import annotations

import itertools
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from migrationpact.store.database import normalise_url
from migrationpact.store.eventstore import EventStore
from migrationpact.store.service import open_store, upgrade_database
from tests.support.cli import Done, RunCli, run_here
from tests.support.pg_copies import Copies, database_url

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]
#: For a test of one database's own behaviour: ``@pytest.mark.parametrize("backend",
#: ONLY_POSTGRES, indirect=True)`` runs it there alone (not once per backend with a skip).
ONLY_SQLITE = BACKENDS[:1]
ONLY_POSTGRES = BACKENDS[1:]


def postgres_schema_url(base: str, schema: str) -> str:
    url = make_url(normalise_url(base))
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgres`` (the latter marked ``postgres``)."""
    name: str = request.param
    if name == "postgres":
        request.getfixturevalue("postgres_url")  # skip locally / fail under CI without a server
    return name


@pytest.fixture
def make_empty(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], str]]:
    """A factory of empty (unmigrated) databases of the test's backend; dropped afterwards."""
    schemas: list[str] = []
    base = request.getfixturevalue("postgres_url") if backend == "postgres" else ""

    def make() -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / name}.db"
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        schemas.append(name)
        return postgres_schema_url(base, name)

    yield make
    if schemas:
        with psycopg.connect(base, autocommit=True) as conn:
            for name in schemas:
                conn.execute(f'DROP SCHEMA "{name}" CASCADE')


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, made once per test process, for ``make_db`` to copy."""
    path = tmp_path_factory.mktemp("migrated") / "migrated.db"
    upgrade_database(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:  # everything into the file itself, so a copy is whole
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="session")
def migrated_postgres(postgres_url: str) -> Iterator[Copies]:
    """A migrated PostgreSQL database, made once per test process, for ``make_db`` to copy."""
    name = f"tmpl_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        upgrade_database(database_url(postgres_url, name))  # disposes of its engine
        copies = Copies(postgres_url, name)
        yield copies
        copies.close()
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def make_db(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], str]]:
    """A factory of freshly migrated databases of the test's backend; dropped afterwards."""
    databases: list[tuple[Copies, str]] = []
    base = request.getfixturevalue("postgres_url") if backend == "postgres" else ""

    def make() -> str:
        if backend == "sqlite":
            target = tmp_path / f"t_{uuid.uuid4().hex[:12]}.db"
            shutil.copyfile(request.getfixturevalue("migrated_sqlite"), target)
            return f"sqlite:///{target}"
        copies: Copies = request.getfixturevalue("migrated_postgres")
        databases.append((copies, copies.take()))
        return database_url(base, databases[-1][1])

    yield make
    for copies, name in databases:
        copies.give_back(name)


@pytest.fixture
def empty_url(make_empty: Callable[[], str]) -> str:
    """The URL of an empty database (not migrated)."""
    return make_empty()


@pytest.fixture
def db_url(make_db: Callable[[], str]) -> str:
    """The URL of a freshly migrated database."""
    return make_db()


class StepClock:
    """A deterministic UTC clock: one second later at every call (thread-safe).

    It starts after every moment the tests date an event at, since nobody may record an event
    dated in the future of the server's clock (``services.recording``).
    """

    def __init__(self, start: datetime = datetime(2028, 1, 3, 8, 0)) -> None:
        self._ticks = itertools.count()
        self._lock = threading.Lock()
        self.start = start

    def __call__(self) -> datetime:
        with self._lock:
            return self.start + timedelta(seconds=next(self._ticks), microseconds=123)


def open_test_store(url: str) -> EventStore:
    """The store at ``url`` with a deterministic clock."""
    opened = open_store(url)
    opened.clock = StepClock()
    return opened


@pytest.fixture
def store(db_url: str) -> Iterator[EventStore]:
    opened = open_test_store(db_url)
    yield opened
    opened.engine.dispose()


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Run ``migrationpact`` in this process (see ``tests.support.cli``)."""

    def run(*args: str, env: Mapping[str, str] | None = None) -> Done:
        return run_here(monkeypatch, capsys, args, env)

    return run
