"""Database roles on PostgreSQL: an owner that migrates, a service role that may only append.

The append-only triggers (revision 0009) bind every role but the tables' owner (who may drop or
disable them) and a superuser (``session_replication_role``). So the tables are owned by one
role, which runs ``migrationpact db upgrade`` (``MIGRATIONPACT_OWNER_DATABASE_URL``), and the
service connects as another (``MIGRATIONPACT_DATABASE_URL``) that owns nothing and holds only:

- ``SELECT, INSERT`` on the append-only tables (``APPEND_ONLY``: ``events``, ``access_log``,
  ``person_erasures``, ``chain_reseals``): no UPDATE, DELETE or TRUNCATE, and, not being their
  owner, no ALTER or DROP of their triggers;
- ``SELECT, INSERT, UPDATE, DELETE`` on every other table of the store (the projections, which
  ``store rebuild`` empties and fills again, the sessions, assignments, sign-in failures);
- ``SELECT`` on ``alembic_version`` (the revision check at start-up), ``USAGE`` on the schema
  and on its sequences (the ids of new rows).

``grant_service_role`` makes that role (``CREATE ROLE … LOGIN`` when it does not exist; its
password is set by the database administrator) and grants exactly this, after revoking whatever
it held; run it as the owner after every ``db upgrade`` that adds a table. It refuses a
superuser, the owner itself, and SQLite (which has no roles: protect the file instead).

>>> check_role_name("migrationpact_service")
'migrationpact_service'
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from migrationpact.store.errors import StoreError
from migrationpact.store.tables import metadata

#: The tables the service may only read and append to.
APPEND_ONLY = ("events", "access_log", "person_erasures", "chain_reseals")
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def check_role_name(name: str) -> str:
    """``name`` if it is a plain lower-case PostgreSQL identifier, else ``StoreError``."""
    if not _NAME.match(name):
        raise StoreError(
            f"role name {name!r}: use lower-case letters, digits and underscores (at most 63)"
        )
    return name


def grant_service_role(conn: Connection, role: str) -> list[str]:
    """Create ``role`` if needed and grant it exactly the service's rights on the current
    schema; returns the statements run (for the report)."""
    if conn.dialect.name != "postgresql":
        raise StoreError("database roles are PostgreSQL's: SQLite has none to grant")
    check_role_name(role)
    found = conn.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = :r"), {"r": role}
    ).first()
    if found is not None and found[0]:
        raise StoreError(f"role {role} is a superuser: the append-only triggers do not bind it")
    schema = str(conn.execute(text("SELECT current_schema()")).scalar_one())
    owner = conn.execute(
        text("SELECT tableowner FROM pg_tables WHERE schemaname = :s AND tablename = 'events'"),
        {"s": schema},
    ).scalar_one_or_none()
    if owner is None:
        raise StoreError(f"schema {schema} has no store tables: run `migrationpact db upgrade`")
    member = (
        found is not None
        and conn.execute(
            text("SELECT pg_has_role(:r, :o, 'MEMBER')"), {"r": role, "o": owner}
        ).scalar_one()
    )
    if role == owner or member:
        raise StoreError(f"role {role} owns the tables (or is in {owner}): grant another role")
    existing = set(
        conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}
        ).scalars()
    )
    statements = [] if found is not None else [f'CREATE ROLE "{role}" LOGIN']
    statements.append(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
    for table in sorted(existing & (set(metadata.tables) | {"alembic_version"})):
        statements.append(f'REVOKE ALL ON "{schema}"."{table}" FROM "{role}"')
        if table == "alembic_version":
            rights = "SELECT"
        elif table in APPEND_ONLY:
            rights = "SELECT, INSERT"
        else:
            rights = "SELECT, INSERT, UPDATE, DELETE"
        statements.append(f'GRANT {rights} ON "{schema}"."{table}" TO "{role}"')
    statements.append(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"')
    for statement in statements:
        conn.execute(text(statement))
    return statements
