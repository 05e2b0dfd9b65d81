"""Query keys are lower camelCase; the former snake_case keys still work, flagged as deprecated.

``asOf``/``as_of`` and ``withinDays``/``within_days`` on the worklist, ``decisionDate``/
``decision_date`` on routing, ``caseId``/``case_id`` on the access log (``api.params``).
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from migrationpact.api.params import SNAKE_CASE_KEYS_DEPRECATED, deprecation_value
from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import auth, problem
from tests.integration.store.flows import TO_DECISION, drive

DEPRECATED = deprecation_value(SNAKE_CASE_KEYS_DEPRECATED)


@pytest.fixture
def two_cases(store: EventStore) -> EventStore:
    drive(store, "C-KEYS-1", TO_DECISION[:4])
    drive(store, "C-KEYS-2", TO_DECISION[:4])
    return store


def worklist(api: TestClient, tokens: dict[str, str], query: str) -> Any:
    return api.get(f"/v1/worklist?{query}", headers=auth(tokens, "ind"))


def test_the_camel_case_keys_are_read_and_not_flagged(
    api: TestClient, tokens: dict[str, str], two_cases: EventStore
) -> None:
    r = worklist(api, tokens, "asOf=2026-07-10&withinDays=3")
    assert r.status_code == 200, r.text
    assert (r.json()["as_of"], r.json()["within_days"]) == ("2026-07-10", 3)
    assert "Deprecation" not in r.headers


def test_the_former_keys_give_the_same_answer_with_a_deprecation_header(
    api: TestClient, tokens: dict[str, str], two_cases: EventStore
) -> None:
    new = worklist(api, tokens, "asOf=2026-07-10&withinDays=3")
    old = worklist(api, tokens, "as_of=2026-07-10&within_days=3")
    assert old.status_code == 200, old.text
    assert old.json() == new.json()
    assert old.headers["Deprecation"] == DEPRECATED == "@1796342400"


def test_a_former_key_is_checked_like_its_successor(
    api: TestClient, tokens: dict[str, str], two_cases: EventStore
) -> None:
    problem(worklist(api, tokens, "within_days=367"), 400)
    problem(worklist(api, tokens, "as_of=yesterday"), 400)
    problem(api.get("/v1/access-log?case_id=../x", headers=auth(tokens, "inspectie")), 400)


def test_both_names_with_different_values_are_refused(
    api: TestClient, tokens: dict[str, str], two_cases: EventStore
) -> None:
    body = problem(worklist(api, tokens, "asOf=2026-07-10&as_of=2026-07-11"), 400)
    assert body["type"].endswith("/conflicting-query-keys")
    assert body["detail"] == "as_of is the former name of asOf and the two differ: send asOf only"
    problem(worklist(api, tokens, "withinDays=3&within_days=4"), 400)


def test_both_names_with_one_value_are_that_value(
    api: TestClient, tokens: dict[str, str], two_cases: EventStore
) -> None:
    r = worklist(api, tokens, "withinDays=3&within_days=3")
    assert r.status_code == 200, r.text
    assert r.json()["within_days"] == 3
    assert r.headers["Deprecation"] == DEPRECATED


def test_the_access_log_filters_by_case_under_either_name(
    api: TestClient, tokens: dict[str, str], two_cases: EventStore
) -> None:
    for case_id in ("C-KEYS-1", "C-KEYS-2"):
        assert api.get(f"/v1/cases/{case_id}", headers=auth(tokens, "ind")).status_code == 200
    h = auth(tokens, "inspectie")
    new = api.get("/v1/access-log?caseId=C-KEYS-2", headers=h)
    old = api.get("/v1/access-log?case_id=C-KEYS-2", headers=h)
    assert {e["case_id"] for e in new.json()["entries"]} == {"C-KEYS-2"}
    assert old.json()["entries"] == new.json()["entries"]
    assert old.headers["Deprecation"] == DEPRECATED
    assert "Deprecation" not in new.headers


def test_routing_takes_the_decision_date_under_either_name(
    api: TestClient, tokens: dict[str, str]
) -> None:
    facts = TO_DECISION[2]["facts"]
    h = auth(tokens, "ind")
    new = api.post("/v1/route?decisionDate=2026-04-30", json=facts, headers=h)
    old = api.post("/v1/route?decision_date=2026-04-30", json=facts, headers=h)
    today = api.post("/v1/route", json=facts, headers=h)
    assert new.status_code == 200, new.text
    assert new.json()["decision_date"] == "2026-04-30" != today.json()["decision_date"]
    assert old.json() == new.json()
    assert old.headers["Deprecation"] == DEPRECATED
    problem(
        api.post(
            "/v1/route?decisionDate=2026-04-30&decision_date=2026-05-01", json=facts, headers=h
        ),
        400,
    )


def test_the_spec_lists_each_former_key_as_deprecated_beside_its_successor(
    api: TestClient,
) -> None:
    spec = api.get("/v1/openapi.json").json()
    for path, method, new, old in (
        ("/worklist", "get", "asOf", "as_of"),
        ("/worklist", "get", "withinDays", "within_days"),
        ("/route", "post", "decisionDate", "decision_date"),
        ("/access-log", "get", "caseId", "case_id"),
    ):
        keys = {p["name"]: p for p in spec["paths"][path][method]["parameters"]}
        assert keys[old]["deprecated"] is True
        assert new in keys[old]["description"]
        assert not keys[new].get("deprecated")
