"""Personal data sealed per case: the data keys and the record of erasures.

Adds ``person_keys`` (one data key per case, wrapped by the key-encryption key; emptied when the
person is erased, with who did it and the surrogate date of birth) and ``person_erasures`` (one
row per erasure, only ever inserted; no personal data). Events written before this revision keep
their personal fields in clear: their hashes are not rewritten here (docs/operations.md,
"Retention and erasure", says how such a store is treated).

A downgrade keeps both tables: dropping ``person_keys`` would make every sealed field
unreadable for ever (the events stay sealed), and the erasures are a record. The older code
does not read them; an upgrade finds them in place and keeps them.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "person_keys" in sa.inspect(op.get_bind()).get_table_names():
        return  # kept by a downgrade, with the keys of the events sealed before it
    op.create_table(
        "person_keys",
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("wrapped", sa.Text(), nullable=True),
        sa.Column("kek_id", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=True),
        sa.Column("erased_by", sa.String(128), nullable=True),
        sa.Column("surrogate_birth", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("case_id", name="pk_person_keys"),
    )
    op.create_table(
        "person_erasures",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("pseudonym", sa.String(200), nullable=True),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("organisation", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rule_id", sa.String(64), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_person_erasures"),
    )
    op.create_index("ix_person_erasures_case_id", "person_erasures", ["case_id"])


def downgrade() -> None:
    """Nothing to undo that could be undone safely: the keys and the erasures stay."""
