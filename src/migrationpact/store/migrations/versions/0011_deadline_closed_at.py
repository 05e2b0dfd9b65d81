"""When a deadline was closed, and whether it was met late.

A deadline met after its end looked exactly like one met on time. A deadline entry now keeps
``closed_at`` (the moment of the event that closed it; for a lapse, the moment the period ran
out), and its ``deadlines`` row gains ``closed_at``, ``late`` and ``days_late``
(``cases.lateness``) with an index for the list of exceeded limits. This revision

* adds the three columns and the index;
* fills them, and ``closed_at`` in every closed entry of every stored state document, from what
  the store already holds: a lapsed entry ran out at the end of its due date or moment; any
  other closed entry was closed at the ``occurred_at`` (to the second) of the event its
  ``closed_by_seq`` names — exactly what a replay gives (``store rebuild`` gives the same
  projections as this conversion, and ``audit verify`` compares them).

The events are not touched. A downgrade drops the columns and the index and removes
``closed_at`` from the state documents.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from migrationpact.cases.lateness import lateness
from migrationpact.cases.state import due_end

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BATCH = 500
INDEX = "ix_deadlines_status_late_due_end"

_deadlines = sa.table(
    "deadlines",
    sa.column("case_id", sa.String),
    sa.column("key", sa.String),
    sa.column("closed_at", sa.DateTime),
    sa.column("late", sa.Boolean),
    sa.column("days_late", sa.Integer),
)
_states = sa.table("case_states", sa.column("case_id", sa.String), sa.column("state", sa.JSON))
_events = sa.table(
    "events",
    sa.column("stream_type", sa.String),
    sa.column("case_id", sa.String),
    sa.column("seq", sa.Integer),
    sa.column("occurred_at", sa.DateTime),
)


def _moment(text: str) -> date | datetime:
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def _case_batches(bind: sa.Connection) -> Iterator[list[str]]:
    """The case ids in batches of ``BATCH``, in order (memory stays bounded on a large store)."""
    s = _states.c
    last = ""
    while True:
        query = sa.select(s.case_id).where(s.case_id > last).order_by(s.case_id).limit(BATCH)
        ids = [r.case_id for r in bind.execute(query)]
        if not ids:
            return
        yield ids
        last = ids[-1]


def _closed_at(entry: dict[str, Any], occurred: dict[int, datetime]) -> datetime | None:
    seq = entry.get("closed_by_seq")
    if seq is None:
        return None
    if entry.get("status") == "lapsed":
        return due_end(_moment(str(entry["due"])))
    at = occurred.get(int(seq))
    return None if at is None else at.replace(microsecond=0)


def _convert(bind: sa.Connection, ids: list[str]) -> None:
    s, e = _states.c, _events.c
    occurred: dict[str, dict[int, datetime]] = {}
    events = sa.select(e.case_id, e.seq, e.occurred_at).where(
        e.stream_type == "case", e.case_id.in_(ids)
    )
    for event in bind.execute(events):
        occurred.setdefault(event.case_id, {})[event.seq] = event.occurred_at
    documents, rows = [], []
    for r in bind.execute(sa.select(s.case_id, s.state).where(s.case_id.in_(ids))):
        entries = []
        for entry in r.state.get("deadlines", ()):
            at = _closed_at(entry, occurred.get(r.case_id, {}))
            if at is not None:
                entry = {**entry, "closed_at": at.isoformat(timespec="seconds")}
            late = lateness(str(entry.get("status")), _moment(str(entry["due"])), at)
            rows.append(
                {"c": r.case_id, "k": entry["key"], "closed_at": at}
                | {"late": late.late, "days_late": late.days_late}
            )
            entries.append(entry)
        documents.append({"c": r.case_id, "doc": {**r.state, "deadlines": entries}})
    d = _deadlines.c
    if rows:
        bind.execute(
            _deadlines.update()
            .where(d.case_id == sa.bindparam("c"), d.key == sa.bindparam("k"))
            .values(
                closed_at=sa.bindparam("closed_at"),
                late=sa.bindparam("late"),
                days_late=sa.bindparam("days_late"),
            ),
            rows,
        )
    _write_documents(bind, documents)


def _write_documents(bind: sa.Connection, documents: list[dict[str, Any]]) -> None:
    """Store each state document ``doc`` of the case ``c``."""
    if documents:
        set_state = _states.update().where(_states.c.case_id == sa.bindparam("c"))
        bind.execute(set_state.values(state=sa.bindparam("doc")), documents)


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("deadlines") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("late", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("days_late", sa.Integer(), nullable=True))
    for ids in _case_batches(bind):
        _convert(bind, ids)
    # Rows of a case without a state row (none in a consistent store) count as not late.
    d = _deadlines.c
    bind.execute(_deadlines.update().where(d.late.is_(None)).values(late=False))
    with op.batch_alter_table("deadlines") as batch:
        batch.alter_column("late", existing_type=sa.Boolean(), nullable=False)
    op.create_index(INDEX, "deadlines", ["status", "late", "due_end"])


def downgrade() -> None:
    bind = op.get_bind()
    op.drop_index(INDEX, table_name="deadlines")
    with op.batch_alter_table("deadlines") as batch:
        batch.drop_column("days_late")
        batch.drop_column("late")
        batch.drop_column("closed_at")
    s = _states.c
    for ids in _case_batches(bind):
        documents = [
            {
                "c": r.case_id,
                "doc": {
                    **r.state,
                    "deadlines": [
                        {k: v for k, v in entry.items() if k != "closed_at"}
                        for entry in r.state.get("deadlines", ())
                    ],
                },
            }
            for r in bind.execute(sa.select(s.case_id, s.state).where(s.case_id.in_(ids)))
        ]
        _write_documents(bind, documents)
