"""Loading the demo into the store: every stage, idempotent, worklists, assignments."""

from __future__ import annotations

from collections import Counter
from datetime import date

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.demo import load_demo, plan_demo
from migrationpact.demo.load import COUNSELLED_CASES, stored_demo_cases
from migrationpact.demo.twin import DEMO_KEY
from migrationpact.services.eurostat import eurostat_table
from migrationpact.store import service
from migrationpact.store.assignments import assigned_cases, assignees
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.twin_runs import list_runs, read_run
from tests.integration.demo.conftest import TODAY, Loaded

#: Every stage the state machine gives a case, as the demo claims to cover it.
STAGES = {
    "screening", "screened", "referred-to-return", "made", "registered", "lodged", "decided",
    "notified", "appeal", "final", "return-border-procedure", "request-received",
    "transfer-decided", "transferred", "closed",
}  # fmt: skip


def test_the_demo_covers_every_stage_and_each_case_reaches_the_stage_of_its_scenario(
    loaded: Loaded,
) -> None:
    stored = stored_demo_cases(loaded.store)
    plan = plan_demo(TODAY)
    assert len(stored) == len(plan) == 312  # 300 generated and 3 stories x 4
    assert {s.stage for s in stored.values()} == STAGES
    wrong = [(c.case_id, stored[c.case_id].stage, c.stage) for c in plan if c.stage]
    assert [w for w in wrong if w[1] != w[2]] == []
    assert loaded.summary.stages == dict(Counter(s.stage for s in stored.values()))


def test_the_demo_covers_the_procedures_and_both_responsibility_regimes(loaded: Loaded) -> None:
    cases = stored_demo_cases(loaded.store)
    assert {c.procedure for c in cases.values()} >= {"border", "regular"}
    assert {c.examination for c in cases.values()} >= {"accelerated", "regular"}
    assert {c.responsibility_regime for c in cases.values()} >= {"AMMR", "Dublin III"}
    types = _event_types(loaded.store)
    for wanted in (
        "take_charge_request_sent", "reply_received", "transfer_decision_taken",
        "transfer_carried_out", "absconded", "take_charge_request_received", "reply_sent",
        "take_back_notification_sent", "vulnerability_assessed", "decision_notified",
        "appeal_lodged", "appeal_decided", "request_to_remain_lodged", "entry_authorised",
        "return_border_procedure_started", "case_closed", "examination_extended", "detained",
        "transferred_person_arrived",
    ):  # fmt: skip
        assert types[wanted] > 0, wanted
    outcomes = {
        r.payload["outcome"]
        for case_id in cases
        for r in loaded.store.records(case_id)
        if r.type == "decision_taken"
    }
    assert outcomes == {
        "refugee-status", "subsidiary-protection", "humanitarian-status", "inadmissible",
        "unfounded", "manifestly-unfounded", "implicitly-withdrawn", "explicitly-withdrawn",
    }  # fmt: skip


def test_events_carry_the_demo_user_and_organisation_and_every_chain_holds(
    loaded: Loaded,
) -> None:
    actors = set()
    for case_id in stored_demo_cases(loaded.store):
        for record in loaded.store.records(case_id):
            actors.add((record.actor, record.organisation))
            assert record.idempotency_key == f"demo:{case_id}:{record.seq - 1}"
    assert {
        ("kmar-officer", "KMar"), ("ind-caseworker", "IND"), ("ind-supervisor", "IND"),
        ("coa-planner", "COA"), ("dtenv-officer", "DTenV"), ("counsellor", "legal-counselling"),
    } <= actors  # fmt: skip
    assert service.verify_chain(store=loaded.store).ok


def test_demo_worklists_hold_overdue_and_upcoming_deadlines(loaded: Loaded) -> None:
    """The first page of the IND worklist, as the service shows it (moved here from
    ``store/test_demo.py``, which loaded the whole demo once more for it on each backend)."""
    page = service.worklist(store=loaded.store, organisation="IND", as_of=TODAY, within_days=7)
    assert any(item.overdue for item in page.items)
    assert any(not item.overdue for item in page.items)
    assert [i.due for i in page.items] == sorted(i.due for i in page.items)


def test_the_ind_worklist_holds_overdue_due_today_and_due_this_week_items(loaded: Loaded) -> None:
    page = service.worklist(
        store=loaded.store, organisation="IND", as_of=TODAY, within_days=7, limit=1000
    )
    assert any(item.overdue for item in page.items)
    assert any(item.days_left == 0 and not item.overdue for item in page.items)
    assert any(0 < item.days_left <= 7 for item in page.items)
    later = service.worklist(
        store=loaded.store, organisation="IND", as_of=TODAY, within_days=365, limit=1000
    )
    assert any(item.days_left > 7 for item in later.items)
    for organisation in ("KMar", "COA", "DTenV"):
        page = service.worklist(
            store=loaded.store, organisation=organisation, as_of=TODAY, within_days=7
        )
        assert page.items, organisation


def test_the_counsellor_is_assigned_to_twenty_counselled_cases(loaded: Loaded) -> None:
    engine = loaded.store.engine
    cases = assigned_cases(engine, assignee="counsellor")
    assert len(cases) == COUNSELLED_CASES == loaded.summary.assignments_recorded
    for case_id in cases:
        assert case_id.startswith("DEMO-")
        assert service.get_case(store=loaded.store, case_id=case_id).legal_counselling_requested
        assert assignees(engine, case_id=case_id) == ["counsellor"]


def test_loading_twice_writes_nothing_new(store: EventStore) -> None:
    first = load_demo(store=store, today=TODAY, cases=300)
    assert first.new_cases == first.planned == 312
    assert first.events_recorded > 2000
    assert first.events_present == 0
    before = _rows(store)
    again = load_demo(store=store, today=TODAY, cases=300)
    assert (again.new_cases, again.events_recorded, again.assignments_recorded) == (0, 0, 0)
    assert again.events_present == first.events_recorded
    # one finished twin run for the analysts, made by the first load only
    assert (first.twin_run, first.twin_run_made) == (1, True)
    assert (again.twin_run, again.twin_run_made) == (1, False)
    run = read_run(store.engine, 1)
    assert run is not None
    assert (run.status, run.scenario, run.progress, run.demo_key) == ("done", "small", 3, DEMO_KEY)
    assert len(list_runs(store.engine)) == 1
    later = load_demo(store=store, today=date(2026, 12, 20), cases=300)  # another day
    assert (later.new_cases, later.events_recorded) == (0, 0)
    assert _rows(store) == before
    assert service.verify_chain(store=store).ok


def test_a_larger_population_adds_cases_and_keeps_the_earlier_ones(store: EventStore) -> None:
    small = load_demo(store=store, today=TODAY, cases=20, per_story=0)
    assert small.new_cases == 20
    larger = load_demo(store=store, today=TODAY, cases=30, per_story=0)
    assert (larger.planned, larger.new_cases) == (30, 10)
    assert larger.events_present == small.events_recorded


def _rows(store: EventStore) -> dict[str, int]:
    with read_transaction(store.engine) as conn:
        counts = service.count_rows(conn)
    counts["assignments"] = len(assigned_cases(store.engine, assignee="counsellor"))
    return counts


def _event_types(store: EventStore) -> Counter[str]:
    return Counter(r.type for case_id in stored_demo_cases(store) for r in store.records(case_id))


def test_the_demo_shows_incoming_transfers(loaded: Loaded) -> None:
    """A few people the IND accepted to take charge of have arrived (``migr_dubti``)."""
    analyst = Principal(subject="a", name="A", organisation=Organisation.MINISTRY,
                        role=Role.ANALYST)  # fmt: skip
    answer = eurostat_table(store=loaded.store, principal=analyst, table="migr_dubti",
                            period="2026", today=TODAY)  # fmt: skip
    totals = [r.value for r in answer.rows if set(r.codes.values()) == {"TOTAL"}]
    assert len(totals) == 1
    assert totals[0] >= 2
