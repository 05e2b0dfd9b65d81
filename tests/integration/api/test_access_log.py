"""Every read of a case is logged (who, what, when, purpose), and the log cannot be changed."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from migrationpact.store.accesslog import access_entries
from migrationpact.store.database import write_transaction
from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import auth
from tests.integration.store.flows import TO_DECISION, drive


@pytest.fixture
def one_case(store: EventStore) -> EventStore:
    drive(store, "C-LOG", TO_DECISION[:4])
    return store


def test_a_read_is_logged_with_its_fields_and_purpose(
    api: TestClient, tokens: dict[str, str], one_case: EventStore
) -> None:
    r = api.get("/v1/cases/C-LOG", headers=auth(tokens, "coa"))
    assert r.status_code == 200
    api.get("/v1/cases/C-LOG/deadlines", headers=auth(tokens, "ind", **{"X-Purpose": "appeal"}))
    newest, first = access_entries(one_case.engine, case_id="C-LOG")
    assert (first.actor, first.organisation, first.outcome) == ("coa", "COA", "granted")
    assert first.purpose.startswith("reception")
    assert "person" in first.fields
    assert "routing" not in first.fields
    assert (newest.actor, newest.action, newest.purpose) == ("ind", "case.deadlines", "appeal")


def test_a_refused_read_is_logged_as_denied(
    api: TestClient, tokens: dict[str, str], one_case: EventStore
) -> None:
    assert api.get("/v1/cases/C-LOG", headers=auth(tokens, "counsel-2")).status_code == 403
    (entry,) = access_entries(one_case.engine, actor="counsel-2")
    assert entry.outcome == "denied"
    assert entry.fields == ()


def test_a_refused_part_of_the_file_is_logged_as_denied(
    api: TestClient, tokens: dict[str, str], one_case: EventStore
) -> None:
    assert api.get("/v1/cases/C-LOG/events", headers=auth(tokens, "coa")).status_code == 403
    (entry,) = access_entries(one_case.engine, actor="coa")
    assert (entry.action, entry.outcome, entry.fields) == ("case.timeline", "denied", ())


def test_the_api_has_no_way_to_change_the_log(
    api: TestClient, tokens: dict[str, str], one_case: EventStore
) -> None:
    api.get("/v1/cases/C-LOG", headers=auth(tokens, "ind"))
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        r = api.request(method, "/v1/access-log", headers=auth(tokens, "inspectie"))
        assert r.status_code == 405, method
    entries = api.get("/v1/access-log", headers=auth(tokens, "inspectie")).json()["entries"]
    assert [e["actor"] for e in entries] == ["ind"]


def test_the_log_is_paged_newest_first(
    api: TestClient, tokens: dict[str, str], one_case: EventStore
) -> None:
    for who in ("ind", "coa", "kmar", "dtenv", "crm"):
        api.get("/v1/cases/C-LOG", headers=auth(tokens, who))
    seen: list[str] = []
    url: str | None = "/v1/access-log?limit=2"
    while url:
        page = api.get(url, headers=auth(tokens, "inspectie")).json()
        seen += [e["actor"] for e in page["entries"]]
        cursor = page["next_cursor"]
        url = f"/v1/access-log?limit=2&cursor={cursor}" if cursor else None
    assert seen == ["dtenv", "kmar", "coa", "ind"]  # the College's read is sealed: not shown


@pytest.mark.parametrize(
    "statement", ["UPDATE access_log SET actor = 'someone else'", "DELETE FROM access_log"]
)
def test_the_database_refuses_to_change_the_log(
    statement: str, api: TestClient, tokens: dict[str, str], one_case: EventStore
) -> None:
    api.get("/v1/cases/C-LOG", headers=auth(tokens, "ind"))
    with pytest.raises(DBAPIError, match="append-only"), write_transaction(one_case.engine) as c:
        c.execute(text(statement))
    assert [e.actor for e in access_entries(one_case.engine)] == ["ind"]


@pytest.mark.parametrize("path", ["/v1/cases/C-NONE", "/v1/cases/C-NONE/deadlines"])
def test_a_read_of_an_unknown_case_is_logged_as_not_found(
    path: str, api: TestClient, tokens: dict[str, str], one_case: EventStore
) -> None:
    assert api.get(path, headers=auth(tokens, "ind")).status_code == 404
    (entry,) = access_entries(one_case.engine, case_id="C-NONE")
    assert (entry.actor, entry.outcome, entry.fields) == ("ind", "not-found", ())
