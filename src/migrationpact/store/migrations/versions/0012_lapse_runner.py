"""The lapse job's lease: one runner at a time across server processes (SQLite).

Every server process runs a scheduler that records the lapses due; only one may run the job at
a time. On PostgreSQL an advisory lock says who runs it; SQLite has none, so ``lapse_runner``
holds one row per job: who holds it and until when. A runner takes the row only when it is free
or its lease has expired (a crashed runner's lease runs out by itself), and renews it while it
works (``store.lapse_runner``).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lapse_runner",
        sa.Column("job", sa.String(32), nullable=False),
        sa.Column("holder", sa.String(128), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("job", name="pk_lapse_runner"),
    )


def downgrade() -> None:
    op.drop_table("lapse_runner")
