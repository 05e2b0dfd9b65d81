"""The sign-in lockout's failed attempts, in a table every server process shares.

Until now each server process counted failed passwords in its own memory, so with N processes
an attacker had N times the allowed attempts, and a restart forgot them. ``sign_in_failures``
holds one row per failed attempt: the SHA-256 of the username (with a fixed prefix), never the
username itself, and when it happened.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "sign_in_failures",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("subject_hash", sa.String(64), nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sign_in_failures"),
    )
    op.create_index(
        "ix_sign_in_failures_subject_hash_failed_at",
        "sign_in_failures",
        ["subject_hash", "failed_at"],
    )
    op.create_index("ix_sign_in_failures_failed_at", "sign_in_failures", ["failed_at"])


def downgrade() -> None:
    op.drop_table("sign_in_failures")
