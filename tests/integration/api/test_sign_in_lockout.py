"""The service counts failed sign-ins in its database: a second server process sees them.

Each ``build_services`` below is what one server process builds at start (``serve --workers``
starts several), from the same settings and so the same database. Five wrong passwords at the
token endpoint of one must lock the username at the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from migrationpact.auth.tokens import DevIssuer
from migrationpact.demo import users as demo_users
from migrationpact.demo.users import demo_user
from migrationpact.server import build_services, create_app
from migrationpact.services.container import Services
from migrationpact.services.settings import ServiceSettings
from migrationpact.store.database import make_engine, read_transaction
from migrationpact.store.tables import sign_in_failures
from tests.integration.api.conftest import BASE
from tests.support.passwords import CHEAP
from tests.support.signin import PASSWORD
from tests.support.signin import users_file as write_users_file


def users_file(tmp_path: Path) -> ServiceSettings:
    return ServiceSettings(public_url=BASE, users_file=write_users_file(tmp_path))


def demo(_tmp_path: Path) -> ServiceSettings:
    return ServiceSettings(public_url=BASE, demo=True)


#: How the service finds its users, and a user of each with their password.
CONFIGURATIONS = [
    pytest.param(users_file, "ann", PASSWORD, id="users-file"),
    pytest.param(demo, "ind-caseworker", demo_user("ind-caseworker").password, id="demo"),
]

Start = Callable[[], TestClient]


@pytest.fixture
def start(
    request: pytest.FixtureRequest,
    db_url: str,
    tmp_path: Path,
    issuer: DevIssuer,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Start]:
    """Start one more server process on the test's database (configured as parametrised)."""
    monkeypatch.setattr(demo_users, "hash_password", CHEAP.hash)  # the demo's real cost is slow
    configure: Callable[[Path], ServiceSettings] = request.param
    settings = replace(configure(tmp_path), database_url=db_url)
    started: list[tuple[TestClient, Services]] = []

    def one() -> TestClient:
        services = build_services(settings, issuer=issuer)
        client = TestClient(create_app(settings, services=services), base_url=BASE)
        started.append((client, services))
        return client

    yield one
    for client, services in started:
        client.close()
        services.store.engine.dispose()


def sign_in(client: TestClient, username: str, password: str) -> int:
    response = client.post("/v1/auth/token", data={"username": username, "password": password})
    if response.status_code == 429:
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["type"].endswith("/locked-out")
        assert "locked for at most 15 minutes" in problem["detail"]
    return int(response.status_code)


@pytest.mark.parametrize(("start", "username", "password"), CONFIGURATIONS, indirect=["start"])
def test_failures_at_one_process_lock_the_username_at_another(
    start: Start, db_url: str, username: str, password: str
) -> None:
    first = start()
    assert sign_in(first, username, password) == 200
    for _ in range(4):
        assert sign_in(first, username, "wrong") == 401
    assert sign_in(first, username, "wrong") == 429  # the fifth failure locks the username
    second = start()
    assert sign_in(second, username, password) == 429  # locked, though the password is right
    assert sign_in(second, "someone-else", "wrong") == 401
    engine = make_engine(db_url)
    with read_transaction(engine) as conn:
        stored = conn.execute(select(func.count()).select_from(sign_in_failures)).scalar_one()
    engine.dispose()
    assert stored == 6  # the five wrong passwords and the unknown user, all in the database
