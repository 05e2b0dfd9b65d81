"""``chain_reseals``: the record of every case chain that ``privacy reseal`` rewrote.

Events recorded before revision 0022 hold their personal fields in clear. ``privacy reseal``
seals those fields and computes the case's chain again (``store.reseal``); each case it rewrote
gets one row here: when, who, how many events, and the chain's head before and after. An
auditor holding an older head (a backup's, an export's) finds it here beside the head that
replaced it. Append-only, as ``events``, ``access_log`` and ``person_erasures`` are: triggers
refuse UPDATE, DELETE, SQLite's REPLACE and PostgreSQL's TRUNCATE.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrationpact.store.migrations.append_only import guard

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

_TABLE = "chain_reseals"


def upgrade() -> None:
    if _TABLE in sa.inspect(op.get_bind()).get_table_names():
        return  # kept by a downgrade, with its triggers and rows
    op.create_table(
        _TABLE,
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.Integer(), nullable=False),
        sa.Column("old_head", sa.String(64), nullable=False),
        sa.Column("new_head", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_chain_reseals"),
    )
    op.create_index("ix_chain_reseals_case_id", _TABLE, ["case_id"])
    guard(_TABLE)


def downgrade() -> None:
    """The record stays, as the erasures do (revision 0022): the rewritten chains need it."""
