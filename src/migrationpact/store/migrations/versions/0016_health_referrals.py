"""Which people COA referred to its health partner, for the health partner's list of cases.

Adds ``case_people.health_referral`` (``doctor`` or ``psychologist``: where the latest
assessment of special reception needs referred the person, with their consent, RCD Art.
25(2)(c); NULL: not referred) with an index, and fills it from the stored state documents, so
that the health partner sees its referrals at once. The events are not touched: ``store
rebuild`` gives the same column as this conversion. A downgrade drops the column.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from migrationpact.jsontext import loads

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

BATCH = 500
INDEX = "ix_case_people_health_referral"

_states = sa.table("case_states", sa.column("case_id", sa.String), sa.column("state", sa.JSON))
_people = sa.table(
    "case_people", sa.column("case_id", sa.String), sa.column("health_referral", sa.String)
)


def _referral(document: Any) -> str | None:
    if isinstance(document, str):  # a driver that hands JSON back as text
        document = loads(document)
    needs = document.get("reception_needs") or {}
    referral = needs.get("referral")
    return str(referral) if referral is not None else None


def upgrade() -> None:
    with op.batch_alter_table("case_people") as batch:
        batch.add_column(sa.Column("health_referral", sa.String(16), nullable=True))
    op.create_index(INDEX, "case_people", ["health_referral"])
    bind = op.get_bind()
    s, p = _states.c, _people.c
    last = ""
    while True:
        query = (
            sa.select(s.case_id, s.state).where(s.case_id > last).order_by(s.case_id).limit(BATCH)
        )
        rows = [(r.case_id, _referral(r.state)) for r in bind.execute(query)]
        if not rows:
            return
        referred = [{"row_id": case_id, "referral": ref} for case_id, ref in rows if ref]
        if referred:
            bind.execute(
                sa.update(_people)
                .where(p.case_id == sa.bindparam("row_id"))
                .values(health_referral=sa.bindparam("referral")),
                referred,
            )
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index(INDEX, table_name="case_people")
    with op.batch_alter_table("case_people") as batch:
        batch.drop_column("health_referral")
