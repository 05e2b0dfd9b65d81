"""``migrationpact monitor …`` on SQLite and PostgreSQL: keys, a signal through its file's life,
the firewall at the command line, and bad input as one line, exit 2, nothing written."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update

from migrationpact.monitoring_store.register import Register
from migrationpact.monitoring_store.tables import monitor_events
from tests.support.cli import Done, RunCli

CONTENT = "A family with two small children slept on the floor of the border hall."
SIGNAL: dict[str, object] = {
    "source": "ngo",
    "channel": "web-form",
    "content": CONTENT,
    "received_at": "2026-12-04T09:00",
    "phase": "screening",
    "rights": ["1", "4"],
}
IJ = ("--body", "InspectieJenV")


@pytest.fixture
def env(tmp_path: Path, empty_url: str) -> dict[str, str]:
    return {
        "MIGRATIONPACT_MONITOR_DATABASE_URL": empty_url,
        "MIGRATIONPACT_MONITOR_KEY_DIR": str(tmp_path / "keys"),
        "MIGRATIONPACT_ORGANISATION": "",
    }


@pytest.fixture
def monitor(run_cli: RunCli, env: dict[str, str]) -> RunCli:
    def run(*args: str, env: Mapping[str, str] | None = None) -> Done:
        return run_cli("monitor", *args, env={**env_, **(env or {})})

    env_ = env
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


@pytest.fixture
def with_keys(monitor: RunCli) -> RunCli:
    for body in ("InspectieJenV", "CRM"):
        assert monitor("keys", "create", "--body", body).returncode == 0
    return monitor


def submit(monitor: RunCli, tmp_path: Path, **fields: object) -> Done:
    path = tmp_path / "signal.json"
    path.write_text(json.dumps({**SIGNAL, **fields}), encoding="utf-8")
    return monitor("signal", "submit", "--file", str(path))


def test_a_signal_through_its_files_life(with_keys: RunCli, tmp_path: Path, empty_url: str) -> None:
    monitor = with_keys
    done = submit(monitor, tmp_path)
    assert done.returncode == 0, done.stderr
    reference = done.stdout.strip()
    assert re.fullmatch(r"MON-[A-Z2-9]{4}-[A-Z2-9]{4}", reference)  # the reference and nothing else
    work = monitor("worklist", *IJ, "--today", "2026-12-21")
    assert (
        f"2026-12-18  {reference}  MON-TRIAGE  Triage the signal  OVERDUE  [unverified]"
        in work.stdout
    )
    shown = monitor("file", "show", reference, *IJ)
    assert CONTENT in shown.stdout
    assert "IN-PHS-01" in shown.stdout
    steps = [
        ("triage", "--kind", "allegation", "--phase", "screening", "--right", "1", "--right", "4"),
        ("refer", "--authority", "KMar", "--note", "asked for the hall's night log"),
    ]
    for step in steps:
        done = monitor(step[0], reference, *IJ, *step[1:])
        assert done.returncode == 0, done.stderr
    refused = one_error_line(monitor("close", reference, *IJ, "--reason", "handled"))
    assert "referrals wait for their answer: KMar (MR-8:" in refused
    answer = ("--authority", "KMar", "--outcome", "Beds placed.", "--decided-on", "2026-12-10")
    assert monitor("outcome", reference, *IJ, *answer).returncode == 0
    closed = monitor("close", reference, *IJ, "--reason", "handled", "--json")
    assert json.loads(closed.stdout) == {"reference": reference, "seq": 6, "status": "closed"}
    assert monitor("verify").stdout.strip() == "Every chain is intact."
    assert events_in(empty_url) == 6


def test_an_executing_organisation_learns_nothing_about_a_file(
    with_keys: RunCli, tmp_path: Path
) -> None:
    reference = submit(with_keys, tmp_path).stdout.strip()
    for org in ("IND", "KMar", "COA", "DTenV"):
        existing = one_error_line(with_keys("--org", org, "file", "show", reference, *IJ))
        missing = one_error_line(with_keys("--org", org, "file", "show", "MON-ZZZZ-ZZZZ", *IJ))
        assert existing == missing
        assert re.search(f"{org} [a-z]+ may not monitoring.files$", existing)


def test_the_other_body_gets_the_answer_of_a_missing_file(
    with_keys: RunCli, tmp_path: Path
) -> None:
    reference = submit(with_keys, tmp_path).stdout.strip()
    other = one_error_line(with_keys("file", "show", reference, "--body", "CRM"))
    assert other.endswith(f"no monitoring file {reference} for CRM")
    with_keys("share", reference, *IJ, "--with", "CRM")
    assert CONTENT in with_keys("file", "show", reference, "--body", "CRM").stdout


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"content": ""}, "a signal needs content"),
        (
            {
                "attachments": [
                    {"name": "a.mov", "media_type": "video/quicktime", "size_bytes": 10**9}
                ]
            },
            "Attachments are sent with their content, not described.",
        ),
    ],
)
def test_a_bad_signal_is_one_line_and_writes_nothing(
    with_keys: RunCli, tmp_path: Path, empty_url: str, fields: dict[str, object], message: str
) -> None:
    assert message in one_error_line(submit(with_keys, tmp_path, **fields))
    assert events_in(empty_url) == 0


def test_an_unknown_body_is_one_line(with_keys: RunCli) -> None:
    for args in (("worklist", "--body", "Ombudsman"), ("keys", "create", "--body", "Ombudsman")):
        assert "unknown body 'Ombudsman'" in one_error_line(with_keys(*args))


def test_a_key_is_never_replaced_and_never_missing_silently(
    monitor: RunCli, tmp_path: Path, empty_url: str
) -> None:
    missing = one_error_line(submit(monitor, tmp_path))
    assert "no key of InspectieJenV: set $MIGRATIONPACT_MONITOR_KEY_INSPECTIEJENV" in missing
    assert events_in(empty_url) == 0
    assert monitor("keys", "create", "--body", "CRM").returncode == 0
    key = (tmp_path / "keys" / "CRM.key").read_text()
    assert "exists already" in one_error_line(monitor("keys", "create", "--body", "CRM"))
    assert (tmp_path / "keys" / "CRM.key").read_text() == key


def test_verify_names_a_changed_record_and_exits_1(
    with_keys: RunCli, tmp_path: Path, empty_url: str
) -> None:
    reference = submit(with_keys, tmp_path).stdout.strip()
    register = Register.open(empty_url)
    with register.engine.begin() as conn:
        postgres = conn.dialect.name == "postgresql"
        guard = "monitor_events_append_only ON monitor_events" if postgres else None
        conn.execute(text(f"DROP TRIGGER {guard or 'monitor_events_no_update'}"))
        conn.execute(update(monitor_events).where(monitor_events.c.seq == 1).values(actor="x"))
    register.engine.dispose()
    done = with_keys("verify", "--json")
    assert done.returncode == 1
    assert json.loads(done.stdout) == {
        "problems": [f"{reference} event 1: its hash does not match its contents"]
    }
