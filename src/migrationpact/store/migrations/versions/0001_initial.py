"""Initial schema: the append-only events and the case-state and deadline projections.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("organisation", sa.String(64), nullable=False),
        sa.Column("rule_set_version", sa.String(80), nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.UniqueConstraint("case_id", "seq", name="uq_events_case_id_seq"),
        sa.UniqueConstraint("idempotency_key", name="uq_events_idempotency_key"),
    )
    op.create_index("ix_events_hash", "events", ["hash"])
    op.create_index("ix_events_type_occurred_at", "events", ["type", "occurred_at"])

    op.create_table(
        "case_states",
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(64), nullable=False),
        sa.Column("procedure", sa.String(64), nullable=False),
        sa.Column("examination", sa.String(64), nullable=False),
        sa.Column("responsibility_regime", sa.String(64), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name="pk_case_states"),
    )
    op.create_index("ix_case_states_stage", "case_states", ["stage"])

    op.create_table(
        "deadlines",
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("rule_id", sa.String(32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("organisation", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("due_end", sa.DateTime(), nullable=False),
        sa.Column("alert_on", sa.Date(), nullable=False),
        sa.Column("alert_at", sa.DateTime(), nullable=True),
        sa.Column("maximum", sa.Boolean(), nullable=False),
        sa.Column("law_date", sa.Date(), nullable=False),
        sa.Column("rule_set_version", sa.String(80), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("legal_basis", sa.JSON(), nullable=False),
        sa.Column("derivation", sa.JSON(), nullable=False),
        sa.Column("consequence", sa.Text(), nullable=True),
        sa.Column("opened_by_seq", sa.Integer(), nullable=False),
        sa.Column("closed_by_seq", sa.Integer(), nullable=True),
        sa.Column("closed_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_states.case_id"],
            name="fk_deadlines_case_id_case_states",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", "key", name="pk_deadlines"),
    )
    op.create_index(
        "ix_deadlines_organisation_status_due_on", "deadlines", ["organisation", "status", "due_on"]
    )


def downgrade() -> None:
    op.drop_table("deadlines")
    op.drop_table("case_states")
    op.drop_table("events")
