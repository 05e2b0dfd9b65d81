"""Database URLs and engines: SQLite by default, PostgreSQL (psycopg 3) in production.

The URL comes from the caller, else ``MIGRATIONPACT_DATABASE_URL``, else
``sqlite:///./migrationpact.db``; migrations use ``MIGRATIONPACT_OWNER_DATABASE_URL`` when set
(``owner_url``: the tables' owner, while the service runs as a role that may only append).
Plain ``postgresql://`` (and ``postgres://``) URLs are mapped to
the psycopg 3 driver:

>>> normalise_url("postgresql://postgres@127.0.0.1:5432/test")
'postgresql+psycopg://postgres@127.0.0.1:5432/test'
>>> normalise_url("sqlite:///./migrationpact.db")
'sqlite:///./migrationpact.db'

On SQLite the driver's own transaction handling is switched off and the engine issues ``BEGIN``
itself: a writing transaction (``write_transaction``) starts with ``BEGIN IMMEDIATE``, so it
holds the database's write lock from its first statement and two writers never interleave a
read-check-write sequence; readers use a plain deferred ``BEGIN``. File databases run in WAL
mode so readers do not block the writer. On PostgreSQL a writer locks the case's projection row
with ``SELECT … FOR UPDATE`` (see ``eventstore``). JSON columns are written as ``jsontext.dumps``
text and read with ``jsontext.loads`` on both.

A PostgreSQL engine keeps up to ``POOL_SIZE`` connections open between requests. A server
process answers many requests at once (a thread each), and SQLAlchemy closes a connection it
had to open beyond the pool as soon as it is handed back: with the default pool of five, a
loaded server opened and closed a database session for about one transaction in eight, and
every new session costs the database a process, a sign-in and cold catalogue caches, and the
client its prepared statements. The pool holds what a loaded process uses at once, so those
sessions stay open; ``POOL_OVERFLOW`` more may be opened briefly beyond it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from migrationpact.jsontext import dumps, loads

ENV_URL = "MIGRATIONPACT_DATABASE_URL"
#: The URL of the role that owns the tables and runs the migrations (``db upgrade``, ``db
#: grant``), when the service connects as a role that may only append (see ``store.roles``).
ENV_OWNER_URL = "MIGRATIONPACT_OWNER_DATABASE_URL"
DEFAULT_URL = "sqlite:///./migrationpact.db"
_WRITE = "migrationpact_write"
#: Connections a PostgreSQL engine keeps open, and how many more it may open for a moment.
POOL_SIZE, POOL_OVERFLOW = 20, 10


def utc_now() -> datetime:
    """The current time as naive UTC (how ``recorded_at`` and the access log's ``at`` are
    stored)."""
    return datetime.now(UTC).replace(tzinfo=None)


def database_url(url: str | None = None) -> str:
    """The URL to use: the given one, else ``$MIGRATIONPACT_DATABASE_URL``, else the default."""
    return normalise_url(url or os.environ.get(ENV_URL) or DEFAULT_URL)


def owner_url(url: str | None = None) -> str:
    """The URL that migrates: the given one, else ``$MIGRATIONPACT_OWNER_DATABASE_URL``, else
    ``database_url()``."""
    return database_url(url or os.environ.get(ENV_OWNER_URL))


def normalise_url(url: str) -> str:
    """Map ``postgresql://`` and ``postgres://`` to the psycopg 3 driver; others unchanged."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url`` (see ``database_url``), with SQLite set up for safe writers."""
    resolved = database_url(url)
    kwargs.setdefault("json_serializer", dumps)
    kwargs.setdefault("json_deserializer", loads)
    if make_url(resolved).get_backend_name() != "sqlite":
        kwargs.setdefault("pool_size", POOL_SIZE)
        kwargs.setdefault("max_overflow", POOL_OVERFLOW)
        return create_engine(resolved, **kwargs)
    engine = create_engine(resolved, connect_args={"timeout": 30}, **kwargs)
    memory = make_url(resolved).database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the engine issues BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        # Freed cells and pages are zeroed, so that erased personal data (the projections'
        # plain copies, ``store.privacy``) leaves no bytes behind in the file.
        cursor.execute("PRAGMA secure_delete = ON")
        if not memory:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One writing transaction: ``BEGIN IMMEDIATE`` on SQLite; commits, or rolls back on error."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


@contextmanager
def read_transaction(engine: Engine, *, snapshot: bool = False) -> Iterator[Connection]:
    """One reading transaction; ``snapshot``: every statement sees the same moment.

    SQLite's deferred transaction is a snapshot from its first read; on PostgreSQL
    ``snapshot`` asks for REPEATABLE READ (the default READ COMMITTED gives each statement
    its own moment).
    """
    with engine.connect() as conn:
        if snapshot and conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn
