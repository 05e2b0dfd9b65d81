"""With password sign-in switched off (the default in production), no password is checked:
not on the sign-in form, not at the development token endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from migrationpact.auth.tokens import DevIssuer
from migrationpact.server import create_app
from migrationpact.services.container import Services
from migrationpact.services.settings import ServiceSettings
from migrationpact.store import service
from tests.integration.web.conftest import BASE_URL, hidden
from tests.integration.web.world import PASSWORD, directory


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'off.db'}"
    service.upgrade_database(url)
    store = service.open_store(url)
    settings = ServiceSettings(database_url=url, environment="production", allow_dev_issuer=True)
    assert not settings.password_signin
    found = Services.build(
        settings, store=store, users=directory(), issuer=DevIssuer.generate(issuer=BASE_URL)
    )
    with TestClient(
        create_app(settings, services=found), base_url=BASE_URL, follow_redirects=False
    ) as opened:
        yield opened
    store.engine.dispose()


def test_the_form_is_not_shown_and_its_post_is_refused(client: TestClient) -> None:
    page = client.get("/login?lang=nl")
    assert page.status_code == 200
    assert 'name="password"' not in page.text
    assert "Hier is geen manier van aanmelden ingesteld." in page.text
    token = hidden(page.text, "csrf_token") if 'name="csrf_token"' in page.text else "x"
    refused = client.post(
        "/login",
        data={"csrf_token": token, "username": "ind", "password": PASSWORD, "lang": "nl"},
    )
    assert refused.status_code == 403
    assert "Aanmelden met een wachtwoord staat hier uit." in refused.text
    assert "mp_session" not in refused.headers.get("set-cookie", "")


def test_the_token_endpoint_takes_no_password_either(client: TestClient) -> None:
    refused = client.post("/v1/auth/token", data={"username": "ind", "password": PASSWORD})
    assert refused.status_code == 404
    assert refused.json()["type"].endswith("no-password-sign-in")
    assert "access_token" not in refused.text
