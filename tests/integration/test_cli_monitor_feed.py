"""``migrationpact monitor feed export|import|resolve``, ``monitor indicators`` and ``monitor
reidentify …``: the feed from the case store to the register and back for one pseudonym, on
SQLite and PostgreSQL; a tampered feed and a missing key are one line, exit 2, nothing written."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from migrationpact.demo import load_demo
from migrationpact.monitoring_store.feed import feed_rows, pseudonym
from migrationpact.monitoring_store.register import Register
from migrationpact.store.eventstore import EventStore
from migrationpact.store.tables import access_log
from tests.support.cli import Done, RunCli

FEED_KEY = "feed-key-of-the-case-system-0123456789"
CRM = ("--body", "CRM")


@pytest.fixture
def cases(store: EventStore, db_url: str) -> str:
    load_demo(store=store, today=date(2026, 12, 4), cases=0, per_story=1)
    return db_url


@pytest.fixture
def monitor(run_cli: RunCli, tmp_path: Path, empty_url: str) -> RunCli:
    base = {
        "MIGRATIONPACT_MONITOR_DATABASE_URL": empty_url,
        "MIGRATIONPACT_MONITOR_KEY_DIR": str(tmp_path / "keys"),
        "MIGRATIONPACT_ORGANISATION": "",
        "MIGRATIONPACT_FEED_KEY": FEED_KEY,
    }

    def run(*args: str, env: Mapping[str, str] | None = None) -> Done:
        return run_cli("monitor", *args, env={**base, **(env or {})})

    for body in ("InspectieJenV", "CRM"):
        assert run("keys", "create", "--body", body).returncode == 0
    return run


def one_error_line(done: Done) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def feeds_in(url: str) -> int:
    register = Register.open(url)
    count = len(feed_rows(register.engine))
    register.engine.dispose()
    return count


def test_feed_to_indicators_and_back_for_one_pseudonym(
    monitor: RunCli, cases: str, tmp_path: Path, empty_url: str, store: EventStore
) -> None:
    path = tmp_path / "feed.jsonl"
    made = monitor("feed", "export", "--case-store", cases, "--output", str(path))
    assert made.returncode == 0, made.stderr
    head = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])["hash"]
    assert head in made.stderr
    with store.engine.connect() as conn:  # the case system logged the read of every case
        logged = conn.execute(
            select(access_log.c.case_id).where(access_log.c.action == "monitor.feed")
        ).scalars()
        assert sorted(logged) == sorted({r.case_id for r in store.records()})
    imported = monitor("feed", "import", str(path), *CRM, "--json")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["head"] == head
    shown = json.loads(monitor("indicators", *CRM, "--period", "year", "--json").stdout)
    assert shown["feed"]["head"] == head
    assert {r["indicator"] for r in shown["rows"]} >= {"needs-assessment", "counselling"}
    text = monitor("indicators", *CRM, "--period", "year").stdout
    assert "RCD Art. 25(1)" in text

    case_id = sorted({r.case_id for r in store.records()})[0]
    asked = pseudonym(FEED_KEY.encode(), case_id)
    requested = monitor("reidentify", "request", *CRM, "--pseudonym", asked,
                        "--purpose", "signal about this case")  # fmt: skip
    request = requested.stdout.strip()
    assert re.fullmatch(r"REID-[A-Z2-9]{4}-[A-Z2-9]{4}", request), requested.stderr
    answer = monitor("feed", "resolve", asked, "--request", request, "--case-store", cases)
    assert json.loads(answer.stdout) == {"request": request, "pseudonym": asked,
                                         "case_id": case_id}  # fmt: skip
    (tmp_path / "answer.json").write_text(answer.stdout, encoding="utf-8")
    assert monitor("reidentify", "answer", str(tmp_path / "answer.json"), *CRM).returncode == 0
    listed = json.loads(monitor("reidentify", "list", *CRM, "--json").stdout)["requests"]
    assert [(r["request"], r["case_id"], r["purpose"]) for r in listed] == [
        (request, case_id, "signal about this case")
    ]
    assert monitor("verify").stdout.strip() == "Every chain is intact."
    assert feeds_in(empty_url) == 1


def test_a_tampered_feed_is_one_line_and_nothing_written(
    monitor: RunCli, cases: str, tmp_path: Path, empty_url: str
) -> None:
    path = tmp_path / "feed.jsonl"
    assert monitor("feed", "export", "--case-store", cases, "-o", str(path)).returncode == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace('"kind":"', '"kind":"x', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = one_error_line(monitor("feed", "import", str(path), *CRM))
    assert refused.endswith("feed refused at line 3: its hash does not match its contents: "
                            "the line was changed")  # fmt: skip
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    assert "cut off" in one_error_line(monitor("feed", "import", str(cut), *CRM))
    assert feeds_in(empty_url) == 0


def test_bad_input_is_one_line(monitor: RunCli, cases: str, tmp_path: Path) -> None:
    no_key = monitor("feed", "export", "--case-store", cases, env={"MIGRATIONPACT_FEED_KEY": ""})
    assert "MIGRATIONPACT_FEED_KEY" in one_error_line(no_key)
    assert "not a pseudonym" in one_error_line(
        monitor("reidentify", "request", *CRM, "--pseudonym", "C-1", "--purpose", "p")
    )
    assert "REID-XXXX-XXXX" in one_error_line(
        monitor("feed", "resolve", "P-AAAAAAAAAAAAAAAA", "--request", "x", "--case-store", cases)
    )
    assert "may not monitoring.files" in one_error_line(monitor("--org", "IND", "indicators", *CRM))
