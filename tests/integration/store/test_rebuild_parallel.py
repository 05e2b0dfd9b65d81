"""A rebuild on several processes writes exactly what a rebuild in one process writes."""

from __future__ import annotations

from datetime import date

import pytest

from migrationpact.cases.errors import TransitionError
from migrationpact.cases.machine import replay
from migrationpact.store import rebuild as rebuilding
from migrationpact.store import service
from migrationpact.store.eventstore import EventStore
from tests.integration.store.flows import TO_DECISION, TO_TRANSFER, counts, drive, snapshot


def _busy_store(store: EventStore) -> None:
    drive(store, "C-A", TO_TRANSFER)
    drive(store, "C-B", TO_DECISION)
    drive(store, "C-C", TO_TRANSFER[:4])
    drive(store, "C-D", TO_DECISION[:4])
    drive(store, "C-E", TO_DECISION[:2])
    service.record_lapses(store=store, as_of=date(2027, 6, 1))


@pytest.fixture
def tiny_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every store is big enough for the pool; tasks of a few events; small insert batches."""
    monkeypatch.setattr(rebuilding, "PARALLEL_FROM", 0)
    monkeypatch.setattr(rebuilding, "TASK_EVENTS", 3)
    monkeypatch.setattr(rebuilding, "WRITE_ROWS", 4)


@pytest.mark.usefixtures("tiny_tasks")
@pytest.mark.parametrize("workers", [1, 2, 3])
def test_parallel_rebuild_equals_the_live_projections(store: EventStore, workers: int) -> None:
    _busy_store(store)
    live = snapshot(store)
    report = service.rebuild_projections(store=store, workers=workers)
    assert (report.cases, report.events) == (5, counts(store)["events"])
    assert report.deadlines == counts(store)["deadlines"]
    assert snapshot(store) == live


@pytest.mark.usefixtures("tiny_tasks")
def test_a_refusal_in_a_worker_rolls_the_whole_rebuild_back(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _busy_store(store)
    live = snapshot(store)

    def refuse_c_d(case_id: str, *args: object, **kwargs: object) -> object:
        if case_id == "C-D":
            raise TransitionError("test rule", "application_made", "refused for the test")
        return replay(case_id, *args, **kwargs)  # type: ignore[arg-type]

    # The forked workers inherit the patched module.
    monkeypatch.setattr("migrationpact.store.rebuild.replay", refuse_c_d)
    with pytest.raises(TransitionError, match="refused for the test"):
        store.rebuild(workers=2)
    assert snapshot(store) == live


def test_a_small_store_is_rebuilt_in_this_process(store: EventStore) -> None:
    _busy_store(store)
    live = snapshot(store)
    assert counts(store)["events"] < rebuilding.PARALLEL_FROM
    service.rebuild_projections(store=store, workers=4)
    assert snapshot(store) == live


def test_warming_replays_the_first_events_into_the_laws_caches(store: EventStore) -> None:
    """What the rebuilding process does before it forks: its workers inherit what it filled."""
    from migrationpact.law.law import Law

    _busy_store(store)
    law = Law.default().replace()  # caches of its own, empty
    assert law.memory("periods") == {}
    assert rebuilding.warm(store.engine, law, count=7) == 7
    assert law.memory("periods")  # the periods the first seven events started
    assert rebuilding.warm(store.engine, law) == counts(store)["events"]  # all, when fewer
