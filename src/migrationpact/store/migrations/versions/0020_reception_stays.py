"""Reception stays: every stay of a case at a reception site, for the statistics.

Adds ``reception_stays`` (site, the stay's number at the site, case, household, from, until;
``store.reception_stays``). A site's state document stored before this revision has no
``stays``, so every site stream is replayed from its events (``reception.sites.decide``): its
document is written again with its stays and the table filled with the same rows
``ReceptionStays`` writes on an append and ``store rebuild`` from the events. A downgrade drops
the table and takes ``stays`` out of the documents again (the events stay).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from migrationpact.jsontext import loads
from migrationpact.reception.sites.decide import decide_site
from migrationpact.reception.sites.events import join_site_event
from migrationpact.reception.sites.state import SiteState, initial_site, to_document
from migrationpact.store.reception_stays import stay_rows
from migrationpact.store.tables import reception_stays

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

SITE = "reception-site"

_events = sa.table(
    "events",
    sa.column("stream_type", sa.String),
    sa.column("case_id", sa.String),
    sa.column("seq", sa.Integer),
    sa.column("type", sa.String),
    sa.column("occurred_at", sa.DateTime),
    sa.column("payload", sa.JSON),
)
_states = sa.table(
    "stream_states",
    sa.column("stream_type", sa.String),
    sa.column("stream_id", sa.String),
    sa.column("state", sa.JSON),
)


def _document(value: Any) -> Any:
    return loads(value) if isinstance(value, str) else value


def _replayed(conn: sa.Connection) -> dict[str, SiteState]:
    e = _events.c
    query = (
        sa.select(e.case_id, e.type, e.occurred_at, e.payload)
        .where(e.stream_type == SITE)
        .order_by(e.case_id, e.seq)
    )
    states: dict[str, SiteState] = {}
    for row in conn.execute(query):
        event = join_site_event(row.type, row.occurred_at, dict(_document(row.payload)))
        states[row.case_id] = decide_site(
            states.get(row.case_id) or initial_site(row.case_id), event
        )
    return states


def _set_documents(conn: sa.Connection, documents: dict[str, Any]) -> None:
    s = _states.c
    for site_id, document in documents.items():
        conn.execute(
            sa.update(_states)
            .where(s.stream_type == SITE, s.stream_id == site_id)
            .values(state=document)
        )


def upgrade() -> None:
    op.create_table(
        "reception_stays",
        sa.Column("site_id", sa.String(64), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("household", sa.String(128), nullable=False),
        sa.Column("from_day", sa.Date(), nullable=False),
        sa.Column("until_day", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("site_id", "n", "case_id", name="pk_reception_stays"),
    )
    op.create_index("ix_reception_stays_case_id", "reception_stays", ["case_id"])
    conn = op.get_bind()
    states = _replayed(conn)
    with_stays = {sid: s for sid, s in states.items() if s.stays}
    _set_documents(conn, {sid: to_document(s) for sid, s in with_stays.items()})
    rows = [row for s in with_stays.values() for row in stay_rows(s)]
    for start in range(0, len(rows), 500):
        conn.execute(sa.insert(reception_stays), rows[start : start + 500])


def downgrade() -> None:
    op.drop_index("ix_reception_stays_case_id", table_name="reception_stays")
    op.drop_table("reception_stays")
    conn = op.get_bind()
    s = _states.c
    found = conn.execute(sa.select(s.stream_id, s.state).where(s.stream_type == SITE))
    documents = {r.stream_id: _document(r.state) for r in found}
    _set_documents(
        conn,
        {
            sid: {k: v for k, v in d.items() if k != "stays"}
            for sid, d in documents.items()
            if "stays" in d
        },
    )
