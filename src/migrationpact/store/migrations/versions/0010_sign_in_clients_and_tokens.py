"""The sign-in lock per username and client, and the development issuer's revocable tokens.

Until now five wrong passwords locked a username for everyone, so a stranger could keep a named
caseworker out. ``sign_in_failures`` gains ``client_hash`` (the SHA-256 of the client's address):
the hard lock is now per username and client, while the username's count over every client only
slows sign-in down. ``issued_tokens`` lists the tokens the built-in issuer handed out (by
``jti``), so that signing out revokes them before they expire.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sign_in_failures") as batch:
        batch.add_column(sa.Column("client_hash", sa.String(64), nullable=True))
    op.create_table(
        "issued_tokens",
        sa.Column("jti", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(128), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("jti", name="pk_issued_tokens"),
    )
    op.create_index("ix_issued_tokens_subject", "issued_tokens", ["subject"])
    op.create_index("ix_issued_tokens_expires_at", "issued_tokens", ["expires_at"])


def downgrade() -> None:
    op.drop_table("issued_tokens")
    with op.batch_alter_table("sign_in_failures") as batch:
        batch.drop_column("client_hash")
