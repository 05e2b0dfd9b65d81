"""Command-line reads leave their access-log rows (security probe F13).

``cases replay`` prints a case's deadlines and is logged like ``show``; a full ``cases export``
writes one row per exported case, so a monitor looking at one case sees it; and the logged
operator is the operating-system account, whatever ``$USER``, ``$LOGNAME`` or
``$MIGRATIONPACT_ACTOR`` say.
"""

from __future__ import annotations

import json
import os
import pwd
from pathlib import Path

from migrationpact.store.accesslog import AccessEntry, access_entries
from migrationpact.store.database import make_engine
from tests.integration.conftest import open_test_store
from tests.integration.store.flows import TO_DECISION, drive
from tests.support.cli import RunCli

ME = pwd.getpwuid(os.getuid()).pw_name


def _entries(url: str, case_id: str | None = None) -> list[AccessEntry]:
    engine = make_engine(url)
    try:
        return access_entries(engine, case_id=case_id)
    finally:
        engine.dispose()


def _run(run_cli: RunCli, url: str, *args: str, **env: str) -> None:
    done = run_cli(*args, env={"MIGRATIONPACT_DATABASE_URL": url, **env})
    assert done.returncode == 0, done.stderr


def test_a_replay_is_logged(run_cli: RunCli, empty_url: str) -> None:
    _run(run_cli, empty_url, "db", "upgrade")
    drive(open_test_store(empty_url), "C-R", TO_DECISION[:4])
    _run(run_cli, empty_url, "cases", "replay", "C-R", "--law-date", "2026-06-12")
    (entry,) = _entries(empty_url, "C-R")
    assert (entry.action, entry.case_id, entry.channel) == ("case.replay", "C-R", "cli")
    assert entry.fields == ("deadlines",)


def test_a_full_export_is_logged_per_case(run_cli: RunCli, empty_url: str, tmp_path: Path) -> None:
    _run(run_cli, empty_url, "db", "upgrade")
    store = open_test_store(empty_url)
    for case_id in ("C-E1", "C-E2"):
        drive(store, case_id, TO_DECISION[:2])
    _run(run_cli, empty_url, "cases", "export", "-o", str(tmp_path / "all.jsonl"))
    rows = _entries(empty_url)
    assert sorted((e.action, e.case_id) for e in rows) == [
        ("cases.export", "C-E1"),
        ("cases.export", "C-E2"),
    ]
    assert [e.action for e in _entries(empty_url, "C-E2")] == ["cases.export"]


def test_the_logged_operator_is_the_os_account_not_the_environment(
    run_cli: RunCli, empty_url: str
) -> None:
    _run(run_cli, empty_url, "db", "upgrade")
    drive(open_test_store(empty_url), "C-W", TO_DECISION[:2])
    forged = {"MIGRATIONPACT_ACTOR": "inspectie-monitor", "USER": "alice", "LOGNAME": "alice"}
    _run(run_cli, empty_url, "cases", "show", "C-W", **forged)
    _run(run_cli, empty_url, "cases", "history", "C-W", **forged)
    assert {e.actor for e in _entries(empty_url, "C-W")} == {f"cli:{ME}"}


def test_a_read_of_an_unknown_case_is_logged_as_not_found(run_cli: RunCli, empty_url: str) -> None:
    _run(run_cli, empty_url, "db", "upgrade")
    for command in (("show",), ("history",), ("replay", "--law-date", "2026-07-01")):
        done = run_cli("cases", command[0], "C-NONE", *command[1:], "--database", empty_url)
        assert done.returncode == 2
    rows = _entries(empty_url, "C-NONE")
    assert sorted((e.action, e.outcome) for e in rows) == [
        ("case.read", "not-found"),
        ("case.replay", "not-found"),
        ("case.timeline", "not-found"),
    ]


def test_recording_under_another_name_logs_the_account_and_the_name(
    run_cli: RunCli, empty_url: str
) -> None:
    _run(run_cli, empty_url, "db", "upgrade")
    drive(open_test_store(empty_url), "C-A", TO_DECISION[:1])
    second, third = (json.dumps(e) for e in TO_DECISION[1:3])
    _run(run_cli, empty_url, "cases", "append", "C-A", "--event", second, "--actor", "ind-7")
    _run(run_cli, empty_url, "cases", "append", "C-A", "--event", third)  # as the account itself
    rows = [e for e in _entries(empty_url, "C-A") if e.action == "cases.record-as"]
    assert [(e.actor, e.resource) for e in rows] == [(f"cli:{ME}", "actor:ind-7")]
