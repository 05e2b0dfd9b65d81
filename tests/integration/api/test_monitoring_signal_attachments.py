"""``POST /v1/monitoring/signals`` with files: base64 in the JSON, kept sealed, the answer still the
reference and nothing else; a refused file is a 400 problem and writes nothing (SQLite and
PostgreSQL). The service here accepts bodies up to 40 MiB, as a deployment taking signals with
attachments would (``MIGRATIONPACT_MAX_BODY_BYTES``), so the register's own limits are reached."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from migrationpact.auth.tokens import DevIssuer
from migrationpact.auth.users import UserDirectory
from migrationpact.monitoring.events import MAX_ATTACHMENT_BYTES
from migrationpact.monitoring_store.register import Register
from migrationpact.monitoring_store.tables import metadata
from migrationpact.server import create_app
from migrationpact.services.container import Services
from migrationpact.services.settings import ServiceSettings
from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import BASE, problem
from tests.support.attachments import EXE, PDF, PNG, TEXT, b64
from tests.support.register import scratch_register

URL = "/v1/monitoring/signals"
SIGNAL: dict[str, Any] = {
    "source": "lawyer",
    "content": "My client was held nine days in the border hall",
    "phase": "detention",
}


@pytest.fixture
def register(empty_url: str) -> Iterator[Register]:
    opened = scratch_register(empty_url)
    yield opened
    opened.engine.dispose()


@pytest.fixture
def client(
    store: EventStore, users: UserDirectory, issuer: DevIssuer, register: Register
) -> Iterator[TestClient]:
    settings = ServiceSettings(public_url=BASE, max_body_bytes=40 * 1024 * 1024)
    services = Services.build(settings, store=store, users=users, issuer=issuer, register=register)
    with TestClient(create_app(settings, services=services), base_url=BASE) as made:
        yield made


def rows(register: Register) -> dict[str, int]:
    with register.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in metadata.sorted_tables
        }


def attachment(name: str, data: bytes, media_type: str = "") -> dict[str, str]:
    return {"name": name, "media_type": media_type, "content": b64(data)}


def test_files_are_kept_and_the_answer_is_the_reference_only(
    client: TestClient, register: Register
) -> None:
    sent = client.post(URL, json=SIGNAL | {"attachments": [
        attachment("verklaring.pdf", PDF, "application/pdf"),
        attachment("cel.png", PNG), attachment("notes.txt", TEXT, "text/plain")]})  # fmt: skip
    assert sent.status_code == 201, sent.text
    assert list(sent.json()) == ["reference"]
    signal = register.history(sent.json()["reference"], "InspectieJenV")[0].event
    assert [(a.name, a.media_type, a.size_bytes) for a in signal.attachments] == [
        ("verklaring.pdf", "application/pdf", len(PDF)),
        ("cel.png", "image/png", len(PNG)),
        ("notes.txt", "text/plain", len(TEXT)),
    ]
    assert rows(register)["monitor_attachments"] == 3


@pytest.mark.parametrize(
    ("files", "said"),
    [
        ([attachment("big.txt", b"a" * (MAX_ATTACHMENT_BYTES + 1))], "larger than 10 MiB"),
        ([attachment(f"{n}.txt", b"a" * (9 * 1024 * 1024)) for n in range(3)],
         "together are larger than 25 MiB"),
        ([attachment(f"{n}.png", PNG) for n in range(11)], "at most 10"),
        ([attachment("run.exe", EXE)], "not of a kind the register takes"),
        ([attachment("photo.jpg", PDF, "image/jpeg")], "not what its declared type"),
        ([{"name": "leeg.txt", "content": ""}], "content"),
        ([{"name": "x.pdf", "content": "%%% not base64 %%%"}], "not base64"),
        ([{"name": "x.pdf", "media_type": "application/pdf", "size_bytes": 10}], "size_bytes"),
    ],
)  # fmt: skip
def test_a_refused_file_is_a_problem_and_writes_nothing(
    client: TestClient, register: Register, files: list[dict[str, Any]], said: str
) -> None:
    before = rows(register)
    body = problem(client.post(URL, json=SIGNAL | {"attachments": files}), 400)
    assert said in body["detail"] or said in str(body.get("errors", ""))
    assert rows(register) == before


def test_a_signal_without_content_but_with_a_file_writes_nothing(
    client: TestClient, register: Register
) -> None:
    before = rows(register)
    sent = client.post(URL, json=SIGNAL | {"content": "  ", "attachments": [attachment("a", PDF)]})
    problem(sent, 400)
    assert rows(register) == before


def test_the_spec_describes_the_files_as_base64(client: TestClient) -> None:
    spec = client.get("/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    content = schemas["AttachmentIn"]["properties"]["content"]
    assert content["type"] == "string"
    assert content["contentEncoding"] == "base64"
    assert "201" in spec["paths"]["/monitoring/signals"]["post"]["responses"]
