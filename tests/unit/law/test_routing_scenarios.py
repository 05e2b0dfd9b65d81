"""Routing scenarios written as a lawyer would check them: given facts, expected procedure.

Each file in ``tests/scenarios/routing/`` names the article it checks, the facts, the expected
result (a subset of the result fields and nodes of the explanation tree) and, in ``why``, the
reasoning in plain words. A scenario may bring its own recognition-rate rows (replacing the
shipped table) and its own crisis register.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from migrationpact.law.crisis import CrisisDecision, CrisisRegister
from migrationpact.law.routing import Node, RecognitionTable, RoutingResult, parse_facts, route

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "scenarios" / "routing"
SCENARIOS = sorted(SCENARIO_DIR.glob("*.yaml"))
TOP_KEYS = {"title", "article", "why", "facts", "expect"}
OPTIONAL_KEYS = {"decision_date", "recognition_rates", "crisis_register"}
FIELDS = {"screening", "procedure", "examination", "border_mandatory", "responsibility_regime"}
LISTS = {"deadlines_include", "deadlines_exclude", "missing_facts", "node"}


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def run(scenario: dict[str, Any], tmp_path: Path) -> RoutingResult:
    facts = parse_facts(scenario["facts"])
    rates = None
    if "recognition_rates" in scenario:
        rates = RecognitionTable.from_rows(*scenario["recognition_rates"])
    crisis: CrisisDecision | None = None
    if facts.crisis is not None:
        register = tmp_path / "register.yaml"
        register.write_text(yaml.safe_dump(scenario["crisis_register"]), encoding="utf-8")
        crisis = CrisisRegister.load(register).get(facts.crisis)
    return route(facts, decision_date=scenario.get("decision_date"), crisis=crisis, rates=rates)


def matches(node: Node, want: dict[str, Any]) -> bool:
    if node.rule != want["rule"] or node.outcome != want["outcome"]:
        return False
    for key, value in want.get("facts_used", {}).items():
        if key not in node.facts_used or node.facts_used[key] != value:
            return False
    return want.get("reason_contains", "") in node.reason


def test_there_are_scenarios() -> None:
    assert len(SCENARIOS) >= 25


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: Path, tmp_path: Path) -> None:
    scenario = load(path)
    assert TOP_KEYS <= set(scenario) <= TOP_KEYS | OPTIONAL_KEYS, f"keys: {sorted(scenario)}"
    assert scenario["why"].strip()
    assert scenario["article"].strip()
    expect = scenario["expect"]
    assert set(expect) <= FIELDS | LISTS, f"unknown expectation {set(expect) - FIELDS - LISTS}"
    assert expect, "a scenario must expect something"

    result = run(scenario, tmp_path)
    got = result.to_dict()
    for name in FIELDS & set(expect):
        assert got[name] == expect[name], f"{name}: got {got[name]!r}\n{result.explain()}"
    for deadline in expect.get("deadlines_include", []):
        assert deadline in result.deadlines, f"{deadline} missing from {result.deadlines}"
    for deadline in expect.get("deadlines_exclude", []):
        assert deadline not in result.deadlines, f"{deadline} must not start"
    if "missing_facts" in expect:
        assert sorted(result.missing_facts) == sorted(expect["missing_facts"])
    wanted = expect.get("node", [])
    for want in wanted if isinstance(wanted, list) else [wanted]:
        assert any(matches(n, want) for n in result.explanation.walk()), (
            f"no node {want}\n{result.explain()}"
        )
    for node in result.explanation.walk():
        assert node.rule, f"node without rule id: {node.title}"
        assert node.legal_basis, f"node without legal basis: {node.title}"
