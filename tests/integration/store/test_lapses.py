"""Lapses: the system records ``deadline_lapsed`` with its consequence, once."""

from __future__ import annotations

from datetime import date

from migrationpact.cases import due_lapses
from migrationpact.store import service
from migrationpact.store.eventstore import SYSTEM_ACTOR, EventStore
from tests.integration.store.flows import TO_TRANSFER, counts, drive


def test_unanswered_request_is_accepted_by_silence_then_the_transfer_period_runs(
    store: EventStore,
) -> None:
    drive(store, "C-1", TO_TRANSFER[:4])  # request sent 20 Jul 2026, reply due 3 Aug
    early = service.record_lapses(store=store, as_of=date(2026, 7, 25))
    assert "lapse:C-1:AMMR-04:2026-08-03" not in {r.idempotency_key for r in early}
    results = service.record_lapses(store=store, as_of=date(2026, 8, 20))
    assert "lapse:C-1:AMMR-04:2026-08-03" in {r.idempotency_key for r in results}
    assert {r.type for r in early + results} == {"deadline_lapsed"}
    history = service.case_history(store=store, case_id="C-1")
    lapsed = [r for r in history if r.type == "deadline_lapsed"]
    assert {r.actor for r in lapsed} == {SYSTEM_ACTOR}
    reply = next(r for r in lapsed if r.payload["rule_id"] == "AMMR-04")
    assert reply.payload["consequence"] == "accepted-by-silence"
    state = service.get_case(store=store, case_id="C-1")
    assert due_lapses(state, as_of=date(2026, 8, 20)) == []
    assert any(d.rule_id == "AMMR-10" and d.status == "open" for d in state.deadlines)


def test_recording_lapses_twice_writes_nothing_the_second_time(store: EventStore) -> None:
    drive(store, "C-1", TO_TRANSFER[:4])
    drive(store, "C-2", TO_TRANSFER)
    first = service.record_lapses(store=store, as_of=date(2027, 6, 1))
    assert first
    before = counts(store)
    assert service.record_lapses(store=store, as_of=date(2027, 6, 1)) == []
    assert counts(store) == before
    assert service.verify_chain(store=store).ok
