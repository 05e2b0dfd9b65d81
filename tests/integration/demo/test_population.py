"""The generated population: deterministic, valid, varied, dated around the demo day."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

import pytest

from migrationpact.cases.machine import replay
from migrationpact.demo import SCENARIOS, plan_population
from migrationpact.demo.people import HIGH, LOW
from migrationpact.demo.population import EARLIEST, DemoDayError, deck, plan_unit
from migrationpact.demo.users import demo_user
from migrationpact.law.routing.engine import route
from migrationpact.law.routing.facts import parse_facts
from tests.integration.demo.conftest import TODAY


def test_the_same_seed_and_day_give_the_same_cases_and_a_larger_population_extends_it() -> None:
    small = plan_population(TODAY, cases=60)
    assert small == plan_population(TODAY, cases=60)
    assert plan_population(TODAY, cases=120)[:60] == small
    assert plan_population(TODAY, cases=60, seed=7) != small


def test_every_planned_case_is_accepted_by_the_state_machine_and_reaches_its_stage() -> None:
    plan = plan_population(TODAY, cases=300)
    assert len(plan) == 300
    assert {c.scenario for c in plan} == set(SCENARIOS)
    wrong = []
    for case in plan:
        state = replay(case.case_id, [e.event for e in case.events])
        if state.stage != case.stage:
            wrong.append((case.case_id, case.scenario, state.stage, case.stage))
    assert wrong == []


def test_events_lie_between_the_pacts_start_and_the_demo_day_in_order() -> None:
    plan = plan_population(TODAY, cases=300)
    for case in plan:
        moments = [e.event.occurred_at for e in case.events]
        assert moments == sorted(moments), case.case_id
        assert len(set(moments)) == len(moments), case.case_id
        assert moments[0].date() >= EARLIEST
        assert moments[-1] < datetime.combine(TODAY, datetime.max.time())


def test_people_vary_in_nationality_age_and_family_and_v_numbers_have_ten_digits() -> None:
    plan = plan_population(TODAY, cases=300)
    people = {}
    v_numbers = []
    for case in plan:
        for item in case.events:
            person = getattr(item.event, "person", None)
            if person is not None:
                people[case.case_id] = person
            v_number = getattr(item.event, "v_number", None)
            if v_number is not None:
                v_numbers.append(v_number)
    nationalities = Counter(p.nationality for p in people.values())
    assert len(nationalities) >= 15
    assert set(nationalities) <= set(HIGH) | set(LOW)
    assert all(len(v) == 10 and v.isdigit() for v in v_numbers)
    assert len(set(v_numbers)) == len(v_numbers) > 150
    assert len({tuple(p.names) for p in people.values()}) > 200
    ages = [p.age_on(TODAY) for p in people.values() if p.date_of_birth]
    assert min(a for a in ages if a is not None) < 12
    assert max(a for a in ages if a is not None) > 45
    minors = [c for c in plan if c.scenario == "unaccompanied-minor"]
    assert minors
    assert any(e.event.type == "representative_appointed" for c in minors for e in c.events)


def test_family_members_name_each_other() -> None:
    plan = plan_population(TODAY, cases=300)
    ids = {c.case_id for c in plan}
    families = [c for c in plan if c.scenario == "family"]
    assert len(families) >= 6
    for case in families:
        made = next(e.event for e in case.events if e.event.type == "application_made")
        family = getattr(made, "family", None)
        assert family is not None
        assert family.includes_minors
        others = {m.case_id for m in family.members if m.case_id is not None}
        assert case.case_id not in others
        assert others <= ids
        assert {m.relation for m in family.members} & {"child", "parent"}
        # a member without a case of their own is a relative living in a Dutch municipality
        assert all(m.municipality for m in family.members if m.case_id is None)
    living_here = [c for c in families if any(m.municipality for m in _family(c).members)]
    assert 0 < len(living_here) < len(families)


def _family(case: Any) -> Any:
    return next(e.event for e in case.events if e.event.type == "application_made").family


def test_registered_demo_cases_have_an_ind_office() -> None:
    plan = plan_population(TODAY, cases=300)
    registered = [
        c for c in plan if any(e.event.type == "application_registered" for e in c.events)
    ]
    named = [c for c in registered if any(e.event.type == "ind_office_assigned" for e in c.events)]
    # the office is named a quarter of an hour after the registration: only a case registered in
    # the demo's last moments lacks it
    assert len(named) >= 0.95 * len(registered)


def test_routing_data_puts_the_nationality_groups_where_the_scenarios_expect() -> None:
    base = {
        "applied_for_asylum": True, "date_of_application": "2026-10-01", "age": 30,
        "unaccompanied": False, "security_risk": False, "misled_authorities": False,
        "special_needs_unsupported": False, "medical_grounds": False,
        "detention_guarantees_unmet": False, "border_capacity_reached": False,
        "annual_maximum_reached": False,
    }  # fmt: skip
    for nat in HIGH:
        r = route(parse_facts({**base, "entry": "in-territory", "nationality": nat}))
        assert (r.procedure, r.examination) == ("regular", "regular"), nat
    for nat in LOW:
        r = route(parse_facts({**base, "entry": "border-crossing", "nationality": nat}))
        assert (r.procedure, r.examination) == ("border", "accelerated"), nat


@pytest.mark.parametrize(
    ("event_type", "scenario", "organisation"),
    [
        ("screening_started", "screening-border", "KMar"),
        ("screening_started", "screening-territory", "IND"),
        ("application_registered", "registered", "IND"),
        ("decision_taken", "decided", "IND"),
        ("transfer_carried_out", "transferred", "DTenV"),
        ("return_border_procedure_started", "return-border", "DTenV"),
        ("representative_appointed", "unaccompanied-minor", "COA"),
        ("take_charge_request_received", "request-received", "IND"),
    ],
)
def test_each_event_is_recorded_by_the_organisation_that_really_records_it(
    event_type: str, scenario: str, organisation: str
) -> None:
    unit = next(i for i in range(200) if _deck_name(i) == scenario)
    case = plan_unit(scenario, unit, today=TODAY)[0]
    users = [demo_user(e.user) for e in case.events if e.event.type == event_type]
    assert users
    assert {u.organisation.value for u in users} == {organisation}


def test_assessments_counselling_and_absconding_are_recorded_by_coa_ind_and_counsellor() -> None:
    plan = plan_population(TODAY, cases=300)
    by_type: dict[str, set[str]] = {}
    for case in plan:
        for e in case.events:
            by_type.setdefault(e.event.type, set()).add(demo_user(e.user).organisation.value)
    assert by_type["legal_counselling_provided"] == {"legal-counselling"}
    assert by_type["absconded"] == {"COA"}
    assert by_type["vulnerability_assessed"] == {"IND"}  # procedural guarantees, APR Art. 20
    assert by_type["special_needs_assessed"] == {"COA"}  # reception needs, RCD Art. 25
    assert by_type["biometrics_taken"] == {"KMar", "IND"}


def test_a_thousand_cases_fit_from_the_earliest_demo_day_and_an_earlier_day_is_refused() -> None:
    assert len(plan_population(date(2026, 11, 29), cases=1000)) == 1000
    with pytest.raises(DemoDayError, match="too early"):
        plan_population(date(2026, 8, 1), cases=300)


def _deck_name(unit: int) -> str:
    cards = deck()
    return cards[unit % len(cards)]
