"""The firewall in the access log (issue 16): the monitoring bodies' reads of case data are
logged like every read, but sealed to the reading body's public key (``store.sealed_reads``):
no reader of the case system, and no one reading its database, learns who read which case or
why; the register opens them with the body's private key. SQLite and PostgreSQL."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from migrationpact.monitoring_store.case_reads import case_reads
from migrationpact.services import pagination
from migrationpact.store.accesslog import access_entries, verify_access_log
from migrationpact.store.eventstore import EventStore
from migrationpact.store.sealed_reads import SEAL_PREFIX, SEALED, env_name
from tests.integration.api.conftest import auth, problem
from tests.integration.store.flows import TO_DECISION
from tests.integration.store.flows import drive as run
from tests.support.read_keys import PRIVATE
from tests.support.tamper import tamper

MONITORS = ("inspectie", "crm")
#: Words of the monitors' reads that must not be found in the case store in clear.
SECRETS = ("inspectie", "crm", "InspectieJenV", "CRM", "C-NONE", "fundamental-rights", "case:")


@pytest.fixture
def read_by_all(store: EventStore, api: TestClient, tokens: dict[str, str]) -> EventStore:
    """A case read by a caseworker and by both bodies, once granted and once not found."""
    drive(store, "C-FW")
    for who in ("ind", *MONITORS):
        assert api.get("/v1/cases/C-FW", headers=auth(tokens, who)).status_code == 200
        assert api.get("/v1/cases/C-NONE", headers=auth(tokens, who)).status_code == 404
    return store


def drive(store: EventStore, case_id: str) -> None:
    run(store, case_id, TO_DECISION[:4])


def _actors(api: TestClient, tokens: dict[str, str], reader: str, query: str = "") -> list[str]:
    answer = api.get(f"/v1/access-log?limit=500{query}", headers=auth(tokens, reader))
    assert answer.status_code == 200, answer.text
    return [e["actor"] for e in answer.json()["entries"]]


def _raw_rows(store: EventStore) -> list[tuple[object, ...]]:
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text("SELECT * FROM access_log ORDER BY id"))]


def test_an_ind_supervisor_sees_no_row_of_a_monitor(
    api: TestClient, tokens: dict[str, str], read_by_all: EventStore
) -> None:
    assert _actors(api, tokens, "ind-lead") == ["ind", "ind"]
    for monitor in (*MONITORS, SEALED):
        assert _actors(api, tokens, "ind-lead", f"&actor={monitor}") == []
    assert _actors(api, tokens, "ind-lead", "&caseId=C-FW") == ["ind"]


@pytest.mark.parametrize("reader", MONITORS)
def test_a_monitor_sees_the_log_without_the_sealed_rows(
    reader: str, api: TestClient, tokens: dict[str, str], read_by_all: EventStore
) -> None:
    # The bodies read their own reads in the register, opened; here they would be ciphertext.
    assert _actors(api, tokens, reader) == ["ind", "ind"]


#: A seal as stored: its prefix, then base64 (whose letters may spell "crm" by chance, so the
#: clear-text checks below read the rows with each seal replaced by a mark).
SEAL = re.compile(re.escape(SEAL_PREFIX) + r"[A-Za-z0-9+/]+={0,2}")


def test_the_database_holds_the_monitors_reads_sealed(read_by_all: EventStore) -> None:
    rows = _raw_rows(read_by_all)
    assert len(rows) == 6  # every read is logged, the monitors' too
    sealed = [row for row in rows if SEALED in row]
    assert len(sealed) == 4
    assert all(len(SEAL.findall(repr(row))) == 1 for row in sealed)  # one whole seal a row
    clear = SEAL.sub("<seal>", repr(sealed))
    for word in (*SECRETS, "C-FW"):  # nothing of who read which case, or why
        assert word not in clear, word
    assert "C-FW" in repr([row for row in rows if row not in sealed])  # the caseworker's read
    for word in ("inspectie", "crm", "InspectieJenV", "CRM"):  # no row names a body or monitor
        assert word not in SEAL.sub("<seal>", repr(rows)), word


def test_the_sealed_rows_stay_in_the_chain(read_by_all: EventStore) -> None:
    # ``audit verify`` walks every row: the seal is part of the row's hash.
    organisations = [e.organisation for e in access_entries(read_by_all.engine)]
    assert organisations.count(SEALED) == 4
    report = verify_access_log(read_by_all.engine)
    assert (report.ok, report.rows) == (True, 6)


@pytest.mark.parametrize(("body", "actor"), [("InspectieJenV", "inspectie"), ("CRM", "crm")])
def test_the_register_opens_each_bodys_reads_with_its_key(
    read_by_all: EventStore, body: str, actor: str
) -> None:
    found = case_reads(read_by_all.engine, body, PRIVATE[body])
    assert [(r.actor, r.organisation, r.case_id, r.outcome) for r in found.reads] == [
        (actor, body, "C-NONE", "not-found"),
        (actor, body, "C-FW", "granted"),
    ]
    assert found.reads[1].purpose == "fundamental-rights monitoring (SR Art. 10, APR Art. 43)"
    assert found.unopened == 2  # the other body's: a body does not read the other's reads
    one = case_reads(read_by_all.engine, body, PRIVATE[body], case_id="C-FW")
    assert [r.case_id for r in one.reads] == ["C-FW"]


def test_a_changed_seal_breaks_the_chain_and_does_not_open(read_by_all: EventStore) -> None:
    first = min(e.id or 0 for e in access_entries(read_by_all.engine) if e.organisation == SEALED)
    entry = next(e for e in access_entries(read_by_all.engine) if e.id == first)
    token = entry.fields[0]
    changed = token[:-8] + ("A" if token[-8] != "A" else "B") + token[-7:]
    tamper(
        read_by_all.engine,
        "UPDATE access_log SET fields = :fields WHERE id = :id",
        fields=f'["{changed}"]',
        id=first,
    )
    report = verify_access_log(read_by_all.engine)
    assert (report.ok, report.broken_id) == (False, first)
    # The changed row was the Inspectie's first read: its key no longer opens it.
    unopened = {b: case_reads(read_by_all.engine, b, k).unopened for b, k in PRIVATE.items()}
    assert unopened == {"InspectieJenV": 3, "CRM": 2}
    left = case_reads(read_by_all.engine, "InspectieJenV", PRIVATE["InspectieJenV"]).reads
    assert [r.case_id for r in left] == ["C-NONE"]


def test_without_the_bodys_public_key_its_read_is_refused_and_nothing_written(
    store: EventStore, api: TestClient, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    drive(store, "C-FW")
    monkeypatch.delenv(env_name("CRM"))
    refused = problem(api.get("/v1/cases/C-FW", headers=auth(tokens, "crm")), 503)
    assert refused["type"].endswith("monitor-read-not-sealed")
    assert "MIGRATIONPACT_MONITOR_READS_PUBLIC_KEY_CRM" in refused["detail"]
    assert "C-FW" not in refused["detail"]
    assert _raw_rows(store) == []  # never logged in clear, and no data left without a row
    assert api.get("/v1/cases/C-FW", headers=auth(tokens, "inspectie")).status_code == 200
    assert api.get("/v1/cases/C-FW", headers=auth(tokens, "ind")).status_code == 200
    assert len(_raw_rows(store)) == 2


def test_the_rows_an_ind_supervisor_sees_carry_no_numbers_that_count_the_hidden_ones(
    api: TestClient, tokens: dict[str, str], read_by_all: EventStore
) -> None:
    seen = api.get("/v1/access-log?limit=500", headers=auth(tokens, "ind-lead")).json()
    assert seen["entries"]
    assert all("id" not in e for e in seen["entries"])
    # Nobody sees the sealed rows in the case system, so the bodies get no row numbers either.
    whole = api.get("/v1/access-log?limit=500", headers=auth(tokens, "inspectie")).json()
    assert whole["entries"]
    assert all("id" not in e for e in whole["entries"])


def test_an_ind_supervisor_pages_by_position_and_the_pages_make_the_whole_list(
    api: TestClient, tokens: dict[str, str], read_by_all: EventStore
) -> None:
    headers = auth(tokens, "ind-lead")
    whole = api.get("/v1/access-log?limit=500", headers=headers).json()["entries"]
    first = api.get("/v1/access-log?limit=1", headers=headers).json()
    cursor = first["next_cursor"]
    assert cursor is not None
    assert pagination.decode(cursor) == {"skip": 1}  # a position among the rows they see
    second = api.get(f"/v1/access-log?limit=500&cursor={cursor}", headers=headers).json()
    assert first["entries"] + second["entries"] == whole
    assert second["next_cursor"] is None
    wrong = api.get(f"/v1/access-log?cursor={pagination.encode({'before': 99})}", headers=headers)
    assert wrong.status_code == 400  # a row position is no cursor of theirs
    monitor = api.get("/v1/access-log?limit=1", headers=auth(tokens, "inspectie")).json()
    assert pagination.decode(monitor["next_cursor"]) == {"skip": 1}  # the bodies too
