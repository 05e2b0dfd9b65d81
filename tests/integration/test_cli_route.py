"""The real command line, run in-process (``tests.support.cli``): ``migrationpact route
FACTS.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.cli import RunCli
from tests.support.facts import AT_BORDER
from tests.unit.law.test_routing_scenarios import FIELDS, SCENARIOS, load

BORDER_CASE: dict[str, Any] = {**AT_BORDER, "nationality": "BGD"}

REGISTER = """\
decisions:
  - id: FICTIONAL-T
    title: FICTIONAL mass-arrival decision
    situation: mass-arrival
    member_state: NL
    valid_from: 2026-07-01
    valid_to: 2026-09-30
    derogations: ["CFMR Art 10", "CFMR Art 11"]
    source: fictional
    verified: false
"""


def facts_file(tmp_path: Path, data: object, name: str = "facts.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_json_output_is_one_object(run_cli: RunCli, tmp_path: Path) -> None:
    done = run_cli("route", facts_file(tmp_path, BORDER_CASE), "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    data = json.loads(done.stdout)
    assert data["screening"] == "external-border"
    assert data["procedure"] == "border"
    assert data["border_mandatory"] is True
    assert data["examination"] == "accelerated"
    assert data["responsibility_regime"] == "AMMR"
    assert "APR-16" in data["deadlines"]
    assert data["missing_facts"] == []
    assert data["rule_set_version"].startswith("sha256:")
    assert data["explanation"]["rule"] == "APPL-01"
    assert data["explanation"]["children"][0]["legal_basis"][0]["celex"] == "32024R1356"


def test_text_output_shows_tree_with_rule_ids_and_citations(
    run_cli: RunCli, tmp_path: Path
) -> None:
    done = run_cli("route", facts_file(tmp_path, BORDER_CASE))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "procedure:             border" in out
    assert "[APR-R6] Asylum border procedure" in out
    assert "-> mandatory  (APR Art. 45(1)" in out
    assert "[SR-R1] Screening at the external border -> external-border" in out
    assert "missing facts:         none" in out


def test_missing_facts_are_listed(run_cli: RunCli, tmp_path: Path) -> None:
    data = {k: v for k, v in BORDER_CASE.items() if k != "nationality"}
    done = run_cli("route", facts_file(tmp_path, data), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["procedure"] == "undetermined"
    assert result["missing_facts"] == ["nationality"]


def test_decision_date_option_changes_the_figure_used(run_cli: RunCli, tmp_path: Path) -> None:
    path = facts_file(tmp_path, BORDER_CASE)
    early = json.loads(run_cli("route", path, "--json", "--decision-date", "2026-04-30").stdout)
    late = json.loads(run_cli("route", path, "--json", "--decision-date", "2026-07-07").stdout)
    assert early["decision_date"] == "2026-04-30"

    def year(result: dict[str, Any]) -> int:
        stack = [result["explanation"]]
        while stack:
            node = stack.pop()
            if "rate_year" in node["facts_used"]:
                return int(node["facts_used"]["rate_year"])
            stack.extend(node["children"])
        raise AssertionError("no rate node")

    assert (year(early), year(late)) == (2024, 2025)


def test_crisis_register_option(run_cli: RunCli, tmp_path: Path) -> None:
    register = tmp_path / "register.yaml"
    register.write_text(REGISTER, encoding="utf-8")
    data = {**BORDER_CASE, "crisis": "FICTIONAL-T"}
    done = run_cli(
        "route", facts_file(tmp_path, data), "--json", "--crisis-register", str(register)
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert "CFMR-01" in result["deadlines"]
    assert result["explanation"]["children"][0]["rule"] == "CFMR-R1"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ({**BORDER_CASE, "nationalty": "BGD"}, "unknown field 'nationalty'"),
        ({**BORDER_CASE, "age": "thirty"}, "age"),
        ({**BORDER_CASE, "nationality": "Bangladesh"}, "ISO 3166-1 alpha-3"),
        ({**BORDER_CASE, "crisis": "NO-SUCH-DECISION"}, "NO-SUCH-DECISION"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    run_cli: RunCli, tmp_path: Path, content: object, message: str
) -> None:
    done = run_cli("route", facts_file(tmp_path, content))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert message in lines[0]


def test_missing_file_and_bad_date_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("route", str(tmp_path / "none.json")).returncode == 2
    done = run_cli("route", facts_file(tmp_path, BORDER_CASE), "--decision-date", "07-07-2026")
    assert done.returncode == 2
    assert "--decision-date" in done.stderr


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_route_reads_every_routing_scenario_and_answers_what_it_expects(
    run_cli: RunCli, path: Path
) -> None:
    done = run_cli("route", str(path), "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    expect = load(path)["expect"]
    for name in FIELDS & set(expect):
        assert got[name] == expect[name], name
    assert set(expect.get("deadlines_include", [])) <= set(got["deadlines"])
    assert not set(expect.get("deadlines_exclude", [])) & set(got["deadlines"])


def test_route_reads_facts_written_as_yaml(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(BORDER_CASE), encoding="utf-8")
    done = run_cli("route", str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["procedure"] == "border"
    path.write_text("entry: [border-crossing\n", encoding="utf-8")
    bad = run_cli("route", str(path))
    assert bad.returncode == 2
    assert bad.stderr.startswith(f"migrationpact: error: facts file {path} is not valid YAML")
    assert len(bad.stderr.strip().splitlines()) == 1
