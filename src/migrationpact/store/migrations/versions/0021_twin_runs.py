"""Runs of the chain twin as jobs: one row per run asked for on the web or the API.

Adds ``twin_runs`` (scenario name, title, text and its hash, seed, replications, status,
progress, reason, who asked, when queued, started and finished, the process running it and
its last sign of life, the summary as JSON text, and
the demo's key for its one finished run). A downgrade drops it, and with it the runs.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "twin_runs",
        sa.Column(
            "run_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("scenario", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("scenario_hash", sa.String(64), nullable=False),
        sa.Column("scenario_text", sa.Text(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("replications", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("requested_by", sa.String(128), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("runner", sa.String(128), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("demo_key", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("run_id", name="pk_twin_runs"),
        sa.UniqueConstraint("demo_key", name="uq_twin_runs_demo_key"),
    )
    op.create_index("ix_twin_runs_status", "twin_runs", ["status"])


def downgrade() -> None:
    op.drop_index("ix_twin_runs_status", table_name="twin_runs")
    op.drop_table("twin_runs")
