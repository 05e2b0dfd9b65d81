"""Scenarios: the shipped ones read; a bad one is refused at its line, naming what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from migrationpact.twin.located import ScenarioError
from migrationpact.twin.scenario import SCENARIOS, parse_scenario, read_scenario
from tests.unit.twin.helpers import BASE, line_of, write


def test_the_shipped_scenarios_read_with_a_source_for_every_figure() -> None:
    for name in ("base", "amendment-example"):
        scenario = read_scenario(SCENARIOS / f"{name}.yaml")
        for figure in scenario.all_figures():
            assert figure.source in scenario.sources, figure
            assert figure.status in ("V", "D", "E")
        assert "rates.absconding" not in scenario.estimates()  # names are the figures' own
        assert "absconding" in scenario.estimates()
        assert "reception.DOL" in scenario.estimates()
        assert "reception.AZC" not in scenario.estimates()  # V: COA, 25 Sep 2023


def test_the_amendment_example_is_the_base_with_another_law() -> None:
    base = yaml.safe_load(BASE)
    alt = yaml.safe_load((SCENARIOS / "amendment-example.yaml").read_text(encoding="utf-8"))
    differing = sorted(k for k in base if base[k] != alt[k])
    assert differing == ["law", "scenario", "title"]
    assert base["law"]["edition"] == alt["law"]["edition"]


def refused(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "bad.yaml")
    return caught.value


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("- code: TUR", "- code: TRK", "nationality 'TRK' is not an ISO 3166-1 alpha-3 code"),
        ("- code: TUR", "- code: Turkey", "nationality 'Turkey' is not an ISO 3166-1"),
        ("absconding: {value: 0.10", "absconding: {value: -0.1", "absconding: -0.1 is negative"),
        ("dublin_share: {value: 0.274", "dublin_share: {value: 1.4", "the rate 1.4 is above one"),
        ("screening_staff: {value: 300", "screening_staff: {value: -3", "-3 is negative"),
        ("edition: 2026-12-05", "edition: 2026-12-06", "unknown rule-book edition 2026-12-06"),
        ('source: kv_rajkowski, note: "8,830', 'source: kv, note: "8,830', "unknown source 'kv'"),
        ("status: V, source: coa_cap", "status: X, source: coa_cap", "status must be V, D or E"),
        ("  DOL: {value: 500", "  DUB: {value: 500", "unknown location type 'DUB'"),
        ("  departure: {value", "  leaving: {value", "rates.leaving: unknown figure"),
        ("months: 12", "months: 0", "months: a whole number from 1 to 600, not 0"),
        ("months: 12", "months: 2.5", "months: a whole number from 1 to 600, not 2.5"),
        ("housing_quota: {value: 13000", "housing_quota: {value: -5", "quota: -5 is negative"),
        (
            "  court_capacity:",
            "  housing_quotum: {value: 5, status: E, source: estimate}\n  court_capacity:",
            "staffing.housing_quotum: unknown figure",
        ),
    ],
)
def test_a_bad_figure_is_refused_at_its_line(old: str, new: str, message: str) -> None:
    assert old in BASE
    text = BASE.replace(old, new, 1)
    error = refused(text)
    assert message in error.message
    assert error.line == line_of(text, new)
    assert str(error).startswith(f"bad.yaml:{error.line}: ")


AMENDMENT = """  amendments:
    - kind: period
      rule: {rule}
      length: {length}
      from: {day}
      source: a test
"""


def amended(rule: str = "NL-APR-18", length: str = "1 week", day: str = "2027-01-01") -> str:
    block = AMENDMENT.format(rule=rule, length=length, day=day)
    return BASE.replace("  amendments: []\n", block)


def test_a_missing_figure_is_named_at_its_section() -> None:
    text = BASE.replace("  return_days: {value: 60, status: E, source: estimate}\n", "")
    error = refused(text)
    assert error.message == "durations.return_days: the figure is missing"
    assert error.line == line_of(text, "durations:")


def test_an_unknown_rule_id_is_refused_at_its_line() -> None:
    text = amended(rule="NL-APR-99")
    error = refused(text)
    assert "unknown rule id 'NL-APR-99'" in error.message
    assert error.line == line_of(text, "rule: NL-APR-99")


def test_an_amendment_needs_a_period_and_a_day_after_its_edition() -> None:
    assert "not a period" in refused(amended(length="a while")).message
    assert "after its edition" in refused(amended(day="2026-12-01")).message
    assert "rule APR-03 has no length to amend" in refused(amended(rule="APR-03")).message


def test_an_amended_national_period_must_stay_within_the_eu_range() -> None:
    text = amended(length="2 days")
    error = refused(text)
    assert "2 days lies outside the range 5 days – 10 days of APR-18" in error.message
    assert error.line == line_of(text, "length: 2 days")


def test_a_crisis_amendment_is_checked_as_the_register_checks_it() -> None:
    text = BASE.replace(
        "  amendments: []\n",
        "  amendments:\n    - kind: crisis\n      id: X\n      situation: war\n",
    )
    error = refused(text)
    assert "missing fields" in error.message
    assert error.line == line_of(text, "- kind: crisis")


def test_not_yaml_and_an_unreadable_file_name_the_file(tmp_path: Path) -> None:
    error = refused("scenario: [unclosed\n")
    assert error.message.startswith("not valid YAML")
    with pytest.raises(ScenarioError, match=r"^missing\.yaml:1: cannot read the file"):
        read_scenario(tmp_path / "missing.yaml")
    path = write(tmp_path, "- a list\n")
    with pytest.raises(ScenarioError, match="a scenario is a YAML mapping"):
        read_scenario(path)


def test_a_scenario_may_state_the_share_its_runs_simulate() -> None:
    assert read_scenario(SCENARIOS / "backtest-2023-2025.yaml").default_scale == 0.25
    assert read_scenario(SCENARIOS / "base.yaml").default_scale == 1.0
    halved = BASE.replace("months: 12\n", "months: 12\nscale: 0.5\n", 1)
    assert parse_scenario(halved, "half.yaml").default_scale == 0.5
    for bad, message in (("0", "scale: a share above 0"), ("1.5", "the rate 1.5 is above one")):
        text = BASE.replace("months: 12\n", f"months: 12\nscale: {bad}\n", 1)
        error = refused(text)
        assert message in error.message
        assert error.line == line_of(text, f"scale: {bad}")
