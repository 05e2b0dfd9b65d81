"""The state document: the case's facts as compact JSON, with nothing derived in it.

What a person is shown of a deadline besides its dates (title, legal basis, derivation) is
computed on read (``cases.explain``); the ``deadlines`` rows keep only what the worklist lists.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from migrationpact.cases.codec import DERIVED_ENTRY_FIELDS, to_json
from migrationpact.cases.explain import derivation, summary
from migrationpact.cases.machine import replay
from migrationpact.store.eventstore import EventStore
from tests.integration.store.flows import TO_DECISION, TO_TRANSFER, drive


def _stored_text(store: EventStore, sql: str, **params: str) -> list[str]:
    with store.engine.connect() as conn:
        return [str(v) for v in conn.execute(text(sql), params).scalars()]


def test_the_document_holds_facts_only(store: EventStore) -> None:
    drive(store, "C-A", TO_TRANSFER)
    [stored] = _stored_text(
        store, "SELECT CAST(state AS TEXT) FROM case_states WHERE case_id = :c", c="C-A"
    )
    document = json.loads(stored)
    assert document["deadlines"], "the flow opens deadlines"
    for entry in document["deadlines"]:
        assert not set(DERIVED_ENTRY_FIELDS) & set(entry), entry["key"]
    state = store.state("C-A")
    assert state is not None
    assert stored == to_json(state)  # compact: the one JSON text of the system
    citations = _stored_text(
        store, "SELECT citations FROM deadlines WHERE case_id = :c ORDER BY key", c="C-A"
    )
    by_key = sorted(state.deadlines, key=lambda e: e.key)
    assert citations == [summary(e, store.law).citations for e in by_key]
    assert all(citations)


def test_a_state_read_back_is_the_replayed_state_and_explains_every_deadline(
    store: EventStore,
) -> None:
    drive(store, "C-B", TO_DECISION)
    state = store.state("C-B")
    replayed = replay("C-B", [r.event() for r in store.records("C-B")], law=store.law)
    assert state == replayed
    assert all(
        derivation(e, store.law)["steps"] and summary(e, store.law).legal_basis
        for e in state.deadlines
    )


def test_a_damaged_state_document_is_an_error_not_a_wrong_answer(store: EventStore) -> None:
    drive(store, "C-C", TO_DECISION[:4])
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE case_states SET state = :s WHERE case_id = 'C-C'"),
            {"s": json.dumps({"case_id": "C-C", "seq": "four"})},
        )
    with pytest.raises(ValueError, match="seq"):
        store.state("C-C")
