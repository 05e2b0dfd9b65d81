"""Web sessions of people signed in through the OpenID Connect provider.

Adds the nullable column ``web_sessions.identity``: who the identity provider said the person
is (name, organisation, role, sites as JSON), for people who are in no users file. Sessions of
password sign-ins keep it NULL, so existing sessions stay valid. A downgrade drops the column
(and with it the provider's sessions' identities: those sessions then name unknown users and
end).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("web_sessions") as batch:
        batch.add_column(sa.Column("identity", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("web_sessions") as batch:
        batch.drop_column("identity")
