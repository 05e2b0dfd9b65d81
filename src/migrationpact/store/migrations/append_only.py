"""The append-only guard a migration gives a table of records only ever inserted.

The same as revision 0009 gave ``events`` and ``access_log``: on SQLite, BEFORE UPDATE and
BEFORE DELETE triggers and a BEFORE INSERT trigger refusing an insert under an ``id`` already
there (what ``REPLACE`` would overwrite); on PostgreSQL, a row-level BEFORE UPDATE OR DELETE
trigger and a statement-level BEFORE TRUNCATE trigger, all raising "<table> is append-only".
A table that keeps them has an ``id`` primary key. Used by revisions 0023 (``person_erasures``)
and 0024 (``chain_reseals``); what a revision wrote stays as it was written, so change this
only together with a new revision.
"""

from __future__ import annotations

from alembic import op


def guard(table: str) -> None:
    """Give ``table`` the append-only triggers of its database."""
    refusal = f"{table} is append-only"
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{refusal}'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
        )
        return
    abort = f"SELECT RAISE(ABORT, '{refusal}')"
    op.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN {abort}; END")
    op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN {abort}; END")
    op.execute(
        f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) BEGIN {abort}; END"
    )


def unguard(table: str) -> None:
    """Take ``table``'s append-only triggers away again."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")
        return
    for name in ("no_update", "no_delete", "no_replace"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_{name}")
