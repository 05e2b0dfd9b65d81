"""Worklist index in the worklist's sort order.

The first page of an organisation's worklist sorts open deadlines by (due_end, case_id, key).
An index on (organisation, status, due_on) made PostgreSQL sort every row of the window; an
index in the sort order lets it read the first page and stop (about 35 ms → under 1 ms on
100,000 cases in the store benchmark).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_deadlines_organisation_status_due_end_case_id_key",
        "deadlines",
        ["organisation", "status", "due_end", "case_id", "key"],
    )
    op.drop_index("ix_deadlines_organisation_status_due_on", table_name="deadlines")


def downgrade() -> None:
    op.create_index(
        "ix_deadlines_organisation_status_due_on", "deadlines", ["organisation", "status", "due_on"]
    )
    op.drop_index("ix_deadlines_organisation_status_due_end_case_id_key", table_name="deadlines")
