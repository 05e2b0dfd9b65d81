"""``migrationpact deadline`` and ``migrationpact rules``, as a user runs them (in-process: see
``tests.support.cli``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import RunCli

EXAMPLE_REGISTER = Path(__file__).parents[2] / "docs" / "examples" / "crisis-example.yaml"


def test_deadline_json_has_the_rule_keys(run_cli: RunCli) -> None:
    done = run_cli("deadline", "AMMR-01", "--from", "2026-08-31", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    for key in ("rule", "title", "legal_basis", "rule_set_version", "verified", "end", "steps"):
        assert key in data
    assert data["rule"] == "AMMR-01"
    assert data["end"] == "2026-11-02"
    basis = data["legal_basis"][0]
    assert {"instrument", "celex", "eli", "article", "paragraph"} <= basis.keys()
    assert basis["celex"] == "32024R1351"
    assert data["rule_set_version"].startswith("sha256:")
    assert data["verified"] is True


def test_deadline_plain_output_shows_derivation_basis_version(run_cli: RunCli) -> None:
    done = run_cli("deadline", "AMMR-01", "--from", "2026-08-31")
    assert done.returncode == 0
    assert "Send a take charge request" in done.stdout
    assert "AMMR Art. 39(1)" in done.stdout
    assert "Rule set: " in done.stdout
    assert "Mon 2 Nov 2026" in done.stdout


def test_unverified_rule_is_shown_as_such(run_cli: RunCli) -> None:
    plain = run_cli("deadline", "APR-19", "--from", "2026-07-01")
    assert plain.returncode == 0
    assert plain.stdout.startswith("UNVERIFIED")
    data = json.loads(run_cli("deadline", "APR-19", "--from", "2026-07-01", "--json").stdout)
    assert data["verified"] is False
    assert data["unverified_reasons"]


def test_law_date_for_dublin_iii(run_cli: RunCli) -> None:
    ok = run_cli("deadline", "D3-01", "--from", "2026-07-15", "--law-date", "2026-06-30", "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["end"] == "2026-10-15"
    refused = run_cli("deadline", "D3-01", "--from", "2026-07-15", "--law-date", "2026-07-01")
    assert refused.returncode == 2
    assert "2014-01-01 – 2026-06-30" in refused.stderr


def test_extension_flag(run_cli: RunCli) -> None:
    done = run_cli(
        "deadline", "APR-13", "--from", "2026-07-01", "--extend", "APR-14=complex-issues"
    )
    assert done.returncode == 0, done.stderr
    assert "Thu 1 Jul 2027" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("deadline", "NOPE-1", "--from", "2026-07-01"), "unknown rule 'NOPE-1'"),
        (("deadline", "AMMR-01", "--from", "2026-06-15"), "not in force on law date"),
        (("deadline", "AMMR-01", "--from", "31-08-2026"), "cannot read"),
        (("deadline", "AMMR-01", "--from", "2026-08-31", "--law-date", "x"), "--law-date"),
        (("deadline", "APR-01", "--from", "2027-03-10", "--crisis", "X"), "no Council"),
        (("deadline", "APR-13", "--from", "2026-07-01", "--extend", "APR-14"), "RULE=GROUND"),
        (("rules", "show", "NOPE-1"), "unknown rule"),
        (("rules", "list", "--at", "soon"), "--at"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    run_cli: RunCli, args: tuple[str, ...], message: str
) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


def test_crisis_overlay_from_register_option_and_env(run_cli: RunCli) -> None:
    args = ["deadline", "APR-01", "--from", "2027-03-10", "--crisis", "FICTIONAL-NL-2027-01"]
    done = run_cli(*args, "--crisis-register", str(EXAMPLE_REGISTER), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["applied_rule"] == "CFMR-01"
    assert data["crisis"]["derogation_applied"] == "CFMR Art 10"
    via_env = run_cli(*args, env={"MIGRATIONPACT_CRISIS_REGISTER": str(EXAMPLE_REGISTER)})
    assert via_env.returncode == 0
    assert "CFMR Art 10" in via_env.stdout
    outside = run_cli(
        "deadline", "APR-01", "--from", "2027-07-01", "--crisis", "FICTIONAL-NL-2027-01",
        "--crisis-register", str(EXAMPLE_REGISTER),
    )  # fmt: skip
    assert outside.returncode == 2
    assert "not the start date" in outside.stderr


def test_rules_list_and_show(run_cli: RunCli) -> None:
    listed = run_cli("rules", "list", "--at", "2026-07-01", "--json")
    assert listed.returncode == 0
    data = json.loads(listed.stdout)
    ids = {r["id"] for r in data["rules"]}
    assert {"AMMR-01", "APR-13", "NL-APR-18"} <= ids
    assert "D3-01" not in ids
    assert data["rule_set_version"].startswith("sha256:")
    plain = run_cli("rules", "list", "--at", "2026-06-30").stdout
    assert "D3-01" in plain
    assert "UNVERIFIED" in plain
    shown = run_cli("rules", "show", "SCR-02")
    assert shown.returncode == 0
    assert "UNVERIFIED" in shown.stdout
    assert "SR Art. 8(3), 2nd sentence" in shown.stdout
    assert "32024R1356" in shown.stdout
    assert "2026-06-12 – open-ended" in shown.stdout
    as_json = json.loads(run_cli("rules", "show", "APR-13", "--json").stdout)
    assert as_json["versions"][0]["legal_basis"][0]["celex"] == "32024R1348"


def test_return_border_crisis_extension_needs_a_decision(run_cli: RunCli) -> None:
    # RBPR Art 6(1): 12 weeks from Wed 10 Mar 2027 end Wed 2 Jun; six more end Wed 14 Jul 2027.
    args = ["deadline", "RBP-01", "--from", "2027-03-10"]
    extend = ["--extend", "RBP-02=rejected-under-cfmr-11-3"]
    refused = run_cli(*args, *extend)
    assert refused.returncode == 2
    assert "recorded Council implementing decision" in refused.stderr
    assert refused.stdout == ""
    crisis = ["--crisis", "FICTIONAL-NL-2027-01", "--crisis-register", str(EXAMPLE_REGISTER)]
    done = run_cli(*args, *crisis, *extend, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["end"] == "2027-07-14"
    shown = run_cli("rules", "show", "RBP-02").stdout
    assert "Only under a Council decision for: crisis, mass-arrival, instrumentalisation" in shown
