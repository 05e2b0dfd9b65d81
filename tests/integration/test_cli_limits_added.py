"""``rules list`` and ``deadline`` for the limits added in the 2026-12-05 edition (EDR, RCD, QR,
RBPR; docs/rulebook.md, "Limits added in the 2026-12-05 edition")."""

from __future__ import annotations

import json

from tests.support.cli import RunCli


def test_rules_list_shows_the_added_limits_with_their_articles(run_cli: RunCli) -> None:
    done = run_cli("rules", "list", "--at", "2026-12-05")
    assert done.returncode == 0, done.stderr
    lines = {line.split()[0]: line for line in done.stdout.splitlines() if line.strip()}
    expected = {
        "EDR-16": "EDR Art. 24(2)",
        "EDR-20": "EDR Art. 24(6)",
        "EDR-07": "EDR Art. 18(2), 2nd subpara.",
        "RCD-06": "RCD Art. 11(3), 2nd subpara.",
        "RCD-10": "RCD Art. 16(2), 1st subpara.",
        "RCD-12": "RCD Art. 27(1), 5th subpara.",
        "QR-02": "QR Art. 20(3)",
        "RBP-04": "RBPR Art. 5(4)",
    }
    for rule_id, citation in expected.items():
        assert rule_id in lines, rule_id
        assert citation in lines[rule_id], (rule_id, lines[rule_id])
    assert "UNVERIFIED" in lines["RCD-05"]
    assert "UNVERIFIED" not in lines["RCD-07"]


def test_deadline_of_a_disembarked_person_with_the_technical_extension(run_cli: RunCli) -> None:
    # EDR Art 24(2), 24(5): Fri 4 Sep 2026 22:30 → 23:00 + 72 h + 48 h = Wed 9 Sep 2026 23:00.
    done = run_cli(
        "deadline", "EDR-16", "--from", "2026-09-04T22:30",
        "--extend", "EDR-19=serious-technical-problems", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["end"] == "2026-09-09T23:00"
    assert [e["rule"] for e in data["extensions"]] == ["EDR-19"]


def test_a_hours_extension_on_a_day_period_is_refused(run_cli: RunCli) -> None:
    done = run_cli("deadline", "RCD-10", "--from", "2026-09-15", "--extend", "EDR-19=x")
    assert done.returncode == 2
    assert "not an extension of RCD-10" in done.stderr
