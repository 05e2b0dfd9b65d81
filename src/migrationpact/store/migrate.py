"""Alembic migrations run from inside the package: ``migrationpact db upgrade``.

The Alembic configuration is built in code (no ``alembic.ini``): the script location is the
``migrations`` folder beside this module and ``env.py`` uses the connection handed to it, so the
same code migrates SQLite and PostgreSQL and tests migrate exactly as production does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from migrationpact.store.database import write_transaction

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"

#: The newest revision in ``migrations/versions`` (a test keeps the two equal). Opening the
#: store compares the database with it without loading Alembic, so commands start fast.
HEAD = "0024"


def alembic_config(connection: Connection | None = None) -> Config:
    """A programmatic Alembic config; ``env.py`` runs on ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision shipped with the package, as Alembic finds it."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None: never migrated)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def stored_revision(connection: Connection) -> str | None:
    """The revision in ``alembic_version`` read with plain SQL (None: no such table or row).

    Runs in a savepoint so that a missing table does not spoil the caller's transaction.
    """
    try:
        with connection.begin_nested():
            found = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    except DBAPIError:
        return None
    return None if found is None else str(found[0])


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Migrate the database to ``revision`` in one transaction; returns (before, after).

    A database already at ``HEAD`` asked for ``head`` is left as it is without loading Alembic
    and its scripts (what every ``serve`` start does, the restart after a crash included)."""
    with write_transaction(engine) as conn:
        if revision == "head" and stored_revision(conn) == HEAD:
            return HEAD, HEAD
    from alembic import command

    with write_transaction(engine) as conn:
        before = current_revision(conn)
        command.upgrade(alembic_config(conn), revision)
        after = current_revision(conn)
    return before, after


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Undo migrations down to ``revision`` (``base``: drop every store table)."""
    from alembic import command

    with write_transaction(engine) as conn:
        command.downgrade(alembic_config(conn), revision)
