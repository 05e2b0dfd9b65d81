"""The person of every case, for finding cases by V-number, pseudonym or name.

Adds ``case_people`` (one row per case: the pseudonym, V-number and names of its person, and
the names in the form a search compares, ``store.people.search_text``) and fills it from the
stored state documents, so that an existing store can be searched at once. The events are not
touched: ``store rebuild`` gives the same rows as this conversion. A downgrade drops the table.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from migrationpact.jsontext import loads
from migrationpact.store.people import search_text

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BATCH = 500

_states = sa.table("case_states", sa.column("case_id", sa.String), sa.column("state", sa.JSON))
_people = sa.table(
    "case_people",
    sa.column("case_id", sa.String),
    sa.column("pseudonym", sa.String),
    sa.column("v_number", sa.String),
    sa.column("names", sa.Text),
    sa.column("search_names", sa.Text),
)


def _row(case_id: str, document: Any) -> dict[str, Any]:
    if isinstance(document, str):  # a driver that hands JSON back as text
        document = loads(document)
    person = document.get("person") or {}
    names = " ".join(str(n) for n in person.get("names") or ())
    return {
        "case_id": case_id,
        "pseudonym": person.get("pseudonym"),
        "v_number": person.get("v_number"),
        "names": names,
        "search_names": search_text(names),
    }


def upgrade() -> None:
    op.create_table(
        "case_people",
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("pseudonym", sa.String(200), nullable=True),
        sa.Column("v_number", sa.String(10), nullable=True),
        sa.Column("names", sa.Text(), nullable=False),
        sa.Column("search_names", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_states.case_id"],
            name="fk_case_people_case_id_case_states",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", name="pk_case_people"),
    )
    op.create_index("ix_case_people_v_number", "case_people", ["v_number"])
    op.create_index("ix_case_people_pseudonym", "case_people", ["pseudonym"])
    bind = op.get_bind()
    s = _states.c
    last = ""
    while True:
        query = (
            sa.select(s.case_id, s.state).where(s.case_id > last).order_by(s.case_id).limit(BATCH)
        )
        rows = [_row(r.case_id, r.state) for r in bind.execute(query)]
        if not rows:
            return
        bind.execute(sa.insert(_people), rows)
        last = rows[-1]["case_id"]


def downgrade() -> None:
    op.drop_table("case_people")
