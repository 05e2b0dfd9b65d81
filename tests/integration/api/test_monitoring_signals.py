"""``POST /v1/monitoring/signals``: a signal from outside gets its reference and nothing else;
bad input is a problem and writes nothing; a client over the rate gets 429."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from migrationpact.auth.throttle import ClientLimiter
from migrationpact.monitoring.events import MAX_ATTACHMENT_BYTES, MAX_CONTENT
from migrationpact.monitoring_store.register import Register
from tests.integration.api.conftest import problem
from tests.support.register import scratch_register

URL = "/v1/monitoring/signals"
SIGNAL: dict[str, Any] = {
    "source": "ngo",
    "content": "Families held in a container at the border post for four days",
    "phase": "detention",
    "rights": ["6", "24"],
    "attachments": [
        {
            "name": "photo.jpg",
            "media_type": "image/jpeg",
            "content": base64.b64encode(b"\xff\xd8\xff\xe0" + bytes(2044)).decode(),
        }
    ],
}


@pytest.fixture
def register(empty_url: str, api: TestClient) -> Iterator[Register]:
    opened = scratch_register(empty_url)
    api.app.state.services.monitor_register = opened  # type: ignore[attr-defined]
    yield opened
    opened.engine.dispose()


def _all_files(register: Register) -> list[str]:
    return sorted(
        ref
        for body in ("InspectieJenV", "CRM")
        for ref in register.references(body, include_closed=True)
    )


def test_a_signal_gets_its_reference_and_nothing_else(api: TestClient, register: Register) -> None:
    answer = api.post(URL, json=SIGNAL)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert list(body) == ["reference"]
    row = register.file_row(body["reference"])
    assert row is not None
    assert row.body == "InspectieJenV"  # detention: the Inspectie (intake rules, data)
    assert "InspectieJenV" not in answer.text


@pytest.mark.parametrize(
    "change",
    [
        {"content": ""},
        {"content": "   "},
        {"content": "x" * (MAX_CONTENT + 1)},
        {"attachments": [{"name": "big.pdf", "media_type": "application/pdf",
                          "size_bytes": MAX_ATTACHMENT_BYTES + 1}]},
        {"attachments": [{"name": "a.exe", "content": base64.b64encode(b"MZ\x90\x00").decode()}]},
        {"attachments": [{"name": "a.pdf", "content": "not base64!"}]},
        {"phase": "holiday"},
        {"rights": ["99"]},
        {"source": "own-observation"},
        {"observed_by": "CRM"},
        {"received_at": "2031-01-01T10:00:00"},
        {"case_reference": "Zaid al-Haddad"},
    ],
)  # fmt: skip
def test_bad_input_is_a_problem_and_writes_nothing(
    change: dict[str, Any], api: TestClient, register: Register
) -> None:
    answer = api.post(URL, json=SIGNAL | change)
    problem(answer, 400)
    assert _all_files(register) == []


def test_a_signal_without_content_is_refused(api: TestClient, register: Register) -> None:
    problem(api.post(URL, json={"source": "individual"}), 400)
    assert _all_files(register) == []


def test_a_client_over_the_rate_gets_429(api: TestClient, register: Register) -> None:
    api.app.state.services.signal_limiter = ClientLimiter(limit=2, seconds=60)  # type: ignore[attr-defined]
    assert api.post(URL, json=SIGNAL).status_code == 201
    assert api.post(URL, json=SIGNAL).status_code == 201
    refused = api.post(URL, json=SIGNAL)
    problem(refused, 429)
    assert int(refused.headers["Retry-After"]) >= 1
    assert len(_all_files(register)) == 2


def test_the_route_is_documented(api: TestClient) -> None:
    spec = api.get("/v1/openapi.json").json()
    post = spec["paths"]["/monitoring/signals"]["post"]
    assert set(post["responses"]) >= {"201", "400", "429"}
    assert "security" not in post or post["security"] == []


def test_a_moment_with_an_offset_is_kept_in_dutch_time(api: TestClient, register: Register) -> None:
    answer = api.post(URL, json=SIGNAL | {"received_at": "2026-12-01T09:00:00Z"})
    assert answer.status_code == 201, answer.text
    reference = answer.json()["reference"]
    first = register.history(reference, "InspectieJenV")[0].event
    assert first.received_at == datetime(2026, 12, 1, 10, 0)


def test_a_signal_from_before_the_intake_rules_is_a_problem(
    api: TestClient, register: Register
) -> None:
    body = problem(api.post(URL, json=SIGNAL | {"received_at": "2020-01-01T10:00:00"}), 400)
    assert "intake rules" in body["detail"]
    assert _all_files(register) == []
