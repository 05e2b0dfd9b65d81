"""``rebuild`` recreates the projections from the events, exactly as they were kept live."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from migrationpact.store import service
from migrationpact.store.eventstore import EventStore
from tests.integration.store.flows import TO_DECISION, TO_TRANSFER, counts, drive, snapshot


def _busy_store(store: EventStore) -> None:
    drive(store, "C-A", TO_TRANSFER)
    drive(store, "C-B", TO_DECISION)
    drive(store, "C-C", TO_TRANSFER[:4])  # a take charge request waiting for its reply
    drive(store, "C-D", TO_DECISION[:4])
    service.record_lapses(store=store, as_of=date(2027, 6, 1))


def test_rebuilt_projections_equal_the_live_ones_exactly(store: EventStore) -> None:
    _busy_store(store)
    live = snapshot(store)
    report = service.rebuild_projections(store=store)
    assert (report.cases, report.events) == (4, counts(store)["events"])
    assert snapshot(store) == live


def test_rebuild_repairs_damaged_projections(store: EventStore) -> None:
    _busy_store(store)
    live = snapshot(store)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM deadlines WHERE case_id = 'C-C'"))
        conn.execute(text("UPDATE case_states SET stage = 'closed' WHERE case_id = 'C-B'"))
    assert snapshot(store) != live
    service.rebuild_projections(store=store)
    assert snapshot(store) == live


def test_rebuild_of_an_empty_store(store: EventStore) -> None:
    report = service.rebuild_projections(store=store)
    assert (report.cases, report.events, report.deadlines) == (0, 0, 0)
