"""``cases create`` and ``cases append`` record through the use cases, as the operator's
principal: the access policy decides what ``--org`` may record, and a refusal writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from migrationpact.access.model import Organisation
from migrationpact.cases.events import parse_event
from migrationpact.cli.operator import OPERATOR_ROLES
from migrationpact.store.eventstore import SYSTEM_ACTOR
from tests.integration.conftest import open_test_store
from tests.integration.store.flows import TO_DECISION, TO_TRANSFER, drive
from tests.integration.store.test_cli_cases import Run, cli_here, ok, refused, rows

__all__ = ["cli_here"]  # the fixture, used by name


def test_every_organisation_has_an_operator_role() -> None:
    assert set(OPERATOR_ROLES) == {o.value for o in Organisation}


def test_the_policy_decides_what_an_operator_records(cli_here: Run, empty_url: str) -> None:
    ok(cli_here("db", "upgrade"))
    screening = json.dumps(TO_DECISION[0])
    create = ("cases", "create", "--case-id", "C-1", "--event", screening)
    refused(cli_here(*create, "--org", "COA"), "COA planner may not case.create")
    assert rows(empty_url)["events"] == 0
    assert ok(cli_here(*create, "--org", "KMar", "--json"))["stage"] == "screening"

    append = ("cases", "append", "C-1", "--event", json.dumps(TO_DECISION[1]))
    refused(cli_here(*append, "--org", "DTenV"), "DTenV may not record screening_completed")
    refused(cli_here(*append, "--org", "other-member-state"), "--org must be one of IND, KMar")
    assert rows(empty_url)["events"] == 1


# --- what nobody records at the command line (security probe 2026-12) -------------------------


def test_a_kmar_supervisor_opens_no_case_by_appending(
    cli_here: Run, empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F4: appending with ``--expect-seq 0`` to an id with no events opens a case."""
    ok(cli_here("db", "upgrade"))
    monkeypatch.setitem(OPERATOR_ROLES, "KMar", "supervisor")  # a KMar supervisor operates
    screening = json.dumps(TO_DECISION[0])
    append = ("cases", "append", "C-NEW", "--event", screening, "--expect-seq", "0")
    refused(cli_here(*append, "--org", "KMar"), "KMar supervisor may not case.create")
    refused(
        cli_here("cases", "create", "--case-id", "C-NEW", "--event", screening, "--org", "KMar"),
        "KMar supervisor may not case.create",
    )
    assert rows(empty_url)["events"] == 0
    monkeypatch.setitem(OPERATOR_ROLES, "KMar", "caseworker")
    assert ok(cli_here(*append, "--org", "KMar", "--json"))["seq"] == 1


def test_no_lapse_no_future_no_ancient_event_no_reserved_key(cli_here: Run, empty_url: str) -> None:
    """F9 and F3: the system's lapse, an event dated ahead or before 2000, a system key."""
    ok(cli_here("db", "upgrade"))
    ok(cli_here("cases", "create", "--case-id", "C-1", "--event", json.dumps(TO_DECISION[0])))
    lapse = {
        "type": "deadline_lapsed", "occurred_at": "2026-07-14T00:00", "key": "SCR-01",
        "rule_id": "SCR-01", "due": "2026-07-13", "consequence": "screening-ends",
    }  # fmt: skip
    refused(
        cli_here("cases", "append", "C-1", "--event", json.dumps(lapse)),
        "only the system records deadline_lapsed events",
    )
    completed = TO_DECISION[1]
    for occurred_at, says in (
        ("2099-01-01T10:00", "lies in the future"),
        ("1999-07-08T16:00", "lies before 2000-01-01"),
    ):
        dated = json.dumps({**completed, "occurred_at": occurred_at})
        refused(cli_here("cases", "append", "C-1", "--event", dated, "--org", "KMar"), says)
    for key in ("lapse:C-1:SCR-01:2026-07-13", "demo:C-1:2"):
        refused(
            cli_here("cases", "append", "C-1", "--event", json.dumps(completed),
                     "--org", "KMar", "--idempotency-key", key),
            "is reserved for the system's own events",
        )  # fmt: skip
    assert rows(empty_url)["events"] == 1


def test_the_lapse_job_reports_a_case_it_skips_and_exits_1(cli_here: Run, empty_url: str) -> None:
    """F3: the other cases are recorded; the skipped one is listed, and the exit code says so."""
    ok(cli_here("db", "upgrade"))
    store = open_test_store(empty_url)
    for case_id in ("C-1", "C-2"):
        drive(store, case_id, TO_TRANSFER[:4])  # the reply is due 3 Aug 2026
    store.append(
        case_id="C-1", event=parse_event({**TO_TRANSFER[4], "occurred_at": "2026-07-21T10:00"}),
        expected_seq=None, idempotency_key="lapse:C-2:AMMR-04:2026-08-03", actor=SYSTEM_ACTOR,
        organisation="migrationpact",
    )  # fmt: skip
    store.engine.dispose()
    done = cli_here("cases", "lapse", "--as-of", "2026-08-20")
    assert done.returncode == 1, done.stderr
    assert "Skipped 1 case(s), nothing recorded for them:" in done.stdout
    assert "  case C-2: idempotency key 'lapse:C-2:AMMR-04:2026-08-03' was already used" in (
        done.stdout
    )
    assert "(lapse:C-1:AMMR-04:2026-08-03)" not in done.stdout  # C-1's reply came in time
    report = json.loads(cli_here("cases", "lapse", "--as-of", "2026-08-20", "--json").stdout)
    assert [s["case_id"] for s in report["skipped"]] == ["C-2"]


def test_an_import_refuses_back_dated_events_unless_told(
    cli_here: Run, empty_url: str, make_empty: Callable[[], str], tmp_path: Path
) -> None:
    """F9: import only takes an event dated before 2000 with ``--allow-backdated``."""
    ok(cli_here("db", "upgrade"))
    store = open_test_store(empty_url)
    old = [{**e, "occurred_at": e["occurred_at"].replace("2026", "1998")} for e in TO_DECISION[:3]]
    drive(store, "C-OLD", old)
    store.engine.dispose()
    export = tmp_path / "old.jsonl"
    ok(cli_here("cases", "export", "--output", str(export)))
    target = make_empty()
    ok(cli_here("db", "upgrade", url=target))
    refused(
        cli_here("cases", "import", str(export), url=target),
        "line 1: occurred_at 1998-07-06T10:00 lies before 2000-01-01",
    )
    assert rows(target)["events"] == 0
    assert "Imported 3 event(s)" in ok(
        cli_here("cases", "import", str(export), "--allow-backdated", url=target)
    )


def test_a_retried_create_without_a_case_id_is_already_recorded(
    cli_here: Run, empty_url: str
) -> None:
    ok(cli_here("db", "upgrade"))
    create = ("cases", "create", "--event", json.dumps(TO_DECISION[0]), "--org", "KMar")
    first = ok(cli_here(*create, "--idempotency-key", "cli-k-1", "--json"))
    again = cli_here(*create, "--idempotency-key", "cli-k-1")
    assert again.stdout.startswith(
        f"Already recorded (idempotency key cli-k-1): case {first['case_id']} seq 1 "
    ), again.stderr
    assert rows(empty_url)["events"] == 1
    other = json.dumps({**TO_DECISION[0], "location": "Schiphol"})
    key = ("--idempotency-key", "cli-k-1")
    refused(
        cli_here("cases", "create", "--event", other, "--org", "KMar", *key),
        "idempotency key 'cli-k-1' was already used for a different event",
    )
    by_another = ok(cli_here(*create, *key, "--actor", "clerk-2", "--json"))
    assert by_another["case_id"] != first["case_id"]
    assert rows(empty_url)["events"] == 2
