"""``rules list`` and ``deadline`` show the time limits added for issue 14 item 7, with their
articles (in-process: ``tests.support.cli``)."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import RunCli

ADDED = {
    "APR-38e": "APR Art. 38(1)(e)",
    "APR-24b": "APR Art. 23(3)",
    "AMMR-23": "AMMR Art. 23(2)(b), 2nd subpara.",
    "AMMR-29": "AMMR Art. 29(4)",
    "AMMR-30": "AMMR Art. 30(1)",
    "AMMR-35": "AMMR Art. 35(2), 3rd subpara.",
    "AMMR-37c": "AMMR Art. 37(3)",
    "AMMR-37d": "AMMR Art. 37(4)",
    "AMMR-39b": "AMMR Art. 39(2)",
    "AMMR-67": "AMMR Art. 67(9), 1st subpara.",
    "AMMR-67f": "AMMR Art. 67(11)",
}
ADDED_DUBLIN3 = {
    "D3-15": "Reg. 604/2013 Art. 17(2), 3rd subpara.",
    "D3-16": "Reg. 604/2013 Art. 21(2), 2nd subpara.",
    "D3-17": "Reg. 604/2013 Art. 24(2), 1st subpara.",
    "D3-19": "Reg. 1560/2003 Art. 5(2), 2nd sentence",
}


@pytest.mark.parametrize(("day", "added"), [("2026-12-05", ADDED), ("2026-06-30", ADDED_DUBLIN3)])
def test_rules_list_shows_the_added_limits_with_their_articles(
    run_cli: RunCli, day: str, added: dict[str, str]
) -> None:
    done = run_cli("rules", "list", "--at", day)
    assert done.returncode == 0, done.stderr
    lines = {line.split()[0]: line for line in done.stdout.splitlines() if line.startswith("  ")}
    for rule_id, citation in added.items():
        assert rule_id in lines, rule_id
        assert citation in lines[rule_id], lines[rule_id]


def test_deadline_of_an_added_limit(run_cli: RunCli) -> None:
    # APR 38(1)(e): 7 working days from Thu 22 Apr 2027, King's Day (Tue 27 Apr) skipped.
    done = run_cli("deadline", "APR-38e", "--from", "2027-04-22", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["end"] == "2027-05-04"
    assert data["legal_basis"][0]["citation"] == "APR Art. 38(1)(e)"
    assert "inadmissible" in data["consequence"]
    # the extension of APR 23(3) on a ground the article names
    extended = run_cli(
        "deadline", "APR-24", "--from", "2026-12-10", "--extend",
        "APR-24b=disproportionate-numbers", "--json",
    )  # fmt: skip
    assert json.loads(extended.stdout)["end"] == "2027-01-18"


def test_a_limit_without_a_day_count_says_why(run_cli: RunCli) -> None:
    done = run_cli("deadline", "AMMR-37c", "--from", "2027-01-04")
    assert done.returncode == 2
    assert "sets no day count" in done.stderr
