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
- ``web_sessions`` and ``sign_in_failures`` (version 2): the sessions and failed sign-ins of the
  register's own users (``migrationpact monitor serve``), laid out as the case store's tables of
  the same names so that ``auth.sessions`` and ``auth.stored_failures`` work on either database.
- ``monitor_feeds`` (version 3): each imported feed of pseudonymised case events, verified on
  receipt and kept read-only (append-only): when, by whom, the feed's time, record count, key
  fingerprint and the end of its hash chain in clear; its records sealed, with the data key
  wrapped for each body (``wraps``). ``monitor_reidentifications``: requests for the identity
  behind a pseudonym and their answers, sealed for the requesting body, hash-chained in one
  chain, append-only (``monitoring_store.feed``).
- ``monitor_attachments`` (version 4): the bytes of a signal's attachments, encrypted with the
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

from migrationpact.store import tables as case_tables
from migrationpact.store.tables import NAMING, BigId

SCHEMA_VERSION = 4

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

# --- mserve: the register's own sign-in (schema version 2) ---------------------------------
# The register's users sign in to the register's own app, never to the case system; their
# sessions and failed attempts are kept here, in tables of the case store's layout (copied, so
# the same code reads them), and nothing of the case store is opened for it.
register_sessions = case_tables.web_sessions.to_metadata(metadata)
register_sign_in_failures = case_tables.sign_in_failures.to_metadata(metadata)


def _upgrade_1_to_2(conn: Connection) -> None:
    """Version 2 adds the sign-in tables, which ``create_all`` has just made."""
    conn.execute(update(monitor_schema).values(version=2))


# --- end mserve ----------------------------------------------------------------------------
# --- indic: the feed of case events and re-identification (schema version 3) ---
monitor_feeds = Table(
    "monitor_feeds",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("imported_at", DateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("organisation", String(64), nullable=False),
    Column("made_at", DateTime, nullable=False),
    Column("records", Integer, nullable=False),
    Column("key_id", String(64), nullable=False),
    Column("head_hash", String(64), nullable=False, unique=True),
    Column("sealed", Text, nullable=False),
    Column("wraps", Text, nullable=False),
)

monitor_reidentifications = Table(
    "monitor_reidentifications",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("request", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("body", String(32), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("sealed", Text, nullable=False),
    Column("wrapped", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("request", "kind"),
)
#: The tables version 3 added, append-only as well.
FEED_TABLES = ("monitor_feeds", "monitor_reidentifications")


def _upgrade_2_to_3(conn: Connection) -> None:
    """Version 3 adds the feed's tables (just made by ``create_all``), append-only too."""
    _append_only(conn, FEED_TABLES)
    conn.execute(update(monitor_schema).values(version=3))


# --- end indic ---

# --- attachments (schema version 4) ---------------------------------------------------------
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


def _upgrade_3_to_4(conn: Connection) -> None:
    """Version 4 adds the attachments' table (``create_all`` made it), append-only too."""
    _append_only(conn, ATTACHMENTS_APPEND_ONLY)
    conn.execute(update(monitor_schema).values(version=4))


# --- end of attachments ----------------------------------------------------------------------


class SchemaError(RuntimeError):
    """The register's database is at a layout this code does not know."""


#: Tables that mark a database as the case store's (``store.tables``).
CASE_STORE_TABLES = ("events", "case_states", "access_log")

#: The record and the log of reads: rows are only ever added.
APPEND_ONLY = ("monitor_events", "monitor_reads", *FEED_TABLES, *ATTACHMENTS_APPEND_ONLY)


def _append_only(conn: Connection, tables: tuple[str, ...] = APPEND_ONLY) -> None:
    """Refuse UPDATE and DELETE on ``tables``. Idempotent, so that an upgrade step may run on a
    database that already has a later step's table (each step makes only its own tables
    append-only, but ``create_all`` before it may have made more)."""
    for table in tables:
        refusal = f"{table} is append-only"
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(
                f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger "
                f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{refusal}'; END $$"
            )
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
            )
            continue
        for verb in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
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
    while len(versions) == 1 and versions[0] in UPGRADES and versions[0] < SCHEMA_VERSION:
        UPGRADES[versions[0]](conn)
        versions = list(conn.execute(select(monitor_schema.c.version)).scalars())
    if versions != [SCHEMA_VERSION]:
        raise SchemaError(
            f"the register's database is at schema version {versions or 'none'}; "
            f"this code knows version {SCHEMA_VERSION}"
        )


#: Each step upgrades a database from the version it is keyed by to the next (``ensure_schema``
#: runs those due, in order).
UPGRADES = {1: _upgrade_1_to_2, 2: _upgrade_2_to_3, 3: _upgrade_3_to_4}
