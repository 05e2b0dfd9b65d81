"""An API client on a fresh store, with one signed-in user per organisation and role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.passwords import hash_password
from migrationpact.auth.tokens import DevIssuer
from migrationpact.auth.users import User, UserDirectory
from migrationpact.services.container import Services
from migrationpact.services.settings import ServiceSettings
from migrationpact.store.eventstore import EventStore
from tests.support.apps import app_serving
from tests.support.register import scratch_register

BASE = "https://testserver"
PASSWORD = "correct horse battery staple"

#: username → (organisation, role): every pair the policy names, and a second counsellor.
PEOPLE: dict[str, tuple[Organisation, Role]] = {
    "ind": (Organisation.IND, Role.CASEWORKER),
    "ind-lead": (Organisation.IND, Role.SUPERVISOR),
    "kmar": (Organisation.KMAR, Role.CASEWORKER),
    "kmar-lead": (Organisation.KMAR, Role.SUPERVISOR),
    "coa": (Organisation.COA, Role.PLANNER),
    "dtenv": (Organisation.DTENV, Role.CASEWORKER),
    "counsel": (Organisation.LEGAL_COUNSELLING, Role.COUNSELLOR),
    "counsel-2": (Organisation.LEGAL_COUNSELLING, Role.COUNSELLOR),
    "inspectie": (Organisation.INSPECTIE, Role.MONITOR),
    "crm": (Organisation.CRM, Role.MONITOR),
    "analyst": (Organisation.MINISTRY, Role.ANALYST),
}


@pytest.fixture(scope="session")
def users() -> UserDirectory:
    hashed = hash_password(PASSWORD)
    return UserDirectory(
        User(username=name, name=name.title(), organisation=org, role=role, password_hash=hashed)
        for name, (org, role) in PEOPLE.items()
    )


@pytest.fixture(scope="session")
def issuer() -> DevIssuer:
    return DevIssuer.generate(issuer=BASE)


@pytest.fixture
def api(
    store: EventStore, users: UserDirectory, issuer: DevIssuer, tmp_path: Path
) -> Iterator[TestClient]:
    settings = ServiceSettings(public_url=BASE)
    register = scratch_register(f"sqlite:///{tmp_path / 'register.db'}")
    services = Services.build(settings, store=store, users=users, issuer=issuer, register=register)
    with TestClient(app_serving(services), base_url=BASE) as client:
        yield client
    register.engine.dispose()


@pytest.fixture(scope="session")
def tokens(users: UserDirectory, issuer: DevIssuer) -> dict[str, str]:
    return {u.username: issuer.sign(u, audience="migrationpact") for u in users}


def auth(tokens: dict[str, str], who: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[who]}", **headers}


def problem(response: Any, status: int) -> dict[str, Any]:
    """The response's problem document, after checking it is one with this status."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["detail"]
    return body
