"""Keep facts only: a deadline's derivation and legal basis are computed on read, not stored.

Before this revision every deadline row held its full derivation and legal basis as JSON, and
every state document repeated each entry's title, verification flag and consequence: about
four fifths of a case's stored size, all of it derived from the entry's own inputs and the
rule book (``cases.explain`` now computes it when it is read). This revision

* adds ``deadlines.citations`` (the citations the worklist shows, one text) and fills it from
  the stored legal basis;
* drops ``deadlines.legal_basis`` and ``deadlines.derivation``;
* removes the derived fields from every deadline entry of every stored state document, and the
  organisation's reason where it is the responsibility table's (only a reason an event gave,
  "… must act in this case (event)", is a fact of the case).

The events are not touched: ``store rebuild`` gives the same projections as this conversion.
A downgrade puts the two columns back, empty; a rebuild by the earlier release fills them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import json
import re
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

DERIVED = ("title", "verified", "legal_basis", "derivation", "consequence")
#: The one organisation reason that is a fact: the one an event gave (``Draft.start``).
GIVEN_REASON = re.compile(r" must act in this case \([a-z_]+\)$")
BATCH = 500

_deadlines = sa.table(
    "deadlines",
    sa.column("case_id", sa.String),
    sa.column("key", sa.String),
    sa.column("legal_basis", sa.JSON),
    sa.column("citations", sa.Text),
)
_states = sa.table("case_states", sa.column("case_id", sa.String), sa.column("state", sa.JSON))


def _facts_only(document: dict[str, Any]) -> dict[str, Any]:
    entries = []
    for entry in document.get("deadlines", ()):
        kept = {k: v for k, v in entry.items() if k not in DERIVED}
        if not GIVEN_REASON.search(str(kept.get("organisation_reason") or "")):
            kept["organisation_reason"] = ""
        entries.append(kept)
    return {**document, "deadlines": entries}


def _citations(basis: Any) -> str:
    if isinstance(basis, str):  # a driver that hands JSON back as text
        basis = json.loads(basis)
    return "; ".join(str(b.get("citation", "")) for b in basis or ())


def _case_batches(bind: sa.Connection) -> Any:
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


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("deadlines", sa.Column("citations", sa.Text(), nullable=True))
    d, s = _deadlines.c, _states.c
    set_citations = (
        _deadlines.update()
        .where(d.case_id == sa.bindparam("c"), d.key == sa.bindparam("k"))
        .values(citations=sa.bindparam("citations"))
    )
    set_state = (
        _states.update().where(s.case_id == sa.bindparam("c")).values(state=sa.bindparam("doc"))
    )
    for ids in _case_batches(bind):
        rows = bind.execute(sa.select(d.case_id, d.key, d.legal_basis).where(d.case_id.in_(ids)))
        values = [
            {"c": r.case_id, "k": r.key, "citations": _citations(r.legal_basis)} for r in rows
        ]
        if values:
            bind.execute(set_citations, values)
        docs = bind.execute(sa.select(s.case_id, s.state).where(s.case_id.in_(ids)))
        bind.execute(set_state, [{"c": r.case_id, "doc": _facts_only(r.state)} for r in docs])
    # Rows of a case without a state row (none in a consistent store) get no citations.
    bind.execute(_deadlines.update().where(d.citations.is_(None)).values(citations=""))
    with op.batch_alter_table("deadlines") as batch:
        batch.alter_column("citations", existing_type=sa.Text(), nullable=False)
        batch.drop_column("legal_basis")
        batch.drop_column("derivation")


def downgrade() -> None:
    with op.batch_alter_table("deadlines") as batch:
        batch.add_column(sa.Column("legal_basis", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("derivation", sa.JSON(), nullable=False, server_default="{}"))
        batch.drop_column("citations")
