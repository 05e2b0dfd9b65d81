"""Reception residents: one row per case that has a place, from the sites' streams.

Adds ``reception_residents`` (case, site, unit, household, since). No site stream recorded a
placement before this revision, so the table starts empty and no state document changes (a
site's document without ``residents`` reads as having none); ``store rebuild`` fills it from
the events like every projection. A downgrade drops it (the events stay).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reception_residents",
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("site_id", sa.String(64), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("household", sa.String(128), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name="pk_reception_residents"),
    )
    op.create_index("ix_reception_residents_site_id", "reception_residents", ["site_id"])


def downgrade() -> None:
    op.drop_index("ix_reception_residents_site_id", table_name="reception_residents")
    op.drop_table("reception_residents")
