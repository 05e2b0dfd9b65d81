"""``migrationpact monitor case-reads …`` on SQLite and PostgreSQL: a body's key pair for its
sealed reads, and the list of its reads opened from the case store's access log; everyone else
refused, and bad input one line, exit 2."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.store.accesslog import access_entries, log_access
from migrationpact.store.eventstore import EventStore
from migrationpact.store.sealed_reads import SEALED, env_name
from tests.support.cli import Done, RunCli

CRM = Principal("crm-7", "C", Organisation.CRM, Role.MONITOR)


@pytest.fixture
def monitor(
    run_cli: RunCli, tmp_path: Path, make_empty: Callable[[], str], db_url: str
) -> Callable[..., Done]:
    register = make_empty()

    def run(*args: str, env: Mapping[str, str] | None = None) -> Done:
        return run_cli(
            "monitor", "--database", register, "--key-dir", str(tmp_path / "keys"), *args,
            env={"MIGRATIONPACT_DATABASE_URL": db_url, "MIGRATIONPACT_ORGANISATION": "",
                 **(env or {})},
        )  # fmt: skip

    return run


def one_error_line(done: Done) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_create_keys_prints_the_case_systems_setting_and_never_replaces_a_key(
    monitor: Callable[..., Done], tmp_path: Path
) -> None:
    made = monitor("case-reads", "create-keys", "--body", "CRM")
    assert made.returncode == 0, made.stderr
    private = tmp_path / "keys" / "CRM.reads.key"
    assert oct(private.stat().st_mode & 0o777) == "0o600"
    setting = made.stdout.strip().splitlines()[-1]
    public = (tmp_path / "keys" / "CRM.reads.pub").read_text().strip()
    assert setting == f"{env_name('CRM')}={public}"
    assert private.read_text().strip() not in made.stdout  # the private key is never printed
    before = private.read_text()
    again = one_error_line(monitor("case-reads", "create-keys", "--body", "CRM"))
    assert "exists already" in again
    assert private.read_text() == before
    assert "unknown body" in one_error_line(monitor("case-reads", "create-keys", "--body", "X"))


def test_list_opens_the_bodys_sealed_reads(
    monitor: Callable[..., Done], store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = monitor("case-reads", "create-keys", "--body", "CRM")
    name, _, value = made.stdout.strip().splitlines()[-1].partition("=")
    monkeypatch.setenv(name, value)  # the case system, configured with the public key
    log_access(
        store.engine, principal=CRM, action="case.read", resource="case:C-9",
        purpose="visit of 3 December", granted=True, case_id="C-9", fields=["identity"],
    )  # fmt: skip
    (row,) = access_entries(store.engine)
    assert (row.organisation, row.case_id, row.purpose) == (SEALED, None, SEALED)
    listed = monitor("case-reads", "list", "--body", "CRM", "--json")
    assert listed.returncode == 0, listed.stderr
    found = json.loads(listed.stdout)
    assert [(r["actor"], r["case_id"], r["purpose"]) for r in found["reads"]] == [
        ("crm-7", "C-9", "visit of 3 December")
    ]
    assert found["unopened"] == 0
    text = monitor("case-reads", "list", "--body", "CRM", "--case", "C-8")
    assert text.stdout.strip().splitlines()[-1] == "0 read(s) of CRM"


def test_list_is_refused_to_everyone_else_and_without_the_key(
    monitor: Callable[..., Done], store: EventStore
) -> None:
    assert "no key of CRM" in one_error_line(monitor("case-reads", "list", "--body", "CRM"))
    monitor("case-reads", "create-keys", "--body", "CRM")
    refused = one_error_line(monitor("--org", "IND", "case-reads", "list", "--body", "CRM"))
    assert "IND" in refused
    other = one_error_line(monitor("--org", "InspectieJenV", "case-reads", "list", "--body", "CRM"))
    assert "not of CRM" in other
