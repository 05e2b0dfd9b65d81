"""The back-test: its scenario, the comparison worked by hand, scaling, and a quick run that
passes with the 2023 calibration and fails with half the IND's output."""

from __future__ import annotations

import dataclasses
import math
from datetime import date

import pytest

from migrationpact.twin.backtest import backtest, mape, scaled, summary_lines
from migrationpact.twin.kernel import World
from migrationpact.twin.lawbuild import build_law
from migrationpact.twin.located import ScenarioError
from migrationpact.twin.montecarlo import Runs, run_many
from migrationpact.twin.scenario import SCENARIOS, Scenario, parse_scenario, read_scenario
from tests.unit.twin.helpers import backtest_runs, line_of, small_text

BACKTEST = SCENARIOS / "backtest-2023-2025.yaml"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return read_scenario(BACKTEST)


def test_the_backtest_scenario_replays_the_published_months(scenario: Scenario) -> None:
    assert (scenario.start, scenario.months) == (date(2023, 1, 1), 36)
    assert scenario.edition == date(2014, 1, 1)  # the rule book before the Pact
    years = [sum(f.value for f in scenario.by_month[k : k + 12]) for k in (0, 12, 24)]
    # CBS quarters: 6.94 + 7.95 + 10.51 + 12.98 = 38.38 thousand (AIDA: 38,377), 2024 31.98,
    # 2025 24.0 thousand; each month within a rounding of its quarter's third.
    assert years == pytest.approx([38_380, 31_980, 24_000], abs=3)  # thirds rounded
    assert scenario.arrivals_in(0) == 2499  # January 2023, IND (V)
    assert scenario.by_month[0].status == "V"
    plan = scenario.backtest
    assert plan is not None
    assert plan.tolerance == 0.15
    uses = {(p.what, p.period): p.use for p in plan.points}
    assert uses[("decisions", "2023")] == "calibration"  # ind_caseworkers comes from it
    assert uses[("decisions", "2024")] == "hold-out"
    assert {p.use for p in plan.points if p.what == "occupancy"} == {"hold-out"}
    # 17,490 decisions a year at 10 days each: 479 caseworkers (D, from the calibration point)
    assert scenario.figure("ind_caseworkers") == round(17_490 / 365 * 10)
    assert scenario.initial["reception_residents"].value == 51_805


def _with_backtest(points: str, months: int = 2) -> str:
    return small_text(months=months) + (
        "\nbacktest:\n  tolerance:\n    mape: 0.15\n    reason: a test\n  points:\n" + points
    )


POINT = "    - what: {what}\n      period: '{period}'\n      use: hold-out\n" \
        "      published: {{value: 10, status: V, source: aida_stats}}\n"  # fmt: skip


@pytest.mark.parametrize(
    ("what", "period", "message"),
    [
        ("decisions", "2026-07-05", "a count is compared over a year or a month, not a day"),
        ("decisions", "2026-09", "period 2026-09: outside the simulated months"),
        ("decisions", "2026", "period 2026: outside the simulated months"),  # only Jul-Aug run
        ("queues", "2026-07", "what: one of decisions, occupancy, not 'queues'"),
        ("occupancy", "2026-13", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_a_wrong_point_is_refused_at_its_line(what: str, period: str, message: str) -> None:
    text = _with_backtest(POINT.format(what=what, period=period))
    with pytest.raises(ScenarioError, match=message) as caught:
        parse_scenario(text, "bt.yaml")
    key = "what: " if "what:" in message else "period: "
    assert caught.value.line == line_of(text, f"{key}{what if key == 'what: ' else repr(period)}")


def test_a_day_of_a_level_is_compared_with_its_month() -> None:
    text = _with_backtest(POINT.format(what="occupancy", period="2026-08-25"))
    plan = parse_scenario(text, "bt.yaml").backtest
    assert plan is not None
    assert (plan.points[0].first, plan.points[0].months) == (1, 1)


def test_arrivals_are_per_month_with_seasonality_or_by_month_not_both() -> None:
    by_month = "  by_month:\n" + "    - {value: 5, status: V, source: aida_stats}\n" * 2
    text = small_text(months=2).replace("arrivals:\n", "arrivals:\n" + by_month, 1)
    with pytest.raises(ScenarioError, match="by_month, or per_month with seasonality"):
        parse_scenario(text, "bt.yaml")
    start = text.index("  per_month:")
    end = text.index("  # The ten largest")
    only = parse_scenario(text[:start] + text[end:], "bt.yaml")
    assert [only.arrivals_in(m) for m in range(2)] == [5, 5]
    assert only.per_month is None
    short = by_month.replace("    - {value: 5, status: V, source: aida_stats}\n", "", 1)
    text = small_text(months=2).replace("arrivals:\n", "arrivals:\n" + short, 1)
    with pytest.raises(ScenarioError, match="by_month: a list of 2 figures is needed"):
        parse_scenario(text[: text.index("  per_month:")] + text[text.index("  # The ten"):],
                       "bt.yaml")  # fmt: skip


def test_scaling_keeps_the_output_of_every_pool_exactly(scenario: Scenario) -> None:
    small_one = scaled(scenario, 0.005)
    # 479 x 0.005 = 2.395 caseworkers: 2, each taking 10 x 2 / 2.395 = 8.35 days a decision.
    assert small_one.figure("ind_caseworkers") == 2
    assert small_one.figure("ind_days_per_decision") == pytest.approx(10 * 2 / 2.395)
    for pool, days in (("ind_caseworkers", "ind_days_per_decision"),
                       ("screening_staff", "screening_days"),
                       ("court_capacity", "court_days_per_appeal")):  # fmt: skip
        full = scenario.figure(pool) / scenario.figure(days)
        assert small_one.figure(pool) / small_one.figure(days) == pytest.approx(0.005 * full)
    assert small_one.arrivals_in(0) == pytest.approx(2499 * 0.005)
    assert small_one.initial["ind_backlog"].value == pytest.approx(35_790 * 0.005)
    assert small_one.reception["AZC"].value == pytest.approx(31_087 * 0.005)
    assert small_one.scale == 0.005
    assert scaled(scenario, 1.0) is scenario
    with pytest.raises(ValueError, match="a share above 0"):
        scaled(scenario, 0.0)


def test_the_comparison_worked_by_hand() -> None:
    # Two replications at 1 in 2: decisions (July, August) 24+20 and 26+22, AZC 99 and 101.
    runs = backtest_runs([[24, 20], [26, 22]], [[99, 0], [101, 0]], scale=0.5)
    result = backtest(runs)
    year, august, july = result.rows
    assert year.mean == 2 * (44 + 48) / 2  # 92 at full scale against 100 published
    assert year.error == pytest.approx(-0.08)
    assert august.mean == 2 * 21  # 42 against 40: +5 %
    assert august.error == pytest.approx(0.05)
    assert july.mean == 2 * (100 + 1)  # AZC and COL, every reception type: 202 against 200
    assert july.error == pytest.approx(0.01)
    # the standard error of August: values 40 and 44, sd 2.83, se 2: two se = 4 = 10 % of 40
    assert august.se == pytest.approx(2.0)
    assert august.beyond_noise == 0.0
    assert august.inside  # t(1) = 12.7: a band of two replications is wide
    assert result.mape("decisions") == pytest.approx(0.05)  # the calibration point not counted
    assert result.mape("decisions", "calibration") == pytest.approx(0.08)
    assert result.mape("occupancy") == pytest.approx(0.01)
    assert result.all_passed
    lines = summary_lines(result)
    assert any("decisions: hold-out MAPE 5.0 % (within the tolerance of 15 %)" in x for x in lines)
    worse = backtest(backtest_runs([[24, 10], [26, 12]], [[99, 0], [101, 0]], scale=0.5))
    assert worse.mape("decisions") == pytest.approx(0.45)  # 22 against 40
    assert not worse.passed("decisions")
    assert worse.passed("occupancy")
    assert not worse.all_passed
    assert mape([]) != mape([])  # NaN without any point


def test_the_people_in_the_chain_at_the_start_are_there_from_day_one() -> None:
    text = small_text(per_month=0, months=1) + (
        "\ninitial:\n"
        "  ind_backlog: {value: 20, status: V, source: aida_stats}\n"
        "  status_holders: {value: 6, status: V, source: aida_stats}\n"
        "  reception_residents: {value: 30, status: V, source: aida_stats}\n"
    )
    scenario = parse_scenario(text, "initial.yaml")
    world = World(scenario, build_law(scenario), seed=3, keep_events=True)
    result = world.run()
    assert result.people == 0  # nobody arrived
    assert len(world.cases) == 30  # 20 waiting, 6 status holders, 4 other residents
    assert all(c.state.case_id.startswith("INI-") for c in world.cases)
    made = [c.state.made_at for c in world.cases]
    assert all(m is not None and m.date() < date(2026, 7, 1) for m in made)
    decided = result.series["decisions.positive"] + result.series["decisions.negative"]
    # 580 caseworkers, 10 days a decision on average: nearly all of the backlog decided in July
    # (a decision takes longer than the 31 days with e^-3.1 = 4.5 %), nobody else.
    assert 15 <= decided.sum() <= 20
    # On day one all 30 are in reception: the July mean is at most 30 and well above 6.
    levels = sum(v[0] for k, v in result.series.items() if k.startswith("level.reception."))
    assert 6 < levels <= 30


def _quick(scenario: Scenario, capacity: float) -> Runs:
    """The back-test at 1 in 200 people over 2023-2024 (the compared years), 3 replications."""
    cut = dataclasses.replace(scenario, months=24, by_month=scenario.by_month[:24])
    f = cut.figures["ind_caseworkers"]
    changed = {**cut.figures, "ind_caseworkers": dataclasses.replace(f, value=f.value * capacity)}
    return run_many(scaled(dataclasses.replace(cut, figures=changed), 0.005), 3, 1,
                    parallel=False)  # fmt: skip


def test_the_quick_backtest_is_within_the_tolerance(scenario: Scenario) -> None:
    result = backtest(_quick(scenario, 1.0))
    for what in ("decisions", "occupancy"):
        assert result.mape_beyond_noise(what) <= result.tolerance, what
    assert result.mape("occupancy") <= result.tolerance


def test_half_the_ind_output_fails_the_backtest(scenario: Scenario) -> None:
    result = backtest(_quick(scenario, 0.5))
    assert result.mape("decisions") > 2 * result.tolerance
    assert result.mape_beyond_noise("decisions") > result.tolerance
    assert not result.all_passed
    assert not math.isnan(result.mape("occupancy"))
