"""Alembic environment: runs migrations on the connection ``migrate.alembic_config`` passes in.

Imported outside an Alembic run (pytest's doctest collection, for one) it does nothing.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection

from migrationpact.store.tables import metadata


def run_migrations(config: Any) -> None:
    connection = config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("run migrations through migrationpact.store.migrate, with a connection")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_config = getattr(context, "config", None)
if _config is not None:
    run_migrations(_config)
