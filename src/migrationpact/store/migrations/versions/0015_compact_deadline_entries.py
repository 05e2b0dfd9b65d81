"""State documents without a deadline entry's echoes.

A stored deadline entry repeated in most cases what another field already says: its key and
requested rule (its rule), its nominal end and alert (its due date), its law date (the day it
started) and its rule-set version (the one of the entry before it). The codec now leaves each
out when it only repeats (``cases.codec.ENTRY_ECHOES``) and puts it back when reading, so the
median state document shrank from about 6.0 to 4.2 kB without losing a fact. This revision
rewrites every stored state document into that form (read with the codec and written as a
replay writes it: ``audit verify`` compares the two); a downgrade puts every echo back.

Nothing else changes: the events, the ``deadlines`` rows and the other columns stay as they are.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

from migrationpact.cases.codec import from_document, full_entries, to_document

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

BATCH = 500

_states = sa.table("case_states", sa.column("case_id", sa.String), sa.column("state", sa.JSON))


def _batches(bind: sa.Connection) -> Iterator[list[Any]]:
    """The (case id, document) of every case in batches of ``BATCH``, in case id order."""
    s = _states.c
    last = ""
    while True:
        query = sa.select(s.case_id, s.state).where(s.case_id > last).order_by(s.case_id)
        rows = list(bind.execute(query.limit(BATCH)))
        if not rows:
            return
        yield rows
        last = rows[-1].case_id


def _rewrite(convert: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    bind = op.get_bind()
    set_state = _states.update().where(_states.c.case_id == sa.bindparam("c"))
    for rows in _batches(bind):
        documents = [{"c": r.case_id, "doc": convert(r.state)} for r in rows]
        bind.execute(set_state.values(state=sa.bindparam("doc")), documents)


def _compact(document: dict[str, Any]) -> dict[str, Any]:
    return to_document(from_document(document), compact=True)


def _full(document: dict[str, Any]) -> dict[str, Any]:
    entries = document.get("deadlines")
    return {**document, "deadlines": full_entries(entries)} if entries else document


def upgrade() -> None:
    _rewrite(_compact)


def downgrade() -> None:
    _rewrite(_full)
