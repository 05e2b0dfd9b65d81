"""Bounded input and the headers of every answer (security probe F7, F8, F10, F16).

A body over the limit is refused with a 413 problem before anything reads it, before sign-in is
checked; every answer, a 413 and a 500 included, carries the security headers and the request
id; a client's request id is kept only when it is a safe one, and a stated purpose only when it
fits the access log, so PostgreSQL is never handed an over-long value and a refused read is
still logged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from migrationpact.auth.tokens import DevIssuer
from migrationpact.auth.users import UserDirectory
from migrationpact.server import create_app
from migrationpact.services.container import Services
from migrationpact.services.limits import HSTS, SECURITY_HEADERS, Edge
from migrationpact.services.settings import ServiceSettings
from migrationpact.store.accesslog import access_entries
from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import BASE, auth, problem
from tests.integration.store.flows import TO_DECISION, drive

MIB = 1 << 20


@pytest.fixture
def one_case(store: EventStore) -> EventStore:
    drive(store, "C-EDGE", TO_DECISION[:4])
    return store


def _headers_ok(response: Any) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name
    assert response.headers.get("X-Request-ID")
    assert response.headers.get("API-Version")


def test_a_body_over_the_limit_is_refused_before_sign_in(api: TestClient) -> None:
    r = api.post(
        "/v1/cases/C-EDGE/events",
        content=b"{" + b" " * (2 * MIB) + b"}",
        headers={"Content-Type": "application/json"},
    )
    body = problem(r, 413)
    assert body["type"].endswith("/request-too-large")
    _headers_ok(r)


def test_a_chunked_body_over_the_limit_is_refused(api: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(3):
            yield b" " * MIB

    r = api.post("/v1/auth/token", content=chunks())
    problem(r, 413)


def test_a_body_under_the_limit_without_a_length_reaches_the_route(api: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"username=nobody&"
        yield b"password=wrong"

    r = api.post(
        "/v1/auth/token",
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code in (400, 401), r.text


def test_a_100_mb_body_is_refused_without_being_read() -> None:
    """The edge answers from the Content-Length: neither the body nor the app is touched."""
    sent: list[MutableMapping[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the application must not run")

    async def receive() -> MutableMapping[str, Any]:
        raise AssertionError("the body must not be read")

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/cases/C-1/events",
        "scheme": "http",
        "headers": [(b"content-length", str(100 * MIB).encode())],
    }
    # In a thread of its own: another test may have left an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, Edge(app)(scope, receive, send)).result()
    start = sent[0]
    assert start["status"] == 413
    names = {k for k, _ in start["headers"]}
    assert {b"content-security-policy", b"x-request-id", b"cache-control"} <= names


def test_a_forced_500_carries_the_security_headers(
    store: EventStore, users: UserDirectory, issuer: DevIssuer
) -> None:
    settings = ServiceSettings(public_url=BASE)
    app = create_app(settings, services=Services.build(settings, store=store, users=users))

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("forced")

    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        r = client.get("/boom", headers={"X-Request-ID": "probe-500"})
    body = problem(r, 500)
    _headers_ok(r)
    assert r.headers["X-Request-ID"] == "probe-500" == body["request_id"]
    assert r.headers["Strict-Transport-Security"] == HSTS


@pytest.mark.parametrize(
    ("public_url", "base", "hsts"),
    [
        ("https://mp.example", "http://testserver", True),  # TLS ends at the proxy
        ("http://127.0.0.1:8000", "https://testserver", True),  # served over TLS
        ("http://127.0.0.1:8000", "http://testserver", False),
    ],
)
def test_hsts_when_served_over_tls(
    public_url: str, base: str, hsts: bool, store: EventStore, users: UserDirectory
) -> None:
    settings = ServiceSettings(public_url=public_url)
    app = create_app(settings, services=Services.build(settings, store=store, users=users))
    with TestClient(app, base_url=base) as client:
        for path in ("/v1/rules", "/login"):
            r = client.get(path)
            assert ("Strict-Transport-Security" in r.headers) is hsts, path


def test_an_unsafe_request_id_is_replaced_and_not_echoed(
    api: TestClient, tokens: dict[str, str], one_case: EventStore
) -> None:
    long_id = "r" * 65
    r = api.get("/v1/cases/C-EDGE", headers=auth(tokens, "ind", **{"X-Request-ID": long_id}))
    assert r.status_code == 200
    given = r.headers["X-Request-ID"]
    assert given != long_id
    assert len(given) <= 64
    (entry,) = access_entries(one_case.engine, case_id="C-EDGE")
    assert entry.request_id == given


def test_a_refused_read_with_an_unsafe_request_id_is_logged(
    api: TestClient, tokens: dict[str, str], one_case: EventStore
) -> None:
    headers = auth(tokens, "counsel", **{"X-Request-ID": "r" * 65})
    assert api.get("/v1/cases/C-EDGE", headers=headers).status_code == 403
    (entry,) = access_entries(one_case.engine, actor="counsel")
    assert entry.outcome == "denied"


@pytest.mark.parametrize("who", ["ind", "counsel"])
@pytest.mark.parametrize("purpose", ["p" * 201, "tab\there"])
def test_a_purpose_that_does_not_fit_the_log_is_refused_and_logged(
    who: str, purpose: str, api: TestClient, tokens: dict[str, str], one_case: EventStore
) -> None:
    for path in ("/v1/cases/C-EDGE", "/v1/cases/C-EDGE/deadlines"):
        r = api.get(path, headers=auth(tokens, who, **{"X-Purpose": purpose}))
        assert problem(r, 400)["type"].endswith("/invalid-purpose")
    entries = access_entries(one_case.engine, actor=who)
    assert [e.outcome for e in entries] == ["denied", "denied"]
    assert all(len(e.purpose) <= 200 and e.purpose != purpose for e in entries)


def test_a_purpose_of_200_characters_is_kept(
    api: TestClient, tokens: dict[str, str], one_case: EventStore
) -> None:
    purpose = "p" * 200
    r = api.get("/v1/cases/C-EDGE", headers=auth(tokens, "ind", **{"X-Purpose": purpose}))
    assert r.status_code == 200
    (entry,) = access_entries(one_case.engine, actor="ind")
    assert entry.purpose == purpose
