"""Two writers at once: the sequence check lets exactly one of them through."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from migrationpact.cases import parse_event
from migrationpact.store import service
from migrationpact.store.errors import ConcurrencyError
from migrationpact.store.eventstore import EventStore
from migrationpact.store.records import AppendResult
from tests.integration.conftest import open_test_store
from tests.integration.store.flows import TO_TRANSFER, counts, drive

ROUNDS = 4


def _race(*writers: Callable[[], AppendResult]) -> list[Any]:
    """Run the writers in threads released at the same instant; their results or errors."""
    barrier = threading.Barrier(len(writers))
    outcomes: list[Any] = [None] * len(writers)

    def run(i: int) -> None:
        barrier.wait()
        try:
            outcomes[i] = writers[i]()
        except Exception as exc:  # collected and asserted by the test
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(writers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def _writer(
    url: str, case_id: str, data: dict[str, Any], expected: int, key: str | None = None
) -> Callable[[], AppendResult]:
    store = open_test_store(url)  # each writer has its own engine and connection

    def write() -> AppendResult:
        try:
            return store.append(
                case_id=case_id,
                event=parse_event(data),
                expected_seq=expected,
                idempotency_key=key,
                actor="t",
                organisation="IND",
            )
        finally:
            store.engine.dispose()

    return write


def test_same_expected_seq_on_an_existing_case_exactly_one_wins(
    db_url: str, store: EventStore
) -> None:
    for n in range(ROUNDS):
        case_id = f"C-{n}"
        drive(store, case_id, TO_TRANSFER[:1])
        a = {**TO_TRANSFER[1], "occurred_at": "2026-07-08T09:00"}
        b = {**TO_TRANSFER[1], "occurred_at": "2026-07-08T09:30"}
        outcomes = _race(_writer(db_url, case_id, a, 1), _writer(db_url, case_id, b, 1))
        wins = [o for o in outcomes if isinstance(o, AppendResult)]
        losses = [o for o in outcomes if isinstance(o, ConcurrencyError)]
        assert (len(wins), len(losses)) == (1, 1), outcomes
        assert wins[0].seq == 2
        assert service.get_case(store=store, case_id=case_id).seq == 2
    assert counts(store)["events"] == 2 * ROUNDS
    assert service.verify_chain(store=store).ok


def test_two_creators_of_the_same_new_case_exactly_one_wins(db_url: str, store: EventStore) -> None:
    for n in range(ROUNDS):
        case_id = f"C-new-{n}"
        outcomes = _race(
            _writer(db_url, case_id, TO_TRANSFER[0], 0),
            _writer(db_url, case_id, {**TO_TRANSFER[0], "occurred_at": "2026-07-06T11:00"}, 0),
        )
        assert sorted(type(o).__name__ for o in outcomes) == ["AppendResult", "ConcurrencyError"]
    assert counts(store)["events"] == ROUNDS
    assert service.verify_chain(store=store).ok


def test_the_same_request_twice_at_once_is_recorded_once(db_url: str, store: EventStore) -> None:
    for n in range(ROUNDS):
        case_id = f"C-idem-{n}"
        outcomes = _race(
            _writer(db_url, case_id, TO_TRANSFER[0], 0, key=f"k-{n}"),
            _writer(db_url, case_id, TO_TRANSFER[0], 0, key=f"k-{n}"),
        )
        assert all(isinstance(o, AppendResult) for o in outcomes), outcomes
        assert sorted(o.repeated for o in outcomes) == [False, True]
        assert outcomes[0].hash == outcomes[1].hash
    assert counts(store)["events"] == ROUNDS
