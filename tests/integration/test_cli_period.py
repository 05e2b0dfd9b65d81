"""The real command line, run in-process (``tests.support.cli``): ``migrationpact period`` and
``calendar``."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.support.cli import RunCli


def run_json(run_cli: RunCli, *args: str) -> dict[str, Any]:
    done = run_cli(*args, "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    data = json.loads(done.stdout)
    assert isinstance(data, dict)
    return data


DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MINUTE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")


def test_plain_output_shows_the_derivation(run_cli: RunCli) -> None:
    done = run_cli("period", "--from", "2026-08-31", "--length", "2 months", "--regime", "pact")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == "2 months from Mon 31 Aug 2026 (counting: pact; calendar: NL)"
    assert lines[1].startswith("  1. The event day Mon 31 Aug 2026 is not counted")
    assert "2 months counted from the event: Sat 31 Oct 2026" in lines[2]
    assert "Sat 31 Oct 2026 is not a working day (Saturday) → Mon 2 Nov 2026" in lines[3]
    assert all("[APR Art. 73; AMMR Art. 75; RBPR Art. 11]" in line for line in lines[1:4])
    assert lines[-1] == "Ends at the end of Mon 2 Nov 2026."


def test_json_output_for_a_day_period(run_cli: RunCli) -> None:
    data = run_json(
        run_cli, "period", "--from", "2026-12-24", "--length", "2 days", "--regime", "eu"
    )
    for key in ("start", "length", "regime", "calendar", "nominal_end", "end", "steps"):
        assert key in data, key
    assert data["start"] == "2026-12-24"
    assert data["length"] == "2 days"
    assert (data["regime"], data["calendar"]) == ("eu", "NL")
    assert (data["nominal_end"], data["end"]) == ("2026-12-26", "2026-12-29")
    assert DAY.match(data["end"])
    assert DAY.match(data["nominal_end"])
    assert [s["rule"] for s in data["steps"]] == [
        "start",
        "count",
        "calendar",  # Boxing Day decides the end: which holiday list counted, and why
        "roll-forward",
        "min-working-days",
    ]
    for step in data["steps"]:
        assert step["legal_basis"], step["rule"]
        assert all(b["citation"] for b in step["legal_basis"])
    roll = data["steps"][3]
    assert [b["citation"] for b in roll["legal_basis"]] == ["Reg. 1182/71 Art. 3(4)"]
    assert roll["legal_basis"][0]["celex"] == "31971R1182"
    assert (roll["from"], roll["to"]) == ("2026-12-26", "2026-12-28")


def test_json_output_for_an_hour_period(run_cli: RunCli) -> None:
    data = run_json(run_cli, "period", "--from", "2026-06-15T10:15", "--length", "72 hours")
    assert data["start"] == "2026-06-15T10:15"
    assert data["end"] == "2026-06-18T11:00"
    assert MINUTE.match(data["end"])
    assert MINUTE.match(data["nominal_end"])
    assert all(step["legal_basis"] for step in data["steps"])


def test_json_output_for_a_maximum_duration(run_cli: RunCli) -> None:
    data = run_json(
        run_cli,
        "period",
        "--from",
        "2026-06-13",
        "--length",
        "7 days",
        "--regime",
        "eu",
        "--maximum",
    )
    assert data["maximum_duration"] is True
    assert (data["nominal_end"], data["end"]) == ("2026-06-20", "2026-06-22")
    assert data["alert_on"] == "2026-06-20"
    assert data["steps"][-1]["rule"] == "maximum"


def test_json_output_for_a_backwards_period(run_cli: RunCli) -> None:
    data = run_json(
        run_cli,
        "period",
        "--from",
        "2026-12-10",
        "--length",
        "5 days",
        "--regime",
        "nl",
        "--backwards",
    )
    assert data["direction"] == "backwards"
    assert data["end"] == data["nominal_end"] == "2026-12-05"


def test_instrument_option_narrows_the_citation(run_cli: RunCli) -> None:
    data = run_json(
        run_cli,
        "period",
        "--from",
        "2026-08-31",
        "--length",
        "2 months",
        "--regime",
        "pact",
        "--instrument",
        "ammr",
    )
    assert data["instrument"] == "AMMR"
    cites = {b["citation"] for step in data["steps"] for b in step["legal_basis"]}
    assert cites == {"AMMR Art. 75"}


def test_equated_day_warning_is_printed(run_cli: RunCli) -> None:
    done = run_cli("period", "--from", "2026-05-07", "--length", "1 week", "--regime", "pact")
    assert done.returncode == 0
    assert "Ends at the end of Mon 18 May 2026." in done.stdout
    assert "Warning: Fri 15 May 2026 counts as Day equated with a public holiday" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01", "--length", "2 days"], "cannot read '2026-13-01'"),
        (["--from", "31-08-2026", "--length", "2 days"], "cannot read '31-08-2026'"),
        (["--from", "2026-06-01", "--length", "2 fortnights"], "unknown unit 'fortnights'"),
        (["--from", "2026-06-01", "--length", "two days"], "cannot read length"),
        (["--from", "2026-06-01", "--length", "0 days"], "at least 1"),
        (["--from", "2026-06-01", "--length", "2 days", "--regime", "xx"], "unknown regime"),
        (
            ["--from", "2026-06-15T10:15", "--length", "72 hours", "--regime", "pact"],
            "no rule for periods in hours",
        ),
        (["--from", "2026-06-15", "--length", "72 hours"], "needs a time of day"),
        (["--length", "2 days"], "Missing option '--from'"),
        (["--from", "2026-06-01"], "Missing option '--length'"),
        (["--from", "2026-06-01", "--length", "2 days", "--calendar", "XX"], "unknown calendar"),
        (["--from", "2010-06-01", "--length", "2 days"], "holds holidays from 2014-01-01"),
        (["--from", "9999-12-31", "--length", "2 days"], "beyond the dates"),
        (["--from", "2026-06-01", "--length", "9999 years"], "beyond the dates"),
        (["--from", "2026-06-01", "--length", "2 days", "--bogus"], "No such option"),
        (
            [
                "--from",
                "2026-06-01",
                "--length",
                "2 days",
                "--regime",
                "pact",
                "--instrument",
                "SR",
            ],
            "no Pact counting article",
        ),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_code_2(
    run_cli: RunCli, args: list[str], message: str
) -> None:
    # With --json too: nothing at all is printed on standard output.
    done = run_cli("period", *args, "--json")
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("migrationpact: error: ")
    assert message in lines[0]


def test_bad_input_without_json_is_reported_the_same_way(run_cli: RunCli) -> None:
    done = run_cli("period", "--from", "2026-06-01", "--length", "2 days", "--regime", "xx")
    assert done.returncode == 2
    assert done.stdout == ""
    assert (
        done.stderr == "migrationpact: error: unknown regime 'xx' (known: eu, pact, dublin3, nl)\n"
    )


def test_calendar_json(run_cli: RunCli) -> None:
    data = run_json(run_cli, "calendar", "NL", "--year", "2026")
    assert (data["calendar"], data["year"]) == ("NL", 2026)
    assert data["source"] == "Algemene termijnenwet Art. 3"
    days = [h["date"] for h in data["holidays"]]
    assert days == [
        "2026-01-01",
        "2026-01-02",
        "2026-04-03",
        "2026-04-06",
        "2026-04-27",
        "2026-05-05",
        "2026-05-14",
        "2026-05-15",
        "2026-05-25",
        "2026-12-25",
        "2026-12-26",
    ]
    by_day = {h["date"]: h for h in data["holidays"]}
    equated = by_day["2026-05-15"]
    assert equated["verified"] is False
    assert equated["decree"].startswith("Besluit gelijkstelling van 2 januari 2026")
    assert equated["legal_basis"] == "Atw Art. 3(3)"
    assert by_day["2026-04-27"]["legal_basis"] == "Atw Art. 3(1)"
    assert by_day["2026-04-03"]["legal_basis"] == "Atw Art. 3(2)"
    assert by_day["2026-04-27"]["decree"] is None
    assert by_day["2026-04-27"]["verified"] is True


def test_calendar_plain_warns_for_a_year_without_a_decree(run_cli: RunCli) -> None:
    done = run_cli("calendar", "NL", "--year", "2030")
    assert done.returncode == 0
    assert done.stdout.startswith("Netherlands (NL), 2030")
    assert "Warning: no decree equating days with holidays is recorded for 2030." in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [(["XX"], "unknown calendar 'XX'"), (["NL", "--year", "2013"], "covers 2014–2200")],
)
def test_calendar_bad_input(run_cli: RunCli, args: list[str], message: str) -> None:
    done = run_cli("calendar", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1
    assert message in lines[0]
