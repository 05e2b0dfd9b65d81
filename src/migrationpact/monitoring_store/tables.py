"""The register's tables, in a database of their own, and the schema version they are at.

The register does not use the case store's migrations: ``ensure_schema`` creates its tables
when they are missing (``metadata.create_all``) and keeps one row in ``monitor_schema`` with the
version of this layout (``SCHEMA_VERSION``); a database at another version is refused, not
changed. A new layout raises the version and brings its own upgrade step here.

- ``monitor_files``: one row per file, what a worklist filters on and nothing personal: the
  reference, the body that keeps it (``body``), its status, the number of its last event and
  the hash of that event.
- ``monitor_events``: the record, append-only (triggers refuse UPDATE and DELETE), one row per
  event, numbered per file, hash-chained per file (``prev_hash`` → ``hash``, from ``GENESIS``).
  The event itself is in ``sealed`` only: encrypted with the record's own data key.
- ``monitor_keys``: each record's data key, wrapped with the key of every body that may read it
  (the keeper; a body the file is shared with).
- ``monitor_shares``: which other body may read which file.
- ``monitor_reads``: the register's own log of reads (who read which file, or a worklist,
  when), append-only too; the bodies' reads never go to the case store's access log.
- ``monitor_attachments`` (version 2): the bytes of a signal's attachments, encrypted with the
  data key of the signal's own record (``monitoring_store.attachments``); append-only.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    select,
    update,
)

from migrationpact.store.tables import NAMING, BigId

SCHEMA_VERSION = 2

metadata = MetaData(naming_convention=NAMING)

monitor_schema = Table(
    "monitor_schema",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
)

monitor_files = Table(
    "monitor_files",
    metadata,
    Column("reference", String(32), primary_key=True),
    Column("body", String(32), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

monitor_events = Table(
    "monitor_events",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("reference", String(32), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("type", String(32), nullable=False),
    Column("body", String(32), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("sealed", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("reference", "seq"),
)

monitor_keys = Table(
    "monitor_keys",
    metadata,
    Column("reference", String(32), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("body", String(32), nullable=False),
    Column("wrapped", Text, nullable=False),
    PrimaryKeyConstraint("reference", "seq", "body"),
)

monitor_shares = Table(
    "monitor_shares",
    metadata,
    Column("reference", String(32), nullable=False),
    Column("body", String(32), nullable=False),
    PrimaryKeyConstraint("reference", "body"),
)

monitor_reads = Table(
    "monitor_reads",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("organisation", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("reference", String(32), nullable=True),
    Column("outcome", String(16), nullable=False),
)

# --- attachments (schema version 2) ---------------------------------------------------------
monitor_attachments = Table(
    "monitor_attachments",
    metadata,
    Column("reference", String(32), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("nonce", LargeBinary, nullable=False),
    Column("sealed", LargeBinary, nullable=False),
    PrimaryKeyConstraint("reference", "seq", "number"),
)
ATTACHMENTS_APPEND_ONLY = ("monitor_attachments",)


def _upgrade_attachments(conn: Connection) -> None:
    """Version 1 to 2: the attachments' table (``create_all`` made it) becomes append-only."""
    _append_only(conn, ATTACHMENTS_APPEND_ONLY)


# --- end of attachments ----------------------------------------------------------------------


class SchemaError(RuntimeError):
    """The register's database is at a layout this code does not know."""


#: Tables that mark a database as the case store's (``store.tables``).
CASE_STORE_TABLES = ("events", "case_states", "access_log")

#: The record and the log of reads: rows are only ever added.
APPEND_ONLY = ("monitor_events", "monitor_reads", *ATTACHMENTS_APPEND_ONLY)


def _append_only(conn: Connection, tables: tuple[str, ...] = APPEND_ONLY) -> None:
    for table in tables:
        refusal = f"{table} is append-only"
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(
                f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN RAISE EXCEPTION '{refusal}'; END $$"
            )
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
            )
            continue
        for verb in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{refusal}'); END"
            )


def ensure_schema(conn: Connection) -> None:
    """Create the tables if the database has none of them; refuse another layout's version,
    and the case store's database (the register must be where the case system is not)."""
    if any(conn.dialect.has_table(conn, name) for name in CASE_STORE_TABLES):
        raise SchemaError(
            "this database holds the case store; the monitoring register needs a database "
            "(or schema) of its own: set MIGRATIONPACT_MONITOR_DATABASE_URL"
        )
    fresh = not conn.dialect.has_table(conn, "monitor_schema")
    metadata.create_all(conn, checkfirst=True)
    if fresh:
        _append_only(conn)
        conn.execute(insert(monitor_schema).values(version=SCHEMA_VERSION))
        return
    versions = list(conn.execute(select(monitor_schema.c.version)).scalars())
    for version, step in UPGRADES.items():
        if versions == [version]:
            step(conn)
            conn.execute(update(monitor_schema).values(version=version + 1))
            versions = [version + 1]
    if versions != [SCHEMA_VERSION]:
        raise SchemaError(
            f"the register's database is at schema version {versions or 'none'}; "
            f"this code knows version {SCHEMA_VERSION}"
        )


#: The step from each older layout to the next, in order (``ensure_schema`` runs those due).
UPGRADES = {1: _upgrade_attachments}
