"""``migrationpact db``: create or migrate the database (Alembic), grant the service's role, and
show the status.

``upgrade`` and ``grant`` run as the tables' owner: ``--database``, else
``$MIGRATIONPACT_OWNER_DATABASE_URL``, else ``$MIGRATIONPACT_DATABASE_URL`` (see docs/store.md,
"Database roles").
"""

from __future__ import annotations

from typing import Annotated

import typer

from migrationpact.cli.output import emit
from migrationpact.cli.store_common import DatabaseOption, JsonOption, store_at, store_errors

app = typer.Typer(
    name="db", help="Create or migrate the database; show its status.", no_args_is_help=True
)


OwnerOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="The owner's database URL (default: $MIGRATIONPACT_OWNER_DATABASE_URL, else "
        "$MIGRATIONPACT_DATABASE_URL, else sqlite:///./migrationpact.db).",
        show_default=False,
    ),
]


@app.command("upgrade")
def upgrade(database: OwnerOption = None, as_json: JsonOption = False) -> None:
    """Create the tables or migrate them to the newest revision (safe to run again)."""
    from migrationpact.store import service
    from migrationpact.store.database import owner_url

    with store_errors():
        before, after = service.upgrade_database(database)
    where = service.shown_url(owner_url(database))
    text = (
        f"Database {where} is already at revision {after}."
        if before == after
        else f"Database {where} migrated from revision {before or 'none'} to {after}."
    )
    emit({"database": where, "from": before, "to": after}, text, as_json=as_json)


@app.command("grant")
def grant(
    role: Annotated[str, typer.Option("--role", help="The service's PostgreSQL role.")],
    database: OwnerOption = None,
    as_json: JsonOption = False,
) -> None:
    """PostgreSQL: create the service's role if needed and grant it only what the service needs
    (SELECT and INSERT on events and access_log; run again after an upgrade)."""
    from migrationpact.store import service
    from migrationpact.store.database import owner_url

    with store_errors():
        statements = service.grant_service_role(database, role=role)
    where = service.shown_url(owner_url(database))
    text = f"Role {role} may append to and read database {where}, and change no record."
    emit({"database": where, "role": role, "statements": statements}, text, as_json=as_json)


@app.command("status")
def status(database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """The schema revision and how many events, cases and deadlines the store holds."""
    from migrationpact.store import service
    from migrationpact.store.database import read_transaction
    from migrationpact.store.migrate import HEAD

    store = store_at(database)
    with read_transaction(store.engine) as conn:
        counts = service.count_rows(conn)
    where = service.shown_url(database)
    lines = [f"Database {where} at revision {HEAD}"]
    lines += [f"  {name}: {n}" for name, n in counts.items()]
    emit(
        {"database": where, "revision": HEAD, "rows": counts},
        "\n".join(lines),
        as_json=as_json,
    )
