"""Reading case states back from the projections.

A state is kept in two places (``projections``): the state document in ``case_states.state``
and, for each of its deadline entries, the legal basis and derivation in the entry's
``deadlines`` row. ``read_states`` reads the deadline parts of the given cases in one query,
puts them back into each document and validates the whole (``normal.read_back``: a state read
from JSON is in its normal form, so the next ``decide`` skips the whole-state round trip), in
the caller's transaction (so a writer that locked the ``case_states`` rows reads the deadline
rows that go with them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from migrationpact.cases.normal import read_back
from migrationpact.cases.state import CaseState
from migrationpact.store.projections import full_document
from migrationpact.store.tables import deadlines


def read_states(conn: Connection, documents: Mapping[str, dict[str, Any]]) -> dict[str, CaseState]:
    """The states of the cases whose documents (case id → ``case_states.state``) are given."""
    kept: dict[str, dict[str, tuple[Any, Any]]] = {case_id: {} for case_id in documents}
    if any(doc.get("deadlines") for doc in documents.values()):
        d = deadlines.c
        query = select(d.case_id, d.key, d.legal_basis, d.derivation).where(
            d.case_id.in_(list(documents))
        )
        for case_id, key, basis, derivation in conn.execute(query):
            kept[case_id][key] = (basis, derivation)
    return {
        case_id: read_back(full_document(doc, kept[case_id])) for case_id, doc in documents.items()
    }


def read_state(conn: Connection, case_id: str, document: dict[str, Any]) -> CaseState:
    """``read_states`` of one case."""
    return read_states(conn, {case_id: document})[case_id]
