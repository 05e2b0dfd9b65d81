"""The cases and events resources: create, append with If-Match and Idempotency-Key, read."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.integration.api.conftest import auth, problem
from tests.integration.store.flows import DECISION_TOO_EARLY, TO_DECISION, TO_TRANSFER


def _open(api: TestClient, tokens: dict[str, str], case_id: str = "C-API-1") -> None:
    r = api.post(
        "/v1/cases",
        json={"case_id": case_id, "event": TO_DECISION[0]},
        headers=auth(tokens, "kmar"),
    )
    assert r.status_code == 201, r.text
    assert r.headers["Location"] == f"/v1/cases/{case_id}"
    assert r.headers["ETag"] == '"1"'


def _append(
    api: TestClient, tokens: dict[str, str], event: dict[str, Any], seq: int, who: str = "ind"
) -> Any:
    return api.post(
        "/v1/cases/C-API-1/events",
        json=event,
        headers=auth(tokens, who, **{"If-Match": f'"{seq}"'}),
    )


def test_a_case_is_driven_to_decision_with_cited_deadlines(
    api: TestClient, tokens: dict[str, str]
) -> None:
    _open(api, tokens)
    for seq, event in enumerate(TO_DECISION[1:5], start=1):
        who = "kmar" if event["type"] in {"screening_completed", "application_made"} else "ind"
        r = _append(api, tokens, event, seq, who)
        assert r.status_code == 201, r.text
        assert r.json()["seq"] == seq + 1
    r = api.get("/v1/cases/C-API-1/deadlines", headers=auth(tokens, "ind"))
    assert r.status_code == 200, r.text
    rules = {d["rule_id"]: d for d in r.json()["deadlines"]}
    assert rules, "lodging starts the examination deadline"
    for entry in rules.values():
        assert entry["legal_basis"], entry
        assert entry["rule_set_version"]
    case = api.get("/v1/cases/C-API-1", headers=auth(tokens, "ind"))
    assert case.status_code == 200
    assert case.json()["stage"] == "lodged"
    assert case.headers["ETag"] == '"5"'


def test_if_match_is_required_and_checked(api: TestClient, tokens: dict[str, str]) -> None:
    _open(api, tokens)
    missing = api.post(
        "/v1/cases/C-API-1/events", json=TO_DECISION[1], headers=auth(tokens, "kmar")
    )
    problem(missing, 428)
    stale = _append(api, tokens, TO_DECISION[1], 0, "kmar")
    assert "expected" in problem(stale, 412)["detail"]
    assert api.get("/v1/cases/C-API-1", headers=auth(tokens, "ind")).json()["seq"] == 1
    spec = api.get("/v1/openapi.json").json()
    (if_match,) = [
        p for p in spec["paths"]["/cases/{case_id}/events"]["post"]["parameters"]
        if p["name"] == "If-Match"
    ]  # fmt: skip
    assert if_match["required"] is True  # the spec says what the 428 says


def test_an_idempotency_key_records_once(api: TestClient, tokens: dict[str, str]) -> None:
    _open(api, tokens)
    headers = auth(tokens, "kmar", **{"If-Match": '"1"', "Idempotency-Key": "k-1"})
    first = api.post("/v1/cases/C-API-1/events", json=TO_DECISION[1], headers=headers)
    again = api.post("/v1/cases/C-API-1/events", json=TO_DECISION[1], headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["repeated"] is True
    assert again.json()["hash"] == first.json()["hash"]
    history = api.get("/v1/cases/C-API-1/events", headers=auth(tokens, "ind")).json()
    assert [e["seq"] for e in history["events"]] == [1, 2]


def test_a_retried_create_without_a_case_id_returns_the_first_case(
    api: TestClient, tokens: dict[str, str]
) -> None:
    headers = auth(tokens, "kmar", **{"Idempotency-Key": "open-1"})
    first = api.post("/v1/cases", json={"event": TO_DECISION[0]}, headers=headers)
    again = api.post("/v1/cases", json={"event": TO_DECISION[0]}, headers=headers)
    assert first.status_code == again.status_code == 201, again.text
    assert first.json()["repeated"] is False
    assert again.json()["repeated"] is True
    assert again.json()["case_id"] == first.json()["case_id"]
    assert again.json()["hash"] == first.json()["hash"]
    assert again.headers["Location"] == first.headers["Location"]
    listed = api.get("/v1/cases", headers=auth(tokens, "ind")).json()["items"]
    assert [c["case_id"] for c in listed] == [first.json()["case_id"]]


def test_a_create_key_reused_for_another_body_is_a_conflict(
    api: TestClient, tokens: dict[str, str]
) -> None:
    headers = auth(tokens, "kmar", **{"Idempotency-Key": "open-2"})
    first = api.post("/v1/cases", json={"event": TO_DECISION[0]}, headers=headers)
    assert first.status_code == 201, first.text
    other = {**TO_DECISION[0], "location": "Schiphol"}
    problem(api.post("/v1/cases", json={"event": other}, headers=headers), 409)
    assert len(api.get("/v1/cases", headers=auth(tokens, "ind")).json()["items"]) == 1


def test_two_people_opening_cases_with_the_same_key_open_two_cases(
    api: TestClient, tokens: dict[str, str]
) -> None:
    opened = [
        api.post(
            "/v1/cases",
            json={"event": TO_TRANSFER[0]},
            headers=auth(tokens, who, **{"Idempotency-Key": "same-key"}),
        )
        for who in ("ind", "ind-lead")
    ]
    assert [r.status_code for r in opened] == [201, 201], opened[1].text
    assert [r.json()["repeated"] for r in opened] == [False, False]
    assert opened[0].json()["case_id"] != opened[1].json()["case_id"]


def test_a_refused_event_names_the_rule_and_writes_nothing(
    api: TestClient, tokens: dict[str, str]
) -> None:
    _open(api, tokens)
    refused = problem(_append(api, tokens, DECISION_TOO_EARLY, 1), 422)
    assert refused["type"].endswith("transition-refused")
    assert api.get("/v1/cases/C-API-1", headers=auth(tokens, "ind")).json()["seq"] == 1


def test_bad_input_is_a_problem_document(api: TestClient, tokens: dict[str, str]) -> None:
    _open(api, tokens)
    not_json = api.post(
        "/v1/cases/C-API-1/events",
        content=b"{not json",
        headers=auth(tokens, "ind", **{"If-Match": '"1"', "Content-Type": "application/json"}),
    )
    problem(not_json, 400)
    unknown = _append(api, tokens, {"type": "no_such_event", "occurred_at": "2026-07-08"}, 1)
    problem(unknown, 400)
    problem(api.get("/v1/cases/C-NOPE", headers=auth(tokens, "ind")), 404)
    missing = api.post(
        "/v1/cases/C-NOPE/events",
        json=TO_DECISION[1],
        headers=auth(tokens, "ind", **{"If-Match": '"3"'}),
    )
    assert problem(missing, 404)["type"].endswith("case-not-found")
    unassignable = api.put("/v1/cases/C-NOPE/assignments/counsel-2", headers=auth(tokens, "ind"))
    assert problem(unassignable, 404)["type"].endswith("case-not-found")
    problem(api.get("/v1/cases?cursor=%%%", headers=auth(tokens, "ind")), 400)


def test_no_token_no_access(api: TestClient, tokens: dict[str, str]) -> None:
    r = api.get("/v1/worklist")
    problem(r, 401)
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    forged = tokens["ind"][:-4] + ("AAAA" if not tokens["ind"].endswith("AAAA") else "BBBB")
    problem(api.get("/v1/worklist", headers={"Authorization": f"Bearer {forged}"}), 401)


def test_cases_are_paged_with_a_cursor(api: TestClient, tokens: dict[str, str]) -> None:
    for n in range(5):
        r = api.post(
            "/v1/cases",
            json={"case_id": f"C-P-{n}", "event": TO_DECISION[0]},
            headers=auth(tokens, "kmar"),
        )
        assert r.status_code == 201
    seen: list[str] = []
    url: str | None = "/v1/cases?limit=2"
    while url:
        page = api.get(url, headers=auth(tokens, "ind")).json()
        seen += [c["case_id"] for c in page["items"]]
        url = f"/v1/cases?limit=2&cursor={page['next_cursor']}" if page["next_cursor"] else None
    assert seen == [f"C-P-{n}" for n in range(5)]


def test_the_law_endpoints(api: TestClient, tokens: dict[str, str]) -> None:
    h = auth(tokens, "analyst")
    rules = api.get("/v1/rules?at=2026-07-01", headers=h).json()
    assert any(r["id"] == "APR-16" for r in rules["rules"])
    assert api.get("/v1/rules/APR-16", headers=h).json()["rule"] == "APR-16"
    problem(api.get("/v1/rules/NO-SUCH", headers=h), 404)
    period = api.get(
        "/v1/period", params={"start": "2026-05-07", "length": "1 week", "regime": "eu"}, headers=h
    )
    assert period.status_code == 200, period.text
    assert period.json()["end"].startswith("2026-05-18")
    routed = api.post("/v1/route", json=TO_DECISION[2]["facts"], headers=h)
    assert routed.status_code == 200, routed.text
    assert routed.json()["explanation"]["rule"]


def test_openapi_is_served_under_v1(api: TestClient) -> None:
    served = api.get("/v1/openapi.json")
    spec = served.json()
    assert spec["openapi"].startswith("3.1")
    assert spec["servers"] == [{"url": "https://testserver/v1"}]
    assert "/cases/{case_id}/events" in spec["paths"]
    assert served.headers["API-Version"] == "1.1.0"
    assert served.headers["Access-Control-Allow-Origin"] == "*"
    landing = api.get("/v1").json()
    assert landing["links"]["openapi"] == "https://testserver/v1/openapi.json"
