"""Reading case states back from the projections.

A state is kept in one place: its document in ``case_states.state``, written and read by the one
codec (``cases.codec``). ``read_states`` reads the documents given; it is a function of its own
so the store has one way to turn stored rows into states.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection

from migrationpact.cases.codec import from_document
from migrationpact.cases.state import CaseState


def read_states(conn: Connection, documents: Mapping[str, dict[str, Any]]) -> dict[str, CaseState]:
    """The states of the cases whose documents (case id → ``case_states.state``) are given."""
    del conn  # the document is the whole state: nothing else to read
    return {case_id: from_document(doc) for case_id, doc in documents.items()}


def read_state(conn: Connection, case_id: str, document: dict[str, Any]) -> CaseState:
    """``read_states`` of one case."""
    return read_states(conn, {case_id: document})[case_id]
