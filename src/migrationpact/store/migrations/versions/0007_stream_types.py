"""Streams of more than one kind: ``events.stream_type`` and the ``stream_states`` table.

Until now every event belonged to a case. Reception sites and monitoring files are streams of
their own kinds, with their own sequence, hash chain, concurrency and idempotency (``streams``),
stored in the same ``events`` table: ``stream_type`` names the kind (every existing event is a
``case`` event), and a stream's seq is unique within its kind and id. ``stream_states`` keeps
the state of every stream that is not a case (cases keep ``case_states``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(
            sa.Column("stream_type", sa.String(32), nullable=False, server_default="case")
        )
        batch.drop_constraint("uq_events_case_id_seq", type_="unique")
        batch.create_unique_constraint(
            "uq_events_stream_type_case_id_seq", ["stream_type", "case_id", "seq"]
        )
    op.create_table(
        "stream_states",
        sa.Column("stream_type", sa.String(32), nullable=False),
        sa.Column("stream_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("stream_type", "stream_id", name="pk_stream_states"),
    )


def downgrade() -> None:
    op.drop_table("stream_states")
    op.execute("DELETE FROM events WHERE stream_type <> 'case'")
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint("uq_events_stream_type_case_id_seq", type_="unique")
        batch.create_unique_constraint("uq_events_case_id_seq", ["case_id", "seq"])
        batch.drop_column("stream_type")
