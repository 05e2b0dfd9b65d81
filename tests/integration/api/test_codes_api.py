"""The API refuses a member state, nationality or language that is not a code, naming the
field, and its OpenAPI document states the codes allowed."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from migrationpact.law.codes import EU_PLUS
from tests.integration.api.conftest import auth, problem
from tests.integration.store.flows import TO_TRANSFER


def _registered(api: TestClient, tokens: dict[str, str]) -> None:
    opened = api.post(
        "/v1/cases",
        json={"case_id": "C-CODES", "event": TO_TRANSFER[0]},
        headers=auth(tokens, "kmar"),
    )
    assert opened.status_code == 201, opened.text
    registered = api.post(
        "/v1/cases/C-CODES/events",
        json=TO_TRANSFER[1],
        headers=auth(tokens, "ind", **{"If-Match": '"1"'}),
    )
    assert registered.status_code == 201, registered.text


def _send(api: TestClient, tokens: dict[str, str], event: dict[str, Any]) -> Any:
    return api.post(
        "/v1/cases/C-CODES/events", json=event, headers=auth(tokens, "ind", **{"If-Match": '"2"'})
    )


def test_duitsland_is_refused_as_member_state_and_nothing_is_written(
    api: TestClient, tokens: dict[str, str]
) -> None:
    _registered(api, tokens)
    request = {**TO_TRANSFER[3], "member_state": "Duitsland"}
    body = problem(_send(api, tokens, request), 400)
    assert "member_state" in body["detail"]
    case = api.get("/v1/cases/C-CODES", headers=auth(tokens, "ind"))
    assert case.headers["ETag"] == '"2"'  # nothing recorded
    assert _send(api, tokens, {**request, "member_state": "DEU"}).status_code == 201


def test_a_language_that_is_no_iso_639_3_code_is_refused(
    api: TestClient, tokens: dict[str, str]
) -> None:
    _registered(api, tokens)
    event = {"type": "reception_information_given", "occurred_at": "2026-07-08T12:00"}
    body = problem(_send(api, tokens, {**event, "language": "xx1"}), 400)
    assert "language" in body["detail"]
    assert _send(api, tokens, {**event, "language": "ara"}).status_code == 201


def test_the_event_schemas_state_the_allowed_codes(api: TestClient) -> None:
    schemas = api.get("/v1/openapi.json").json()["components"]["schemas"]
    sent = schemas["TakeChargeRequestSent"]["properties"]["member_state"]
    assert sent["enum"] == sorted(EU_PLUS)
    assert "AMMR" in sent["description"]
    person = schemas["Person"]["properties"]
    assert "ISO 639-3" in person["languages"]["items"]["description"]
    nationality = [s for s in person["nationality"]["anyOf"] if s.get("type") == "string"]
    assert nationality[0]["pattern"] == "^[A-Z]{3}$"
    assert "XXA" in nationality[0]["description"]
