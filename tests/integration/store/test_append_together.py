"""Concurrent appends of one process are committed together, each decided on its own."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from migrationpact.cases import parse_event
from migrationpact.cases.errors import TransitionError
from migrationpact.store.errors import ConcurrencyError
from migrationpact.store.eventstore import EventStore, NewEvent
from migrationpact.store.projection_check import compare_projections
from migrationpact.store.records import AppendResult
from tests.integration.store.flows import TO_DECISION, TO_TRANSFER, chain, counts


def _new(case_id: str, n: int, *, expected: int | None = None, key: str | None = None) -> NewEvent:
    data = TO_DECISION[n]
    return NewEvent(
        case_id, parse_event(data), n if expected is None else expected, key, "t", "IND"
    )


def test_a_refused_append_in_a_batch_leaves_the_others_written(store: EventStore) -> None:
    outcomes = store._append_together(
        [
            _new("C-A", 0, key="a0"),
            _new("C-B", 0),
            _new("C-A", 1, key="a1"),  # the same case again: follows the first
            _new("C-B", 1, expected=0),  # stale: C-B is at 1 by now
            _new("C-C", 2, expected=0),  # a case cannot begin with this event
            _new("C-A", 0, key="a0"),  # a retry of the first: its answer, written once
        ]
    )
    assert [type(o) for o in outcomes] == [
        AppendResult, AppendResult, AppendResult, ConcurrencyError, TransitionError,
        AppendResult,
    ]  # fmt: skip
    first, again = outcomes[0], outcomes[5]
    assert isinstance(first, AppendResult)
    assert isinstance(again, AppendResult)
    assert (again.repeated, again.hash) == (True, first.hash)
    assert [(c, s) for c, s, _, _ in chain(store)] == [("C-A", 1), ("C-A", 2), ("C-B", 1)]
    assert counts(store)["case_states"] == 2
    assert store.verify().ok
    assert compare_projections(store.engine, store.law).ok


def test_many_writers_at_once_keep_every_chain_and_projection(store: EventStore) -> None:
    def drive(n: int) -> list[AppendResult]:
        return [
            store.append(
                case_id=f"C-T{n:02d}",
                event=parse_event(data),
                expected_seq=seq,
                idempotency_key=f"t{n}-{seq}",
                actor="t",
                organisation="IND",
            )
            for seq, data in enumerate(TO_TRANSFER)
        ]

    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(drive, range(24)))
    assert all([a.seq for a in got] == list(range(1, len(TO_TRANSFER) + 1)) for got in answers)
    assert counts(store)["events"] == 24 * len(TO_TRANSFER)
    assert store.verify().ok
    assert compare_projections(store.engine, store.law).ok


def test_a_refusal_raises_in_its_own_caller(store: EventStore) -> None:
    with pytest.raises(TransitionError):
        store.append(
            case_id="C-X", event=parse_event(TO_DECISION[2]), expected_seq=0,
            idempotency_key=None, actor="t", organisation="IND",
        )  # fmt: skip
    assert counts(store)["events"] == 0
