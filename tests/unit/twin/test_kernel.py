"""The kernel: simulated people go through the real state machine under the scenario's law."""

from __future__ import annotations

import dataclasses
from collections.abc import Generator
from datetime import date
from typing import Any

import numpy as np
import simpy

from migrationpact.twin.kernel import World, month_starts, run_replication
from migrationpact.twin.lawbuild import build_law
from migrationpact.twin.scenario import Amendment, Figure, Nationality, Scenario, parse_scenario
from migrationpact.twin.stations import Staff
from tests.unit.twin.helpers import small, small_text


def only(scenario: Scenario, code: str, recognition: float, **figures: float) -> Scenario:
    """The scenario with one nationality and some figures changed."""
    share = Figure(f"{code}.share", 1.0, "E", "estimate")
    rate = Figure(f"{code}.recognition", recognition, "E", "estimate")
    changed = {
        **scenario.figures,
        **{k: dataclasses.replace(scenario.figures[k], value=v) for k, v in figures.items()},
    }
    return dataclasses.replace(
        scenario, nationalities=(Nationality(code, share, rate),), figures=changed
    )


def test_people_leave_real_case_states_behind() -> None:
    scenario = small(per_month=30, months=2)
    world = World(scenario, build_law(scenario), seed=1, keep_events=True)
    result = world.run()
    assert result.people == len(world.cases) > 30
    states = [case.state for case in world.cases]
    assert all(s.made_at is not None for s in states)
    assert sum(s.seq >= 5 for s in states) > 0.8 * len(states)  # the last arrivals are new
    assert {s.procedure for s in states} <= {"regular", "border", "undetermined"}
    reasons = {s.closed_reason for s in states if s.closed}
    assert "protection-granted" in reasons
    assert result.events == sum(case.decided for case in world.cases)
    assert sum(result.series["arrivals"]) == result.people


def test_routing_sends_border_arrivals_to_the_border_procedure_until_places_run_out() -> None:
    scenario = only(small(per_month=30, months=1), "MAR", 0.03, border_share=1.0)
    roomy = run_replication(scenario, seed=2)
    assert roomy.series["border.entered"].sum() > 10
    assert roomy.series["level.phase.border"].sum() > 0
    full = dataclasses.replace(
        scenario,
        figures={
            **scenario.figures,
            "border_places": dataclasses.replace(scenario.figures["border_places"], value=0),
        },
    )
    crowded = run_replication(full, seed=2)
    assert "border.entered" not in crowded.series  # routing read border_capacity_reached


def test_a_shorter_appeal_period_makes_more_appeals_late() -> None:
    january = month_starts(date(2026, 7, 1), 7)[6]  # after the amendment takes effect
    scenario = dataclasses.replace(small(per_month=30, months=2), start=january)
    base = only(scenario, "DZA", 0.0, appeal_rate=1.0, appeal_filing_days=5.0)
    amendment = Amendment(
        kind="period",
        line=1,
        rule="NL-APR-18",
        length="5 days",
        valid_from=date(2026, 12, 6),
        data={"source": "a test"},
    )
    alt = dataclasses.replace(base, amendments=(amendment,))
    before = run_replication(base, seed=5).series["appeals.late"].sum()
    after = run_replication(alt, seed=5).series["appeals.late"].sum()
    # Filing after exp(mean 5 days): late with 10 days e^-2 = 14 %, with 5 days e^-1 = 37 %.
    assert after > 1.5 * before > 0


def test_a_crisis_decision_is_named_in_the_facts_of_people_who_apply_during_it() -> None:
    scenario = small(per_month=30, months=1)
    crisis = {
        "id": "FICTIONAL-T",
        "title": "FICTIONAL",
        "situation": "mass-arrival",
        "member_state": "NL",
        "valid_from": "2026-07-10",
        "valid_to": "2026-07-20",
        "derogations": ["CFMR Art 10"],
        "source": "fictional",
        "verified": False,
    }
    scenario = dataclasses.replace(
        scenario, amendments=(Amendment(kind="crisis", line=1, data=crisis),)
    )
    world = World(scenario, build_law(scenario), seed=3, keep_events=True)
    world.run()
    named = [c.state.facts.crisis for c in world.cases]
    assert "FICTIONAL-T" in named
    assert None in named
    for case in world.cases:
        made = case.state.made_at
        assert made is not None
        inside = made.day >= 10 and made.day <= 20 and made.month == 7
        assert (case.state.facts.crisis == "FICTIONAL-T") == inside


def test_new_caseworkers_join_after_the_training_lag() -> None:
    env = simpy.Environment()
    pool = Staff(env, "ind", 1)
    pool.hire(2, lag=10.0)
    served: list[float] = []

    def case() -> Generator[Any, Any, None]:
        token = yield from pool.take()
        served.append(env.now)
        yield env.timeout(100.0)
        pool.give(token)

    for _ in range(3):
        env.process(case())
    env.run()
    assert served == [0.0, 10.0, 10.0]
    assert pool.size == 3


def test_unaccompanied_minors_get_a_representative_and_no_border_procedure() -> None:
    scenario = only(
        small(per_month=30, months=1), "MAR", 0.03, border_share=1.0, unaccompanied_share=1.0
    )
    world = World(scenario, build_law(scenario), seed=4, keep_events=True)
    result = world.run()
    assert result.series["arrivals.unaccompanied"].sum() == result.people
    assert "border.entered" not in result.series  # adults of the same kind do enter it (above)
    assert not any(k.startswith("refused.") for k in result.series)
    assert all(c.state.facts.unaccompanied for c in world.cases)
    assert result.series["level.reception.COL-AMV"].sum() > 0
    assert "level.reception.COL" not in result.series


def test_a_person_who_leaves_the_chain_is_let_go_with_the_same_result() -> None:
    scenario = small(per_month=30, months=2)
    law = build_law(scenario)
    kept = World(scenario, law, seed=6, keep_events=True)
    kept_result = kept.run()
    lean = World(scenario, build_law(scenario), seed=6)
    lean_result = lean.run()
    assert lean.cases == []
    assert lean.active == {}
    assert lean_result.events == kept_result.events == sum(c.decided for c in kept.cases)
    assert sorted(lean_result.series) == sorted(kept_result.series)
    for name, values in kept_result.series.items():
        assert np.array_equal(values, lean_result.series[name], equal_nan=True), name


def _waiting_for_homes(quota: str) -> Scenario:
    """300 status holders in reception at the start, a short drawn wait, nobody arriving; with
    ``quota`` the municipalities' half-year quota under ``staffing``."""
    text = small_text(
        per_month=0,
        months=2,
        housing=("  housing_days: {", "  housing_days: {value: 5, status: E, source: estimate, "
                 "note: x} #"),
        quota=("  court_capacity:", f"{quota}  court_capacity:"),
    ) + (
        "\ninitial:\n"
        "  ind_backlog: {value: 0, status: V, source: aida_stats}\n"
        "  status_holders: {value: 300, status: V, source: aida_stats}\n"
        "  reception_residents: {value: 300, status: V, source: aida_stats}\n"
    )  # fmt: skip
    return parse_scenario(text, "housing.yaml")


def test_status_holders_wait_in_line_for_the_homes_of_the_municipal_quota() -> None:
    drawn = run_replication(_waiting_for_homes(""), seed=4)
    assert drawn.series["housed"].sum() == 300  # a 5-day mean wait: all housed in two months
    quota = _waiting_for_homes("  housing_quota: {value: 365, status: E, source: estimate}\n")
    assert quota.figures["housing_quota"].value == 365
    lined = run_replication(quota, seed=4)
    days = lined.horizon_days  # July and August: 62 days at two homes a day (365 / 182.625)
    assert lined.series["housed"].sum() == int(days * 365 / (365.25 / 2))
    assert list(lined.series["housed"]) == [61, 62]  # one fraction still owed at the end
    assert lined.series["level.phase.housing"][0] > 200  # the line, waiting


def test_an_annulled_decision_is_taken_again_and_then_grants_protection() -> None:
    """Everyone is refused, appeals and wins: the court annuls the decision (the case is back
    with the IND, APR Art. 67), the IND decides again, and only then is a permit issued."""
    scenario = only(small(per_month=20, months=4), "DZA", 0.0, appeal_rate=1.0,
                    appeal_upheld=1.0, appeal_filing_days=2.0)  # fmt: skip
    world = World(scenario, build_law(scenario), seed=2, keep_events=True)
    result = world.run()
    assert not any(name.startswith("refused.") for name in result.series if
                   name != "refused.transfer_carried_out")  # fmt: skip
    permitted = [c for c in world.cases if c.state.closed_reason == "protection-granted"]
    assert permitted  # some got through appeal and a new decision within four months
    for case in permitted:
        assert case.history is not None
        types = [e.type for e in case.history]
        decisions = [getattr(e, "outcome", None) for e in case.history
                     if e.type == "decision_taken"]  # fmt: skip
        assert decisions[0] == "unfounded"
        assert decisions[-1] in ("refugee-status", "subsidiary-protection")
        assert types.index("appeal_decided") < len(types) - 1 - types[::-1].index("decision_taken")
    upheld = result.series["appeals.upheld"].sum()
    # Only decisions taken again grant protection; some still wait for a caseworker at the end.
    assert len(permitted) <= result.series["decisions.positive"].sum() <= upheld
