"""``person_erasures`` is append-only, as ``events`` and ``access_log`` are (revision 0009).

The record of every erasure is the proof that personal data was erased when its retention
period ended (GDPR Art. 5(2), accountability): once written, nobody may change or remove a row.
The same guard as revision 0009's:

- SQLite: BEFORE UPDATE and BEFORE DELETE triggers, and a BEFORE INSERT trigger refusing an
  insert under an id already there (what ``REPLACE`` would overwrite);
- PostgreSQL: a row-level BEFORE UPDATE OR DELETE trigger and a statement-level BEFORE TRUNCATE
  trigger, both raising "person_erasures is append-only".

The service role may only INSERT and SELECT on the table (``store.roles.APPEND_ONLY``).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

_TABLE = "person_erasures"
_REFUSAL = f"{_TABLE} is append-only"


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if _postgres():
        op.execute(
            f"CREATE OR REPLACE FUNCTION {_TABLE}_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{_REFUSAL}'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {_TABLE}_append_only BEFORE UPDATE OR DELETE ON {_TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {_TABLE}_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {_TABLE}_no_truncate BEFORE TRUNCATE ON {_TABLE} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_TABLE}_append_only()"
        )
        return
    refusal = f"SELECT RAISE(ABORT, '{_REFUSAL}')"
    op.execute(f"CREATE TRIGGER {_TABLE}_no_update BEFORE UPDATE ON {_TABLE} BEGIN {refusal}; END")
    op.execute(f"CREATE TRIGGER {_TABLE}_no_delete BEFORE DELETE ON {_TABLE} BEGIN {refusal}; END")
    op.execute(
        f"CREATE TRIGGER {_TABLE}_no_replace BEFORE INSERT ON {_TABLE} "
        f"WHEN EXISTS (SELECT 1 FROM {_TABLE} WHERE id = NEW.id) BEGIN {refusal}; END"
    )


def downgrade() -> None:
    if _postgres():
        op.execute(f"DROP TRIGGER IF EXISTS {_TABLE}_no_truncate ON {_TABLE}")
        op.execute(f"DROP TRIGGER IF EXISTS {_TABLE}_append_only ON {_TABLE}")
        op.execute(f"DROP FUNCTION IF EXISTS {_TABLE}_append_only()")
        return
    for name in ("no_update", "no_delete", "no_replace"):
        op.execute(f"DROP TRIGGER IF EXISTS {_TABLE}_{name}")
