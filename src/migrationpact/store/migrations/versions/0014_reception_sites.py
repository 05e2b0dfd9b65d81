"""Reception sites and their units: the projections of the ``reception-site`` streams.

Adds ``reception_sites`` (one row per site) and ``reception_units`` (one row per unit). A store
written before has no site events, so the tables start empty; ``store rebuild`` fills them from
the events like every projection. A downgrade drops them (the events stay).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reception_sites",
        sa.Column("site_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("municipality", sa.String(6), nullable=False),
        sa.Column("location_type", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("consent_status", sa.String(16), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("occupied", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("site_id", name="pk_reception_sites"),
    )
    op.create_index("ix_reception_sites_location_type", "reception_sites", ["location_type"])
    op.create_index("ix_reception_sites_municipality", "reception_sites", ["municipality"])
    op.create_table(
        "reception_units",
        sa.Column("site_id", sa.String(64), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("occupied", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("families", sa.Boolean(), nullable=False),
        sa.Column("single_adults", sa.Boolean(), nullable=False),
        sa.Column("women_only", sa.Boolean(), nullable=False),
        sa.Column("uam", sa.Boolean(), nullable=False),
        sa.Column("age_min", sa.Integer(), nullable=True),
        sa.Column("age_max", sa.Integer(), nullable=True),
        sa.Column("accessible", sa.Boolean(), nullable=False),
        sa.Column("medical", sa.Boolean(), nullable=False),
        sa.Column("lgbti", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("site_id", "unit_id", name="pk_reception_units"),
    )


def downgrade() -> None:
    op.drop_table("reception_units")
    op.drop_index("ix_reception_sites_municipality", table_name="reception_sites")
    op.drop_index("ix_reception_sites_location_type", table_name="reception_sites")
    op.drop_table("reception_sites")
