"""Metrics, logs and request ids of the running service (docs/operations.md): ``/metrics``
answers the metrics by route template, only to whom may scrape it, and neither the metrics nor
the log lines ever hold a person's name, date of birth, V-number or a case id from a path."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from migrationpact.auth.tokens import DevIssuer
from migrationpact.auth.users import UserDirectory
from migrationpact.observe.logs import JsonFormatter
from migrationpact.server import create_app
from migrationpact.services.container import Services
from migrationpact.services.settings import ServiceSettings
from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import BASE, PASSWORD, auth
from tests.support.register import scratch_register

TOKEN = "scrape-me-0123456789"
CASE = "C-ZQ-7731"
NAMES = ["Zarifa", "Qasimi-Oudeh"]
BORN = "1991-04-17"
V_NUMBER = "7391048265"
PERSONAL = (CASE, *NAMES, BORN, V_NUMBER, "C-NOPE-9912")


def _client(
    store: EventStore, users: UserDirectory, issuer: DevIssuer, tmp_path: Path, **settings: str
) -> Iterator[TestClient]:
    chosen = ServiceSettings(public_url=BASE, **settings)  # type: ignore[arg-type]
    register = scratch_register(f"sqlite:///{tmp_path / 'register.db'}")
    services = Services.build(chosen, store=store, users=users, issuer=issuer, register=register)
    with TestClient(create_app(chosen, services=services), base_url=BASE) as client:
        yield client
    register.engine.dispose()


@pytest.fixture
def scraped(
    store: EventStore, users: UserDirectory, issuer: DevIssuer, tmp_path: Path
) -> Iterator[TestClient]:
    """The service with a scrape token."""
    yield from _client(store, users, issuer, tmp_path, metrics_token=TOKEN)


def _made() -> dict[str, object]:
    return {
        "case_id": CASE,
        "event": {
            "type": "application_made", "occurred_at": "2026-07-06T10:00",
            "entry": "in-territory", "facts": {"nationality": "SYR", "age": 35},
            "person": {"pseudonym": "P-ZQ", "names": NAMES, "nationality": "SYR",
                       "date_of_birth": BORN},
        },
    }  # fmt: skip


def _work(client: TestClient, tokens: dict[str, str]) -> None:
    """A caseworker's morning: open a case, register it, read it, miss one, sign in wrongly."""
    made = client.post("/v1/cases", json=_made(), headers=auth(tokens, "ind"))
    assert made.status_code == 201, made.text
    registered = {"type": "application_registered", "occurred_at": "2026-07-07T09:00",
                  "v_number": V_NUMBER}  # fmt: skip
    headers = auth(tokens, "ind", **{"If-Match": '"1"'})
    answer = client.post(f"/v1/cases/{CASE}/events", json=registered, headers=headers)
    assert answer.status_code in (200, 201), answer.text
    assert client.get(f"/v1/cases/{CASE}", headers=auth(tokens, "ind")).status_code == 200
    assert client.get("/v1/cases/C-NOPE-9912", headers=auth(tokens, "ind")).status_code == 404
    assert client.get(f"/v1/cases?q={NAMES[0]}", headers=auth(tokens, "ind")).status_code == 200
    wrong = client.post("/v1/auth/token", data={"username": "ind", "password": "not-it"})
    assert wrong.status_code == 401
    right = client.post("/v1/auth/token", data={"username": "ind", "password": PASSWORD})
    assert right.status_code == 200


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_count_by_route_template_and_hold_no_personal_data(
    scraped: TestClient, tokens: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    route = {"method": "GET", "route": "/v1/cases/{case_id}"}
    read_before = _sample("migrationpact_http_requests_total", **route, status="200")
    missed_before = _sample("migrationpact_http_requests_total", **route, status="404")
    made_before = _sample("migrationpact_events_appended_total", stream="case",
                          type="application_made")  # fmt: skip
    failed_before = _sample("migrationpact_signin_failures_total", reason="password")
    with caplog.at_level(logging.INFO, logger="migrationpact"):
        _work(scraped, tokens)
    answer = scraped.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    text = answer.text
    assert _sample("migrationpact_http_requests_total", **route, status="200") == read_before + 1
    assert _sample("migrationpact_http_requests_total", **route, status="404") == missed_before + 1
    assert _sample("migrationpact_events_appended_total", stream="case",
                   type="application_made") == made_before + 1  # fmt: skip
    assert _sample("migrationpact_signin_failures_total", reason="password") == failed_before + 1
    assert 'route="/v1/cases/{case_id}"' in text
    assert "migrationpact_http_request_duration_seconds_bucket" in text
    assert 'migrationpact_events_appended_total{stream="case",type="application_registered"}' in (
        text
    )
    # The case's open deadlines, read from the database at the scrape, by organisation.
    assert 'migrationpact_deadlines_open{organisation="IND"}' in text
    assert "migrationpact_deadlines_overdue" in text
    assert not [p for p in PERSONAL if p in text]
    lines = [JsonFormatter().format(r) for r in caplog.records]
    requests = [json.loads(line) for line in lines if '"logger": "migrationpact.http"' in line]
    assert {r["route"] for r in requests} >= {"/v1/cases/{case_id}", "/v1/cases"}
    assert all(r["request_id"] for r in requests)
    assert not [(p, line) for p in PERSONAL for line in lines if p in line]


def test_the_request_id_given_is_logged_and_returned(
    scraped: TestClient, tokens: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="migrationpact.http"):
        answer = scraped.get("/v1/cases", headers=auth(tokens, "ind", **{"X-Request-ID": "r-42"}))
        made = scraped.get("/v1/cases", headers=auth(tokens, "ind", **{"X-Request-ID": "x y"}))
    assert answer.headers["X-Request-ID"] == "r-42"
    made_id = made.headers["X-Request-ID"]
    assert made_id != "x y"
    logged = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    assert [(r["request_id"], r["status"]) for r in logged] == [("r-42", 200), (made_id, 200)]


def test_only_the_token_holder_may_scrape(scraped: TestClient) -> None:
    assert scraped.get("/metrics").status_code == 404
    wrong = scraped.get("/metrics", headers={"Authorization": "Bearer scrape-me-wrong"})
    assert wrong.status_code == 404
    assert wrong.headers["content-type"].startswith("application/problem+json")
    assert "/metrics" not in scraped.get("/v1/openapi.json").text


def test_without_a_token_only_this_machine_may_scrape(
    store: EventStore, users: UserDirectory, issuer: DevIssuer, tmp_path: Path
) -> None:
    for client in _client(store, users, issuer, tmp_path):
        assert client.get("/metrics").status_code == 404  # the test client is not loopback
        local = TestClient(client.app, base_url=BASE, client=("127.0.0.1", 50000))
        assert local.get("/metrics").status_code == 200
        assert "migrationpact_deadlines_open" in local.get("/metrics").text
