"""The flows besides first applications: nareizigers, subsequent applications, transfers in.

Each is worked by hand on a small scenario whose draws cannot change the answer (a month with a
seasonal factor of 0, a rate of 0 or 1, delays that end well inside the horizon); and a
scenario without them gives what it gave before they existed, bit for bit.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import numpy as np
import pytest

from migrationpact.cases.dublin import ACCEPTED
from migrationpact.twin.kernel import Replication, World, run_replication
from migrationpact.twin.lawbuild import build_law
from migrationpact.twin.located import ScenarioError
from migrationpact.twin.montecarlo import run_many
from migrationpact.twin.outputs import HEADLINES, summary_lines, write_series
from migrationpact.twin.paths import REQUEST_ACCEPTED
from migrationpact.twin.scenario import Figure, Nationality, Scenario, parse_scenario
from migrationpact.twin.summary import summary_of
from tests.unit.twin.helpers import BASE, line_of, small, small_text

NAREIZIGERS = """
flows:
  nareizigers:
    per_month: {{value: {per_month}, status: E, source: estimate}}
    seasonality: [{seasonality}]
"""
REPEAT = """
flows:
  repeat:
    share: {{value: {share}, status: E, source: estimate}}
    delay_days: {{value: 1, status: E, source: estimate}}
    new_elements: {{value: {new}, status: E, source: estimate}}
"""
INCOMING = """
flows:
  incoming_dublin:
    requests_per_month: {{value: 60, status: E, source: estimate}}
    accepted: {{value: {accepted}, status: E, source: estimate}}
    reply_days: {{value: 4, status: E, source: estimate}}
    transferred: {{value: 1, status: E, source: estimate}}
    transfer_days: {{value: 4, status: E, source: estimate}}
"""


def fingerprint(result: Replication) -> str:
    digest = hashlib.sha256()
    for name in sorted(result.series):
        digest.update(name.encode())
        digest.update(np.asarray(result.series[name], dtype=float).tobytes())
    digest.update(f"{result.people} {result.events}".encode())
    return digest.hexdigest()[:16]


def test_a_scenario_without_the_flows_runs_as_before_bit_for_bit() -> None:
    """Computed before the flows existed (commit e332435): no draw of theirs may move it."""
    result = run_replication(small(per_month=40, months=2), seed=3)
    assert (fingerprint(result), result.people, result.events) == ("37eedc940877b3ed", 90, 837)


def _figure(value: float) -> str:
    return f"{{value: {value}, status: E, source: estimate}}"


def nareizigers(per_month: int, august: float = 1.0, quota: str = "") -> Scenario:
    """Nobody applies; ``per_month`` nareizigers a month (none in August when ``august`` is 0);
    homes take years unless the municipalities' half-year ``quota`` is given."""
    factors = ", ".join(_figure(august if month == 8 else 1.0) for month in range(1, 13))
    text = small_text(
        per_month=0,
        months=2,
        housing=("  housing_days: {value: 120", "  housing_days: {value: 100000000"),
        quota=("  court_capacity:", f"{quota}  court_capacity:"),
    ) + NAREIZIGERS.format(per_month=per_month, seasonality=factors)
    return parse_scenario(text, "nareizigers.yaml")


def test_nareizigers_fill_reception_month_by_month_until_they_are_housed() -> None:
    world = World(nareizigers(300, august=0.0), build_law(small()), seed=5)
    result = world.run()
    arrived = result.series["nareizigers.arrived"]
    assert arrived[1] == 0  # August's factor is 0: nobody comes
    assert 300 - 4 * 300**0.5 < arrived[0] < 300 + 4 * 300**0.5  # July: Poisson, mean 300
    assert "nareizigers.housed" not in result.series  # nobody housed: they all stay
    # Nobody has left: those present at the end are those who came, all in an AZC.
    assert world.metrics.present["phase.nareizigers"] == arrived.sum()
    assert world.metrics.present["reception.AZC"] == arrived.sum()
    assert result.series["level.reception.AZC"][1] == arrived[0]  # August: July's, all month
    assert np.array_equal(result.series["level.reception.AZC"],
                          result.series["level.phase.nareizigers"])  # fmt: skip
    assert result.people == 0
    assert "arrivals" not in result.series


def test_nareizigers_wait_in_the_line_of_the_municipal_quota() -> None:
    quota = "  housing_quota: {value: 365, status: E, source: estimate}\n"
    result = run_replication(nareizigers(300, quota=quota), seed=4)
    # 62 days at two homes a day (365 / 182.625), one fraction still owed at the end; more
    # nareizigers came than that, so every home went to one of them.
    assert result.series["nareizigers.arrived"].sum() > 200
    assert list(result.series["nareizigers.housed"]) == [61, 62]


def one_nationality(scenario: Scenario, recognition: float, **rates: float) -> Scenario:
    """Everyone of one nationality recognised with ``recognition``; ``rates`` changed."""
    share = Figure("MAR.share", 1.0, "E", "estimate")
    rate = Figure("MAR.recognition", recognition, "E", "estimate")
    figures = {
        **scenario.figures,
        **{k: dataclasses.replace(scenario.figures[k], value=v) for k, v in rates.items()},
    }
    return dataclasses.replace(
        scenario, nationalities=(Nationality("MAR", share, rate),), figures=figures
    )


def repeat(recognition: float = 0.0, departure: float = 0.0, new: float = 0.0) -> World:
    """30 first applicants a month for four months, all rejected (unless ``recognition``) with no
    appeal; every one who stays applies again a day after reception ends."""
    text = small_text(per_month=30, months=4) + REPEAT.format(share=1, new=new)
    scenario = one_nationality(
        parse_scenario(text, "repeat.yaml"), recognition, appeal_rate=0.0, departure=departure
    )
    world = World(scenario, build_law(scenario), seed=7, keep_events=True)
    world.run()
    return world


def test_subsequent_applications_come_only_from_finally_rejected_people_who_stayed() -> None:
    world = repeat()
    cases = {case.state.case_id: case for case in world.cases}
    again = [case for case in world.cases if case.state.case_id.startswith("SUB-")]
    assert len(again) > 10
    series = world.metrics.series()
    assert series["repeat.lodged"].sum() == len(again)
    for case in again:
        assert case.state.subsequent
        earlier = cases[case.state.previous_case_id or ""].state
        assert earlier.decision is not None
        assert earlier.decision.outcome in (
            "unfounded",
            "inadmissible",
        )
        assert not earlier.closed  # stayed: not returned
        # new_elements 0: every preliminary examination finds none (APR Art. 38(1)(c))
        decision = case.state.decision
        if decision is not None:
            grounds = (decision.outcome, decision.inadmissibility_ground)
            assert grounds == ("inadmissible", "38(1)(c)")
    decided = sum(case.state.decision is not None for case in again)
    assert series["repeat.inadmissible"].sum() == decided > 0
    assert "repeat.examined" not in series


@pytest.mark.parametrize(
    ("recognition", "departure"), [(1.0, 0.0), (0.0, 1.0)], ids=["recognised", "all-left"]
)
def test_nobody_recognised_or_gone_applies_again(recognition: float, departure: float) -> None:
    world = repeat(recognition=recognition, departure=departure)
    assert not [case for case in world.cases if case.state.case_id.startswith("SUB-")]
    assert "repeat.lodged" not in world.metrics.series()


def test_subsequent_applications_with_new_elements_are_examined_in_full() -> None:
    series = repeat(new=1.0).metrics.series()
    lodged, examined = series["repeat.lodged"], series["repeat.examined"]
    assert examined.sum() > 10
    # Every one is examined in full, ten days after it was made at the latest.
    assert lodged[:-1].sum() <= examined.sum() <= lodged.sum()
    assert "repeat.inadmissible" not in series


def incoming(accepted: float) -> tuple[World, Replication]:
    text = small_text(per_month=0, months=2) + INCOMING.format(accepted=accepted)
    scenario = parse_scenario(text, "incoming.yaml")
    world = World(scenario, build_law(scenario), seed=8, keep_events=True)
    return world, world.run()


def test_every_accepted_request_brings_its_person_after_the_reply_and_transfer() -> None:
    world, result = incoming(accepted=1.0)
    requests = [c for c in world.cases if c.state.case_id.startswith("INC-")]
    people = [c for c in world.cases if c.state.case_id.startswith("TRF-")]
    s = result.series
    assert s["dublin.incoming.requests"].sum() == len(requests) > 80
    # A reply takes 2 to 6 days, a transfer 2 to 6 more: every request of July has its person.
    received = {c.state.case_id: c.state.dublin.received_at for c in requests}
    july = [c for c in requests if getattr(received[c.state.case_id], "month", 0) == 7]
    assert all(c.state.dublin.reply in ACCEPTED and c.state.dublin.arrived_at for c in july)
    arrived = [c for c in requests if c.state.dublin.arrived_at is not None]
    assert s["dublin.incoming.arrived"].sum() == len(arrived) == len(people)
    assert len(requests) - len(arrived) <= s["dublin.incoming.requests"][1]  # late in August
    assert "dublin.incoming.refused" not in s
    for case in people:  # they apply here, the Netherlands responsible: no request of ours
        types = {event.type for event in case.history or []}
        assert "application_made" in types
        assert "take_charge_request_sent" not in types
    assert result.people == 0  # not first applications
    assert s["level.reception.COL"].sum() > 0  # they take a reception place


def test_a_refused_request_brings_nobody() -> None:
    world, result = incoming(accepted=0.0)
    s = result.series
    assert "dublin.incoming.arrived" not in s
    assert "dublin.incoming.accepted" not in s
    assert s["dublin.incoming.refused"].sum() > 0.9 * s["dublin.incoming.requests"].sum()
    assert not [c for c in world.cases if c.state.case_id.startswith("TRF-")]


def test_a_transferred_person_is_responsibility_of_the_netherlands() -> None:
    world, _ = incoming(accepted=1.0)
    person = next(c for c in world.cases if c.state.case_id.startswith("TRF-"))
    found = [e for e in person.history or [] if e.type == "responsibility_determined"]
    assert [getattr(e, "basis", None) for e in found] == [REQUEST_ACCEPTED]


FLOWS_OF_BASE = BASE.split("\n# The flows besides")[1]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("per_month: {value: 1333", "per_month: {value: -5",
         "nareizigers.per_month: -5 is negative"),
        ("share: {value: 0.10", "share: {value: 1.5", "repeat.share: the rate 1.5 is above one"),
        ("new_elements: {value: 0.30", "new_elements: {value: -0.3",
         "repeat.new_elements: -0.3 is negative"),
        ("accepted: {value: 0.57", "accepted: {value: 57", "incoming_dublin.accepted: the rate 57"),
        ("transferred: {value: 0.394", "transferred: {value: 1.01",
         "incoming_dublin.transferred: the rate 1.01 is above one"),
        ("requests_per_month: {value: 435", "requests_per_month: {value: -1",
         "incoming_dublin.requests_per_month: -1 is negative"),
        ("delay_days: {value: 180", "delay_days: {value: -2", "repeat.delay_days: -2 is negative"),
        ("  repeat:\n", "  repeats:\n", "flows.repeats: unknown flow"),
        ("    delay_days:", "    delay: {value: 1, status: E, source: estimate}\n    delay_days:",
         "flows.repeat.delay: unknown figure"),
        ("      - {value: 1.181, status: D, source: cbs_q2_2024}\n  #", "  #",
         "nareizigers.seasonality: a list of 12 figures is needed"),
        ("{value: 0.754, status: D", "{value: -0.754, status: D",
         "nareizigers.seasonality[1]: -0.754 is negative"),
    ],
)  # fmt: skip
def test_a_bad_flow_figure_is_refused_at_its_line(old: str, new: str, message: str) -> None:
    at = BASE.index("\n# The flows besides")
    assert old in FLOWS_OF_BASE
    text = BASE[:at] + BASE[at:].replace(old, new, 1)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "bad.yaml")
    error = caught.value
    assert message in error.message
    where = "    seasonality:" if "a list of 12" in message else new.splitlines()[0]
    assert error.line == text[: text.index(where, at)].count("\n") + 1
    assert str(error).startswith(f"bad.yaml:{error.line}: ")


def test_a_missing_flow_figure_is_named_at_its_flow() -> None:
    at = BASE.index("\n# The flows besides")
    gone = "    reply_days: {value: 14"
    text = BASE[:at] + "\n".join(x for x in BASE[at:].split("\n") if not x.startswith(gone))
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "bad.yaml")
    assert caught.value.message == "flows.incoming_dublin.reply_days: the figure is missing"
    assert caught.value.line == line_of(text, "  incoming_dublin:")


def test_the_outputs_show_a_flow_only_for_a_scenario_that_gives_it(tmp_path: Path) -> None:
    stream = "    per_month: {value: 20, status: E, source: estimate}\n"  # rejected before
    with_flows = small_text(per_month=10, months=1) + REPEAT.format(share=1, new=0) + stream
    runs = run_many(parse_scenario(with_flows, "repeat.yaml"), 1, 1, parallel=False)
    assert any(line.startswith("subsequent applications lodged") for line in summary_lines(runs))
    assert "repeat.lodged" in {o["name"] for o in summary_of(runs)["outputs"]}
    write_series(runs, tmp_path)
    assert "\nrepeat.lodged,2026-07," in (tmp_path / "series.csv").read_text(encoding="utf-8")
    plain = run_many(small(per_month=10, months=1), 1, 1, parallel=False)
    assert not any("subsequent" in line for line in summary_lines(plain))
    assert [o["name"] for o in summary_of(plain)["outputs"]] == [n for n, _ in HEADLINES]
