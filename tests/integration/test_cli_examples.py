"""The example events in ``docs/examples/events/`` are accepted as they are written.

Each folder is one case, its files the events in the order they are recorded: the first opens
the case with ``cases create``, the others follow with ``cases append``, all at the command line
on a fresh store, as the IND (which may record every event a person records). Together the
folders hold an example of every event type a person can record.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migrationpact.cases.events import CATALOGUE
from migrationpact.law.crisis import ENV_VAR as CRISIS_REGISTER_ENV
from tests.integration.store.test_cli_cases import Run, cli_here, ok, rows

__all__ = ["cli_here"]  # the fixture, used by name

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "events"
CASES = sorted(p for p in EXAMPLES.iterdir() if p.is_dir())


def test_every_event_a_person_records_has_an_example() -> None:
    written = {json.loads(f.read_text())["type"] for case in CASES for f in case.glob("*.json")}
    recordable = set(CATALOGUE.types) - set(CATALOGUE.system_only)
    assert recordable - written == set()
    assert written <= recordable


def test_every_example_is_accepted_in_order(
    cli_here: Run, empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Transfers to a member state in crisis are suspended under its decision in the register
    # (10-transfer-suspended): the fictional example register holds one.
    monkeypatch.setenv(CRISIS_REGISTER_ENV, str(EXAMPLES.parent / "crisis-example.yaml"))
    ok(cli_here("db", "upgrade"))
    recorded = 0
    for case in CASES:
        case_id = f"C-EXAMPLE-{case.name[:2]}"
        files = sorted(case.glob("*.json"))
        first, *rest = files
        ok(cli_here("cases", "create", "--case-id", case_id, "--event", f"@{first}"))
        for path in rest:
            done = cli_here("cases", "append", case_id, "--event", f"@{path}")
            assert done.returncode == 0, f"{path.relative_to(EXAMPLES)}: {done.stderr}"
        recorded += len(files)
    assert rows(empty_url)["events"] == recorded


def test_create_and_append_help_name_the_event_types_and_the_examples(run_cli: Run) -> None:
    create = run_cli("cases", "create", "--help").stdout
    append = run_cli("cases", "append", "--help").stdout
    for text in (create, append):
        assert "docs/examples/events/" in text
    flat_create, flat_append = (" ".join(t.split()) for t in (create, append))
    for event_type in CATALOGUE.first_events:
        assert event_type in flat_create
    for event_type in set(CATALOGUE.types) - set(CATALOGUE.system_only):
        assert event_type in flat_append, event_type
    assert "deadline_lapsed" not in flat_append  # only the system records it
