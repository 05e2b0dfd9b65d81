"""The state document: compact JSON without the deadlines' legal basis and derivation, which
are kept once, in the ``deadlines`` rows, and put back when the store reads a state."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from migrationpact.cases.machine import replay
from migrationpact.jsontext import dumps
from migrationpact.store.eventstore import EventStore
from migrationpact.store.projections import state_document
from tests.integration.store.flows import TO_DECISION, TO_TRANSFER, drive


def _stored_text(store: EventStore, sql: str, **params: str) -> list[str]:
    with store.engine.connect() as conn:
        return [str(v) for v in conn.execute(text(sql), params).scalars()]


def test_the_document_leaves_out_what_the_deadline_rows_keep(store: EventStore) -> None:
    drive(store, "C-A", TO_TRANSFER)
    [stored] = _stored_text(
        store, "SELECT CAST(state AS TEXT) FROM case_states WHERE case_id = :c", c="C-A"
    )
    document = json.loads(stored)
    assert document["deadlines"], "the flow opens deadlines"
    for entry in document["deadlines"]:
        assert not {"legal_basis", "derivation"} & set(entry), entry["key"]
    state = store.state("C-A")
    assert state is not None
    assert stored == dumps(state_document(state))  # compact: the one JSON text of the system
    derivations = _stored_text(
        store, "SELECT CAST(derivation AS TEXT) FROM deadlines WHERE case_id = :c ORDER BY key",
        c="C-A",
    )  # fmt: skip
    by_key = sorted(state.deadlines, key=lambda e: e.key)
    assert derivations == [dumps(e.derivation) for e in by_key]


def test_a_state_read_back_is_the_replayed_state_with_every_derivation(
    store: EventStore,
) -> None:
    drive(store, "C-B", TO_DECISION)
    state = store.state("C-B")
    replayed = replay("C-B", [r.event() for r in store.records("C-B")], book=store.book)
    assert state == replayed
    assert all(e.derivation["steps"] and e.legal_basis for e in state.deadlines)


def test_a_missing_deadline_row_is_named_not_guessed(store: EventStore) -> None:
    drive(store, "C-C", TO_DECISION[:4])
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM deadlines WHERE case_id = 'C-C' AND key = 'APR-01'"))
    with pytest.raises(ValueError, match=r"case C-C: deadline APR-01 has no deadlines row"):
        store.state("C-C")
