"""Reading case states back from the projections.

A state is kept in one place: its document in ``case_states.state``, written and read by the one
codec (``cases.codec``). ``read_states`` reads the documents given; it is a function of its own
so the store has one way to turn stored rows into states. ``read_open_states`` reads every case
that is not closed (placement's waiting list).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Engine, select

from migrationpact.cases.codec import from_document
from migrationpact.cases.state import CaseState
from migrationpact.store.database import read_transaction
from migrationpact.store.tables import case_states


def read_states(conn: Connection, documents: Mapping[str, dict[str, Any]]) -> dict[str, CaseState]:
    """The states of the cases whose documents (case id → ``case_states.state``) are given."""
    del conn  # the document is the whole state: nothing else to read
    return {case_id: from_document(doc) for case_id, doc in documents.items()}


def read_state(conn: Connection, case_id: str, document: dict[str, Any]) -> CaseState:
    """``read_states`` of one case."""
    return read_states(conn, {case_id: document})[case_id]


def read_open_states(engine: Engine) -> dict[str, CaseState]:
    """The states of every case whose stage is not ``closed``, by case id."""
    c = case_states.c
    query = select(c.case_id, c.state).where(c.stage != "closed").order_by(c.case_id)
    with read_transaction(engine) as conn:
        return read_states(conn, {row.case_id: row.state for row in conn.execute(query)})
