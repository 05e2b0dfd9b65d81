"""Compress the large JSON values of the projections with LZ4 on PostgreSQL.

A case's state JSON is tens of kilobytes; PostgreSQL's default compression (pglz) of those
values was the largest single database cost of a rebuild and weighs on every append. LZ4
compresses about as well at a fraction of the CPU. Values and their text stay the same; only
how they are kept on disk changes. Servers without LZ4 (before PostgreSQL 14, or built
without it) and SQLite are left as they are.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = (("case_states", "state"), ("deadlines", "legal_basis"), ("deadlines", "derivation"))


def _lz4_available() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    found = bind.exec_driver_sql(
        "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
        "AND 'lz4' = ANY(enumvals)"
    ).first()
    return found is not None


def _set(method: str) -> None:
    if not _lz4_available():
        return
    for table, column in COLUMNS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method}")


def upgrade() -> None:
    _set("lz4")


def downgrade() -> None:
    _set("default")
