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

from migrationpact.store.migrations.append_only import guard, unguard

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    guard("person_erasures")


def downgrade() -> None:
    unguard("person_erasures")
