"""Lapses: the system records ``deadline_lapsed`` with its consequence, once."""

from __future__ import annotations

from datetime import date

from migrationpact.cases import due_lapses
from migrationpact.cases.events import AnyEvent, parse_event
from migrationpact.store import service
from migrationpact.store.eventstore import SYSTEM_ACTOR, EventStore
from tests.integration.store.flows import TO_TRANSFER, counts, drive


def test_unanswered_request_is_accepted_by_silence_then_the_transfer_period_runs(
    store: EventStore,
) -> None:
    drive(store, "C-1", TO_TRANSFER[:4])  # request sent 20 Jul 2026, reply due 3 Aug
    early = service.record_lapses(store=store, as_of=date(2026, 7, 25)).recorded
    assert "lapse:C-1:AMMR-04:2026-08-03" not in {r.idempotency_key for r in early}
    results = service.record_lapses(store=store, as_of=date(2026, 8, 20)).recorded
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
    first = service.record_lapses(store=store, as_of=date(2027, 6, 1)).recorded
    assert first
    before = counts(store)
    again = service.record_lapses(store=store, as_of=date(2027, 6, 1))
    assert (again.recorded, again.skipped) == ([], [])
    assert counts(store) == before
    assert service.verify_chain(store=store).ok


def _noted(occurred_at: str) -> AnyEvent:
    return parse_event({"type": "reception_information_given", "occurred_at": occurred_at})


def test_a_planted_key_stops_no_lapse(store: EventStore) -> None:
    """Security probe F3: another actor records an event with the key the lapse job will use;
    the job still records every lapse, the one of that key included."""
    for case_id in ("C-1", "C-2", "C-3"):
        drive(store, case_id, TO_TRANSFER[:4])  # each: the reply is due 3 Aug 2026
    for planted in ("lapse:C-1:AMMR-04:2026-08-03", "lapse:C-3:AMMR-04:2026-08-03"):
        store.append(
            case_id="C-2", event=_noted("2026-07-21T09:00"), expected_seq=None,
            idempotency_key=planted, actor="coa-planner", organisation="COA",
        )  # fmt: skip
    report = service.record_lapses(store=store, as_of=date(2026, 8, 20))
    assert report.skipped == []
    keys = {(r.case_id, r.idempotency_key) for r in report.recorded}
    for case_id in ("C-1", "C-2", "C-3"):
        assert (case_id, f"lapse:{case_id}:AMMR-04:2026-08-03") in keys
    assert service.verify_chain(store=store).ok


def test_a_case_the_job_cannot_record_is_skipped_and_the_others_are_recorded(
    store: EventStore,
) -> None:
    """Even a key of the system's own, used for another event (an import could bring one),
    costs only its own case: that case is skipped and reported, the batch goes on."""
    for case_id in ("C-1", "C-2", "C-3"):
        drive(store, case_id, TO_TRANSFER[:4])
    store.append(
        case_id="C-3", event=_noted("2026-07-21T09:00"), expected_seq=None,
        idempotency_key="lapse:C-2:AMMR-04:2026-08-03", actor=SYSTEM_ACTOR,
        organisation="migrationpact",
    )  # fmt: skip
    before = {c: len(service.case_history(store=store, case_id=c)) for c in ("C-1", "C-2")}
    report = service.record_lapses(store=store, as_of=date(2026, 8, 20))
    assert [s.case_id for s in report.skipped] == ["C-2"]
    assert "'lapse:C-2:AMMR-04:2026-08-03' was already used" in report.skipped[0].reason
    assert {r.case_id for r in report.recorded} == {"C-1", "C-3"}
    assert len(service.case_history(store=store, case_id="C-2")) == before["C-2"]
    assert len(service.case_history(store=store, case_id="C-1")) > before["C-1"]
    assert service.verify_chain(store=store).ok
