"""Append-only for real: ``events`` and ``access_log`` refuse every rewrite, and the access log
is hash-chained.

Revision 0003 refused UPDATE and DELETE on ``access_log`` only, and not the two statements that
empty or overwrite rows without firing a row trigger: SQLite's ``REPLACE`` (``INSERT OR REPLACE``
deletes the conflicting row without firing DELETE triggers unless ``recursive_triggers`` is on)
and PostgreSQL's ``TRUNCATE`` (only statement-level triggers fire). ``events`` had no triggers.
This revision gives both tables the same guard:

- SQLite: BEFORE UPDATE and BEFORE DELETE triggers, and a BEFORE INSERT trigger that refuses an
  insert whose row already exists under any unique key of the table (what ``REPLACE`` would
  overwrite); an ordinary insert that collides still fails, as an integrity error.
- PostgreSQL: a row-level BEFORE UPDATE OR DELETE trigger and a statement-level BEFORE TRUNCATE
  trigger, both calling a function that raises "<table> is append-only".

The triggers do not stop the tables' owner, who may drop or disable them: the service runs as a
role that owns nothing and may only INSERT and SELECT on both (``migrationpact db grant``), and
the owner role runs the migrations (see docs/store.md, "Database roles"). A later migration that
rebuilds either table on SQLite (``batch_alter_table``) must create the triggers again.

``access_log`` gains ``prev_hash`` and ``hash``: every row's hash is ``sha256(prev_hash +
canonical JSON of its fields)`` chained in insertion (id) order from the genesis value, like the
events (``store.accesslog``). The rows already there are chained here, in id order.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrationpact.store.hashing import GENESIS, access_fields, chain_hash

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

#: The unique keys of each table: what a SQLite ``REPLACE`` would overwrite.
_UNIQUE: dict[str, list[tuple[str, ...]]] = {
    "events": [("id",), ("stream_type", "case_id", "seq"), ("actor", "idempotency_key")],
    "access_log": [("id",)],
}


def _sqlite_triggers(table: str) -> list[str]:
    refusal = f"SELECT RAISE(ABORT, '{table} is append-only')"
    exists = " OR ".join(
        f"EXISTS (SELECT 1 FROM {table} WHERE " + " AND ".join(f"{c} = NEW.{c}" for c in key) + ")"
        for key in _UNIQUE[table]
    )
    return [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN {refusal}; END",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN {refusal}; END",
        f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} WHEN {exists} "
        f"BEGIN {refusal}; END",
    ]


def _postgres_triggers(table: str) -> list[str]:
    function = f"{table}_append_only"
    return [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{table} is append-only'; END $$",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]


def _drop_triggers(table: str, *, postgres: bool) -> None:
    if postgres:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        return
    for name in ("no_update", "no_delete", "no_replace"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_{name}")


def _create_triggers(table: str, *, postgres: bool) -> None:
    for statement in _postgres_triggers(table) if postgres else _sqlite_triggers(table):
        op.execute(statement)


def _chain_existing_rows() -> None:
    """Give every access-log row already stored its link, in id order."""
    conn = op.get_bind()
    log = sa.table(
        "access_log",
        *(sa.column(name) for name in ("id", "prev_hash", "hash")),
        *(sa.column(name) for name in _FIELDS if name != "at"),
        sa.column("at", sa.DateTime()),
        sa.column("fields", sa.JSON()),
    )
    prev = GENESIS
    rows = conn.execute(sa.select(log).order_by(log.c.id)).mappings().all()
    for row in rows:
        link = chain_hash(prev, access_fields(**{k: row[k] for k in (*_FIELDS, "fields")}))
        conn.execute(sa.update(log).where(log.c.id == row["id"]).values(prev_hash=prev, hash=link))
        prev = link


_FIELDS = (
    "at",
    "actor",
    "organisation",
    "role",
    "action",
    "resource",
    "case_id",
    "purpose",
    "outcome",
    "channel",
    "request_id",
)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _drop_triggers("access_log", postgres=postgres)  # revision 0003's, made again below
    op.add_column("access_log", sa.Column("prev_hash", sa.String(64), nullable=True))
    op.add_column("access_log", sa.Column("hash", sa.String(64), nullable=True))
    _chain_existing_rows()
    with op.batch_alter_table("access_log") as batch:
        batch.alter_column("prev_hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("hash", existing_type=sa.String(64), nullable=False)
    _create_triggers("access_log", postgres=postgres)
    _create_triggers("events", postgres=postgres)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _drop_triggers("events", postgres=postgres)
    _drop_triggers("access_log", postgres=postgres)
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS events_append_only()")
    with op.batch_alter_table("access_log") as batch:
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
    # Revision 0003's triggers: UPDATE and DELETE refused (its function stays on PostgreSQL).
    if postgres:
        op.execute(
            "CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log "
            "FOR EACH ROW EXECUTE FUNCTION access_log_append_only()"
        )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER access_log_no_{verb.lower()} BEFORE {verb} ON access_log "
            "BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END"
        )
