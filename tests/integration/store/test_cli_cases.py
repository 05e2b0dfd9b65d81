"""The case store through the command line, as a user drives it: screening to decision, and a
Dublin case to its transfer, on SQLite and PostgreSQL (``MIGRATIONPACT_DATABASE_URL``).

The drives and the tour of the other commands (worklist, replay, lapses, export/import, rebuild,
audit) call the ``migrationpact`` entry point in-process: the same code, without the start-up
cost of a new interpreter per command (about 1.7 s, which made this file a fifth of the suite).
One smoke test runs ``python -m migrationpact`` as separate processes, to prove what only a
process shows: the real entry point, its exit codes and the one-line errors on standard error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from migrationpact.cases import parse_event, replay
from migrationpact.cases.explain import case_document
from migrationpact.cases.worklist import worklist_entries
from migrationpact.cli.cases_cmd import CLI_PURPOSE
from migrationpact.law.law import Law
from migrationpact.store.accesslog import access_entries
from migrationpact.store.database import make_engine, read_transaction
from migrationpact.store.migrate import HEAD
from migrationpact.store.service import count_rows
from tests.integration.conftest import open_test_store
from tests.integration.store.flows import (
    DECISION_TOO_EARLY,
    EXPORT_KEY,
    TO_DECISION,
    TO_TRANSFER,
    drive,
)
from tests.support.cli import RunCli
from tests.support.tamper import tamper

Run = Callable[..., subprocess.CompletedProcess[str]]


def in_a_process(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    """Run ``migrationpact`` as a process with ``MIGRATIONPACT_DATABASE_URL`` set."""
    return subprocess.run(
        [sys.executable, "-m", "migrationpact", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MIGRATIONPACT_DATABASE_URL": url},
    )


@pytest.fixture
def cli_here(run_cli: RunCli, empty_url: str) -> Run:
    """Run the ``migrationpact`` entry point in this process on the test's database."""

    def run(*args: str, url: str = empty_url) -> subprocess.CompletedProcess[str]:
        key = EXPORT_KEY.decode()  # every store here shares it: their exports are verified
        return run_cli(
            *args, env={"MIGRATIONPACT_DATABASE_URL": url, "MIGRATIONPACT_EXPORT_KEY": key}
        )

    return run


def ok(done: subprocess.CompletedProcess[str]) -> Any:
    """The output of a successful run: parsed when ``--json`` was asked, else the text."""
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if "--json" in done.args else done.stdout


def refused(done: subprocess.CompletedProcess[str], message: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("migrationpact: error: ")
    assert message in lines[0]
    assert done.stdout == ""


def rows(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with read_transaction(engine) as conn:
        counted = count_rows(conn)
    engine.dispose()
    return counted


def test_screening_to_decision_with_cited_deadlines(
    cli_here: Run, empty_url: str, tmp_path: Path
) -> None:
    cli = cli_here
    refused(cli("cases", "list"), "run `migrationpact db upgrade`")
    assert f"migrated from revision none to {HEAD}" in ok(cli("db", "upgrade"))

    first = tmp_path / "screening.json"
    first.write_text(json.dumps(TO_DECISION[0]), encoding="utf-8")
    created = ok(cli("cases", "create", "--case-id", "C-D", "--event", f"@{first}", "--org",
                     "KMar", "--actor", "kmar-1", "--json"))  # fmt: skip
    assert (created["case_id"], created["seq"], created["stage"]) == ("C-D", 1, "screening")
    for seq, event in enumerate(TO_DECISION[1:4], start=1):
        args = ["cases", "append", "C-D", "--event", json.dumps(event), "--expect-seq", str(seq)]
        ok(cli(*args, "--actor", "clerk-7", "--org", "IND"))

    shown = ok(cli("cases", "show", "C-D", "--as-of", "2026-07-10", "--json"))
    expected = replay("C-D", [parse_event(e) for e in TO_DECISION[:4]])
    assert shown["state"] == case_document(expected, Law.default())
    ammr = next(d for d in shown["open_deadlines"] if d["rule_id"] == "AMMR-01")
    assert ammr["due"] == "2026-09-09"  # two months from registration on Thu 9 Jul 2026
    assert ammr["days_left"] == 61
    assert ammr["legal_basis"][0]["citation"].startswith("AMMR Art. 39(1)")
    assert ammr["rule_set_version"].startswith("sha256:")
    assert ammr["derivation"]["steps"]
    shown_text = ok(cli("cases", "show", "C-D", "--as-of", "2026-07-10"))
    assert "AMMR-01: Send a take charge request — IND, due Wed 09 Sep 2026 (61 days left)" in (
        shown_text
    )
    assert "[AMMR Art. 39(1)" in shown_text
    assert "2 months counted from the event: Wed 9 Sep 2026 [AMMR Art. 75]" in shown_text
    assert "UNVERIFIED" in shown_text  # APR-25 rests on a rule not yet verified

    before = rows(empty_url)
    early = json.dumps({**DECISION_TOO_EARLY, "occurred_at": "2026-07-10T09:00"})
    refused(
        cli("cases", "append", "C-D", "--event", early),
        "decision_taken refused: a decision is taken on a lodged application (APR Art. 35)",
    )
    lodge = json.dumps(TO_DECISION[4])
    refused(
        cli("cases", "append", "C-D", "--event", lodge, "--expect-seq", "3"),
        "case C-D is at seq 4, but the write expected seq 3",
    )
    refused(cli("cases", "append", "C-D", "--event", "{oops"), "--event is not JSON")
    assert rows(empty_url) == before

    for seq, event in enumerate(TO_DECISION[4:], start=4):
        args = ["cases", "append", "C-D", "--event", json.dumps(event), "--expect-seq", str(seq)]
        ok(cli(*args, "--idempotency-key", f"step-{seq}"))
    last = len(TO_DECISION) - 1
    again = cli("cases", "append", "C-D", "--event", json.dumps(TO_DECISION[last]),
                "--expect-seq", str(last), "--idempotency-key", f"step-{last}")  # fmt: skip
    assert "Already recorded (idempotency key step-7)" in ok(again)
    final = ok(cli("cases", "show", "C-D", "--json"))["state"]
    assert (final["seq"], final["stage"]) == (len(TO_DECISION), "notified")
    assert final["decision"]["outcome"] == "refugee-status"
    assert "Hash chains intact: 1 case(s), 8 event(s)" in ok(cli("audit", "verify"))


def test_dublin_case_to_transfer(cli_here: Run) -> None:
    cli = cli_here
    ok(cli("db", "upgrade"))
    ok(cli("cases", "create", "--case-id", "C-T", "--event", json.dumps(TO_TRANSFER[0])))
    for seq, event in enumerate(TO_TRANSFER[1:], start=1):
        ok(cli("cases", "append", "C-T", "--event", json.dumps(event), "--expect-seq", str(seq)))
        if event["type"] == "reply_received":
            shown = ok(cli("cases", "show", "C-T", "--as-of", "2026-08-03"))
            assert "AMMR-10" in shown  # six months to transfer from the acceptance
            assert "due Wed 03 Feb 2027" in shown
    state = ok(cli("cases", "show", "C-T", "--json"))["state"]
    assert state["stage"] == "transferred"
    assert state["dublin"]["transferred_at"] == "2026-09-15T10:00:00"
    history = ok(cli("cases", "history", "C-T"))
    assert "transfer_carried_out" in history
    assert ok(cli("audit", "verify", "--json"))["ok"] is True


def break_the_chain(url: str, case_id: str, seq: int) -> None:
    """Change a stored event behind the store's back, as an intruder with SQL access would."""
    engine = make_engine(url)
    tamper(
        engine,
        "UPDATE events SET actor = 'someone' WHERE case_id = :case AND seq = :seq",
        case=case_id,
        seq=seq,
    )
    engine.dispose()


def test_worklist_replay_lapses_export_import_rebuild_and_audit(
    cli_here: Run, empty_url: str, tmp_path: Path, make_empty: Callable[[], str]
) -> None:
    run = cli_here
    ok(run("db", "upgrade"))
    store = open_test_store(empty_url)
    drive(store, "C-T", TO_TRANSFER[:4])  # the take charge request is out
    drive(store, "C-U", TO_DECISION[:5])
    states = [store.state("C-T"), store.state("C-U")]
    store.engine.dispose()
    for org in ("IND", "other-member-state"):
        listed = ok(run("worklist", "--org", org, "--as-of", "2026-07-28", "--within", "14",
                        "--json"))  # fmt: skip
        pure = worklist_entries(
            [s for s in states if s], organisation=org, as_of=date(2026, 7, 28), within_days=14
        )
        assert listed["items"] == [item.model_dump(mode="json") for item in pure]
        assert listed["items"]
    other = ok(run("worklist", "--org", "other-member-state", "--as-of", "2026-07-28"))
    assert "2026-08-03" in other
    assert "AMMR-04" in other  # the reply Germany owes
    refused(run("worklist", "--org", "IND", "--as-of", "28 July"), "--as-of must be a date")

    replayed = ok(run("cases", "replay", "C-T", "--law-date", "2026-06-20", "--json"))
    assert replayed["differs"] is True
    assert "Differences are marked *" in ok(
        run("cases", "replay", "C-T", "--law-date", "2026-06-20")
    )
    same = ok(run("cases", "replay", "C-T", "--law-date", "2026-08-01", "--json"))
    assert same["differs"] is False

    lapses = ok(run("cases", "lapse", "--as-of", "2026-09-01", "--json"))["recorded"]
    assert any(r["idempotency_key"] == "lapse:C-T:AMMR-04:2026-08-03" for r in lapses)
    assert ok(run("cases", "lapse", "--as-of", "2026-09-01", "--json"))["recorded"] == []
    listing = ok(run("cases", "list", "--json"))["cases"]
    assert [c["case_id"] for c in listing] == ["C-T", "C-U"]

    export = tmp_path / "events.jsonl"
    ok(run("cases", "export", "--output", str(export)))
    lines = export.read_text(encoding="utf-8").splitlines()
    assert len(lines) == rows(empty_url)["events"] + 1  # and the signature
    assert json.loads(lines[-1])["signature"]["lines"] == len(lines) - 1
    copy = make_empty()
    ok(run("db", "upgrade", url=copy))
    altered = json.loads(lines[3])
    altered["event"]["occurred_at"] = "2026-07-19T10:00:00"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([*lines[:3], json.dumps(altered), *lines[4:]]) + "\n", "utf-8")
    refused(run("cases", "import", str(bad), url=copy), "the signature does not verify")
    assert rows(copy) == {"events": 0, "case_states": 0, "deadlines": 0}
    imported = ok(run("cases", "import", str(export), "--json", url=copy))
    assert imported["events"] == len(lines) - 1
    assert ok(run("cases", "export", url=copy)).splitlines() == lines
    copied_state = ok(run("cases", "show", "C-T", "--json", url=copy))["state"]

    assert ok(run("store", "rebuild", "--json"))["cases"] == 2
    assert ok(run("cases", "show", "C-T", "--json"))["state"] == copied_state
    assert ok(run("audit", "verify", "--json"))["ok"] is True

    break_the_chain(empty_url, "C-U", 2)
    done = run("audit", "verify")
    assert done.returncode == 1
    assert "BROKEN: case C-U seq 2: the stored fields do not give the stored hash" in done.stdout


def test_reading_a_case_at_the_command_line_is_logged(cli_here: Run, empty_url: str) -> None:
    ok(cli_here("db", "upgrade"))
    drive(open_test_store(empty_url), "C-L", TO_DECISION[:3])
    ok(cli_here("cases", "show", "C-L", "--purpose", "appeal file"))
    ok(cli_here("cases", "history", "C-L"))
    engine = make_engine(empty_url)
    timeline, shown = access_entries(engine, case_id="C-L")
    engine.dispose()
    assert shown.actor.startswith("cli:")
    assert (shown.action, shown.purpose, shown.channel) == ("case.read", "appeal file", "cli")
    assert (timeline.action, timeline.purpose) == ("case.timeline", CLI_PURPOSE)


def test_the_entry_point_as_its_own_process_exits_0_1_or_2_with_one_line_errors(
    tmp_path: Path,
) -> None:
    """What the in-process runs cannot show: ``python -m migrationpact`` starts, a refusal ends
    the process with exit code 2 and one line on standard error, a success with 0 and nothing on
    standard error, a broken hash chain with 1. The drives cover PostgreSQL, in-process."""
    url = f"sqlite:///{tmp_path / 'process.db'}"
    refused(in_a_process("cases", "list", url=url), "run `migrationpact db upgrade`")
    upgraded = in_a_process("db", "upgrade", url=url)
    assert f"migrated from revision none to {HEAD}" in ok(upgraded)
    assert upgraded.stderr == ""
    store = open_test_store(url)
    drive(store, "C-P", TO_DECISION[:3])
    store.engine.dispose()
    break_the_chain(url, "C-P", 2)
    done = in_a_process("audit", "verify", url=url)
    assert done.returncode == 1, done.stderr
    assert "BROKEN: case C-P seq 2: the stored fields do not give the stored hash" in done.stdout
