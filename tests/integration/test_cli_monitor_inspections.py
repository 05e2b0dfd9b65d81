"""``migrationpact monitor inspection …`` on SQLite and PostgreSQL: a visit through its life,
the responses due, the year's counts, the firewall, and refusals as one line, exit 2, nothing
written."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest
from sqlalchemy import func, select

from migrationpact.monitoring_store.register import Register
from migrationpact.monitoring_store.tables import monitor_events
from tests.support.cli import Done, RunCli

IJ = ("--body", "InspectieJenV")


@pytest.fixture
def monitor(run_cli: RunCli, tmp_path: Path, empty_url: str) -> RunCli:
    given = {
        "MIGRATIONPACT_MONITOR_DATABASE_URL": empty_url,
        "MIGRATIONPACT_MONITOR_KEY_DIR": str(tmp_path / "keys"),
        "MIGRATIONPACT_ORGANISATION": "",
    }

    def run(*args: str, env: Mapping[str, str] | None = None) -> Done:
        return run_cli("monitor", *args, env={**given, **(env or {})})

    for body in ("InspectieJenV", "CRM"):
        assert run("keys", "create", "--body", body).returncode == 0
    return run


def one_error_line(done: Done) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def events_in(url: str) -> int:
    register = Register.open(url)
    with register.engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(monitor_events)).scalar_one()
    register.engine.dispose()
    return int(count)


def test_a_visit_through_its_life_at_the_command_line(monitor: RunCli, empty_url: str) -> None:
    planned = monitor("inspection", "plan", *IJ, "--location", "AC-SCHIPHOL",
                      "--on", "2026-11-02", "--unannounced")  # fmt: skip
    assert planned.returncode == 0, planned.stderr
    ref = planned.stdout.strip()
    assert ref.startswith("INS-")
    steps = [
        ("visit", ref, *IJ, "--on", "2026-11-02", "--inspector", "A. Jansen", "--unannounced"),
        ("finding", ref, *IJ, "--text", "No interpreter", "--right", "47", "--right", "1"),
        ("recommend", ref, *IJ, "--authority", "KMar", "--text", "Interpreters", "--finding",
         "1", "--made-on", "2026-11-13"),
        ("recommend", ref, *IJ, "--authority", "COA", "--text", "Beds", "--finding", "1",
         "--made-on", "2026-11-13"),
        ("response", ref, *IJ, "--recommendation", "1", "--verdict", "accepted", "--text",
         "Booked", "--received-on", "2026-12-01"),
    ]  # fmt: skip
    for step in steps:
        done = monitor("inspection", *step)
        assert done.returncode == 0, (step, done.stderr)
    # The COA's response is still awaited: due Mon 28 Dec 2026 (six weeks end on Christmas Day).
    due = monitor("inspection", "due", *IJ, "--today", "2026-12-29")
    assert due.stdout.strip() == f"2026-12-28  {ref}  recommendation 2 (COA)  OVERDUE  [unverified]"
    refused = one_error_line(monitor("inspection", "close", ref, *IJ, "--reason", "completed"))
    assert "IR-6" in refused
    assert "recommendations wait for their response: 2" in refused
    summary = monitor("inspection", "summary", *IJ, "--year", "2026", "--as-of", "2026-12-29",
                      "--json")  # fmt: skip
    counts = json.loads(summary.stdout)
    assert (counts["carried_out_unannounced"], counts["by_authority"]) == (
        1, {"COA": 1, "KMar": 1},
    )  # fmt: skip
    assert (counts["responded_on_time"], counts["open"], counts["overdue"]) == (1, 1, 1)
    shown = json.loads(monitor("inspection", "show", ref, *IJ, "--json").stdout)
    assert [r["received_on"] for r in shown["responses"]] == ["2026-12-01", None]
    assert monitor("verify").returncode == 0


def test_the_other_body_and_the_executing_organisations_are_refused(
    monitor: RunCli, empty_url: str
) -> None:
    ref = monitor("inspection", "plan", *IJ, "--location", "AC-BUDEL", "--on", "2026-12-20")
    ref_id = ref.stdout.strip()
    before = events_in(empty_url)
    theirs = one_error_line(monitor("inspection", "show", ref_id, "--body", "CRM"))
    nobody = one_error_line(monitor("inspection", "show", "INS-ZZZZ-ZZZZ", "--body", "CRM"))
    assert theirs.replace(ref_id, "") == nobody.replace("INS-ZZZZ-ZZZZ", "")
    for org in ("IND", "KMar", "COA"):
        listed = one_error_line(monitor("--org", org, "inspection", "list", *IJ))
        assert "may not monitoring.files" in listed
        cancel = monitor("--org", org, "inspection", "close", ref_id, *IJ, "--reason", "cancelled")
        assert "may not monitoring.files" in one_error_line(cancel)
    unknown = one_error_line(monitor("inspection", "plan", *IJ, "--location", "NOWHERE",
                                     "--on", "2026-12-20"))  # fmt: skip
    assert "IR-1" in unknown
    bad_day = one_error_line(monitor("inspection", "plan", *IJ, "--location", "AC-BUDEL",
                                     "--on", "20-12-2026"))  # fmt: skip
    assert "--on must be a date" in bad_day
    assert events_in(empty_url) == before
