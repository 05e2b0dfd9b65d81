"""A real OpenID Connect provider for the tests, and a person who signs in at it.

``running_provider`` starts ``tests/support/oidc_provider.mjs`` (the certified ``oidc-provider``
package from ``node_modules``, pinned in ``package-lock.json``) on a free port with one test
client, and yields its issuer URL; the process is ended when the block ends. Without Node.js or
``npm ci`` the test is skipped locally and fails under ``CI=true``.

``through_provider`` plays a person at the provider's own pages without a browser: it follows
the redirects from an authorisation URL, fills in the login page (any password: the provider's
development pages accept it for a known login) and confirms the consent page, until the
provider sends the browser back to ``redirect_uri``; it returns that URL, code and state in its
query. The Chromium test walks the same pages in a real browser.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest
from authlib.integrations.httpx_client import OAuth2Client

from migrationpact.server import create_app
from migrationpact.services.container import Services
from migrationpact.services.settings import ServiceSettings
from migrationpact.store import service
from tests.integration.web.world import World, populate
from tests.integration.web.world import directory as test_users

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "support" / "oidc_provider.mjs"
PACKAGE = ROOT / "node_modules" / "oidc-provider" / "package.json"
CLIENT_ID = "migrationpact-web"
CLIENT_SECRET = "test-client-secret-that-is-long-enough-0123456789"
AUDIENCE = "migrationpact"
CASEWORKER = "ind-anna"  # in the group ind-caseworkers
STRANGER = "stranger"  # in no group that the mapping names
#: The tests' claim mapping: the provider's group ``ind-caseworkers`` is an IND caseworker.
MAPPING = """\
claim: groups
rules:
  - value: ind-caseworkers
    organisation: IND
    role: caseworker
  - value: coa-planners
    organisation: COA
    role: planner
"""
_FORM = re.compile(r'<form[^>]*action="([^"]+)"')


@dataclass(frozen=True)
class Provider:
    issuer: str
    redirect_uri: str
    post_logout_uri: str


def _unavailable(message: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true requires the OpenID Connect tests to run. {message}")
    pytest.skip(message)


@contextmanager
def running_provider(base_url: str) -> Iterator[Provider]:
    """The provider, with a client whose callback is ``base_url``/auth/oidc/callback."""
    node = shutil.which("node")
    if node is None:
        _unavailable("Node.js is not installed")
    if not PACKAGE.exists():
        _unavailable("oidc-provider is not installed: run npm ci")
    assert node is not None
    provider = Provider(
        issuer="",
        redirect_uri=f"{base_url}/auth/oidc/callback",
        post_logout_uri=f"{base_url}/login",
    )
    config = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": provider.redirect_uri,
        "post_logout_redirect_uri": provider.post_logout_uri,
        "audience": AUDIENCE,
    }
    process = subprocess.Popen(
        [node, str(SCRIPT), json.dumps(config)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # blocks until it listens (or dies: "")
        if not line:
            raise RuntimeError(f"the OpenID Connect provider did not start ({process.wait()})")
        issuer = json.loads(line)["issuer"]
        yield Provider(issuer, provider.redirect_uri, provider.post_logout_uri)
    finally:
        process.terminate()
        process.wait(timeout=10)


def through_provider(
    browser: httpx.Client, authorize_url: str, *, login: str, redirect_uri: str
) -> str:
    """Sign ``login`` in at the provider's pages and consent; the URL it sends back to."""
    url = authorize_url
    for _ in range(12):
        response = browser.get(url)
        while response.is_redirect:
            location = urljoin(str(response.url), response.headers["location"])
            if location.startswith(redirect_uri):
                return location
            response = browser.get(location)
        response.raise_for_status()
        found = _FORM.search(response.text)
        assert found is not None, "the provider's page has no form"
        action = urljoin(str(response.url), found.group(1))
        if 'name="login"' in response.text:
            data = {"prompt": "login", "login": login, "password": "any"}
        else:
            data = {"prompt": "consent"}
        response = browser.post(action, data=data)
        assert response.is_redirect, f"the provider answered {response.status_code}"
        url = urljoin(str(response.url), response.headers["location"])
        if url.startswith(redirect_uri):
            return url
    raise AssertionError("the provider never sent the browser back")


def access_token(provider: Provider, *, login: str) -> str:
    """An access token for the API from the provider: the code flow with PKCE, as a program
    signing a person in would do it (Authlib, like the service)."""
    with (
        OAuth2Client(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            scope="openid profile groups api",
            redirect_uri=provider.redirect_uri,
            code_challenge_method="S256",
        ) as client,
        httpx.Client(timeout=10) as browser,
    ):
        verifier = "v" * 64
        url, _state = client.create_authorization_url(
            f"{provider.issuer}/auth", code_verifier=verifier, nonce="n-0123456789"
        )
        back = through_provider(browser, url, login=login, redirect_uri=provider.redirect_uri)
        answer = parse_qs(urlsplit(back).query)
        assert "code" in answer, f"the provider refused: {answer}"
        code = answer["code"][0]
        token = client.fetch_token(
            f"{provider.issuer}/token",
            grant_type="authorization_code",
            code=code,
            code_verifier=verifier,
        )
    found = token["access_token"]
    assert isinstance(found, str)
    return found


def oidc_world(
    directory: Path, provider: Provider, *, base_url: str, password_signin: bool = False
) -> World:
    """The web pages and the API on a fresh test world, signing people in at ``provider``."""
    url = f"sqlite:///{directory / 'oidc.db'}"
    service.upgrade_database(url)
    store = service.open_store(url)
    populate(store)
    claims = directory / "claims.yaml"
    claims.write_text(MAPPING, encoding="utf-8")
    settings = ServiceSettings(
        database_url=url,
        public_url=base_url,
        cookie_secure=base_url.startswith("https://") or "localhost" in base_url,
        oidc_issuer=provider.issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_scopes=("openid", "profile", "groups"),
        oidc_claims_file=claims,
        password_signin_setting=password_signin,
    )
    services = Services.build(settings, store=store, users=test_users())
    return World(app=create_app(settings, services=services), store=store, url=url)
