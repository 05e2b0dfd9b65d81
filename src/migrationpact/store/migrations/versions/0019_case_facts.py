"""Case facts: the facts Eurostat's tables count, one row each (``store.facts``).

Adds ``case_facts`` and fills it from the stored states (the same rows ``CaseFacts`` writes on
an append and ``store rebuild`` writes from the events; a state stored before this revision
reads with the new fields at their defaults: no subsequent application, no annulled decision,
no legal provision). A downgrade drops the table (the events stay).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from migrationpact.jsontext import loads
from migrationpact.store.facts import fact_rows
from migrationpact.store.states import read_states
from migrationpact.store.tables import case_facts

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

BATCH = 500

_states = sa.table("case_states", sa.column("case_id", sa.String), sa.column("state", sa.JSON))


def _document(value: Any) -> Any:
    return loads(value) if isinstance(value, str) else value


def upgrade() -> None:
    op.create_table(
        "case_facts",
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("fact", sa.String(16), nullable=False),
        sa.Column("on_day", sa.Date(), nullable=False),
        sa.Column("until_day", sa.Date(), nullable=True),
        sa.Column("person", sa.String(64), nullable=False),
        sa.Column("citizen", sa.String(8), nullable=False),
        sa.Column("sex", sa.String(3), nullable=False),
        sa.Column("birth", sa.Date(), nullable=True),
        sa.Column("age", sa.String(8), nullable=False),
        sa.Column("uam", sa.Boolean(), nullable=False),
        sa.Column("code", sa.String(16), nullable=True),
        sa.Column("direction", sa.String(3), nullable=True),
        sa.Column("partner", sa.String(8), nullable=True),
        sa.Column("request", sa.String(16), nullable=True),
        sa.Column("leg_prov", sa.String(16), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_states.case_id"],
            name="fk_case_facts_case_id_case_states",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", "n", name="pk_case_facts"),
    )
    op.create_index("ix_case_facts_fact_on_day", "case_facts", ["fact", "on_day"])
    conn = op.get_bind()
    last = ""
    while True:  # page by case id: the states of a large store do not fit in memory at once
        query = (
            sa.select(_states.c.case_id, _states.c.state)
            .where(_states.c.case_id > last)
            .order_by(_states.c.case_id)
            .limit(BATCH)
        )
        batch = {case_id: _document(doc) for case_id, doc in conn.execute(query)}
        if not batch:
            return
        _write(conn, batch)
        last = max(batch)


def _write(conn: sa.Connection, documents: dict[str, Any]) -> None:
    facts = [r for cid, s in read_states(conn, documents).items() for r in fact_rows(cid, s)]
    if facts:
        conn.execute(sa.insert(case_facts), facts)


def downgrade() -> None:
    op.drop_index("ix_case_facts_fact_on_day", table_name="case_facts")
    op.drop_table("case_facts")
