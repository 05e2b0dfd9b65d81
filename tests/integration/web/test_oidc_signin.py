"""Signing in to the web pages and calling the API through a real OpenID Connect provider.

The provider is the certified ``oidc-provider`` package, started by the test
(``tests.support.oidc``); a person walks its login and consent pages without a browser
(``through_provider``). The claim mapping makes the provider's group ``ind-caseworkers`` an IND
caseworker; ``stranger`` is in no group the mapping names.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from migrationpact.store.tables import access_log, web_sessions
from tests.integration.web.conftest import BASE_URL, hidden
from tests.integration.web.world import World
from tests.support.oidc import (
    AUDIENCE,
    CASEWORKER,
    CLIENT_ID,
    STRANGER,
    Provider,
    access_token,
    oidc_world,
    running_provider,
    through_provider,
)


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with running_provider(BASE_URL) as running:
        yield running


@pytest.fixture
def world(tmp_path: Path, provider: Provider) -> Iterator[World]:
    built = oidc_world(tmp_path, provider, base_url=BASE_URL)
    yield built
    built.store.engine.dispose()


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(world.app, base_url=BASE_URL, follow_redirects=False) as opened:
        yield opened


def sign_in(client: TestClient, provider: Provider, login: str) -> httpx.Response:
    """Start at the service, sign in at the provider, come back: the service's answer."""
    started = client.get("/auth/oidc/start?next=/&lang=nl")
    assert started.status_code == 303
    with httpx.Client(timeout=10) as browser:
        back = through_provider(
            browser, started.headers["location"], login=login, redirect_uri=provider.redirect_uri
        )
    parts = urlsplit(back)
    answer: httpx.Response = client.get(f"{parts.path}?{parts.query}")
    return answer


def test_the_start_asks_for_a_code_with_pkce_state_and_nonce(
    client: TestClient, provider: Provider
) -> None:
    started = client.get("/auth/oidc/start?next=/cases&lang=en")
    location = urlsplit(started.headers["location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert f"{location.scheme}://{location.netloc}" == provider.issuer
    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == provider.redirect_uri
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43  # base64url of a SHA-256
    assert len(query["state"]) >= 43
    assert len(query["nonce"]) >= 43
    assert "code_verifier" not in query  # the verifier never leaves the browser's cookie
    cookie = started.headers["set-cookie"]
    assert "mp_oidc=" in cookie
    assert "HttpOnly" in cookie
    assert "Path=/auth/oidc" in cookie


def test_a_caseworker_signs_in_at_the_provider_and_sees_the_worklist(
    client: TestClient, provider: Provider, world: World
) -> None:
    answer = sign_in(client, provider, CASEWORKER)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
    home = client.get("/")
    worklist = client.get(home.headers["location"])
    assert worklist.status_code == 200
    assert "Werkvoorraad van IND" in worklist.text
    assert "Anna Jansen" in worklist.text
    with world.store.engine.connect() as conn:
        row = conn.execute(select(web_sessions)).one()
    assert row.username == CASEWORKER
    assert '"organisation":"IND"' in row.identity
    assert '"role":"caseworker"' in row.identity


def test_a_person_whose_groups_map_to_no_role_is_refused_and_logged(
    client: TestClient, provider: Provider, world: World
) -> None:
    answer = sign_in(client, provider, STRANGER)
    assert answer.status_code == 403
    assert "Aanmelden geweigerd" in answer.text
    assert "groups" not in answer.text  # the Dutch page explains; the reason is in the log
    assert "mp_session" not in answer.headers.get("set-cookie", "")
    with world.store.engine.connect() as conn:
        rows = conn.execute(select(access_log)).all()
        sessions = conn.execute(select(web_sessions)).all()
    refused = [r for r in rows if r.action == "sign-in.refused"]
    assert [(r.actor, r.outcome) for r in refused] == [("oidc:stranger", "denied")]
    assert "no rule of the claim mapping" in refused[0].purpose
    assert sessions == []


def test_an_answer_with_another_state_is_refused(client: TestClient, provider: Provider) -> None:
    started = client.get("/auth/oidc/start?next=/&lang=en")
    with httpx.Client(timeout=10) as browser:
        back = through_provider(
            browser,
            started.headers["location"],
            login=CASEWORKER,
            redirect_uri=provider.redirect_uri,
        )
    parts = urlsplit(back)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    forged = client.get(parts.path, params={**query, "state": "someone-elses-state"})
    assert forged.status_code == 400
    assert "Sign-in refused" in forged.text
    # The real answer cannot be replayed either: the refusal ended the pending sign-in.
    client.cookies.delete("mp_oidc", path="/auth/oidc")
    again = client.get(f"{parts.path}?{parts.query}")
    assert again.status_code == 400
    assert client.get("/worklist").status_code == 303  # still not signed in


def test_signing_out_ends_the_session_and_goes_to_the_providers_end_session(
    client: TestClient, provider: Provider, world: World
) -> None:
    sign_in(client, provider, CASEWORKER)
    page = client.get(client.get("/").headers["location"])
    # The sign-out form's redirect goes on to the provider: the pages' policy allows that.
    policy = page.headers["content-security-policy"]
    assert policy.endswith(f"form-action 'self' {provider.issuer}")
    out = client.post("/logout", data={"csrf_token": hidden(page.text, "csrf_token")})
    assert out.status_code == 303
    location = urlsplit(out.headers["location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{provider.issuer}/session/end"
    )
    assert query["client_id"] == CLIENT_ID
    assert query["post_logout_redirect_uri"] == provider.post_logout_uri
    with world.store.engine.connect() as conn:
        assert conn.execute(select(web_sessions)).all() == []
    assert client.get("/worklist").status_code == 303


def test_without_password_sign_in_the_form_is_gone_and_its_post_refused(
    client: TestClient,
) -> None:
    page = client.get("/login?lang=en")
    assert page.status_code == 200
    assert 'id="oidc-sign-in"' in page.text
    assert 'name="password"' not in page.text
    refused = client.post(
        "/login",
        data={"csrf_token": "x", "username": "ind", "password": "correct horse battery"},
    )
    assert refused.status_code == 403
    assert "mp_session" not in refused.headers.get("set-cookie", "")


def test_the_api_accepts_the_providers_access_token(client: TestClient, provider: Provider) -> None:
    token = access_token(provider, login=CASEWORKER)
    answer = client.get("/v1/worklist", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    stranger = access_token(provider, login=STRANGER)
    refused = client.get("/v1/worklist", headers={"Authorization": f"Bearer {stranger}"})
    assert refused.status_code == 401
    assert "no rule of the claim mapping" in refused.json()["detail"]
    assert AUDIENCE == "migrationpact"  # the audience the service's settings expect
