"""Fixtures of the page tests: the app on a fresh world, and signed-in test clients."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.integration.web.world import PASSWORD, World, build_world

BASE_URL = "https://testserver"  # the session cookie is Secure


@pytest.fixture
def world(tmp_path: Path, migrated_sqlite: Path) -> Iterator[World]:
    built = build_world(tmp_path, migrated=migrated_sqlite, shared_app=True)
    yield built
    built.store.engine.dispose()


def hidden(html: str, name: str) -> str:
    """The value of the hidden input ``name`` in a page."""
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    assert found, f"no hidden field {name}"
    return found.group(1)


def caselist_ids(html: str) -> list[str]:
    """The case ids in the table of a case-list page, in order."""
    if 'id="case-list"' not in html:
        return []
    table = html.split('id="case-list"')[1].split("</table>")[0]
    return re.findall(r'<th scope="row"><a href="/cases/([^"]+)">', table)


def post_login(client: TestClient, username: str, password: str = PASSWORD) -> Response:
    """The answer to the sign-in form, filled in on a freshly fetched page."""
    page = client.get("/login")
    response: Response = client.post(
        "/login",
        data={
            "csrf_token": hidden(page.text, "csrf_token"),
            "username": username,
            "password": password,
            "next": "/",
        },
        follow_redirects=False,
    )
    return response


def alert(html: str) -> str:
    """The text of the page's alert (an error message)."""
    return html.split('role="alert"')[1].split("</div>")[0]


def sign_in(client: TestClient, username: str) -> TestClient:
    response = post_login(client, username)
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(world.app, base_url=BASE_URL) as anonymous:
        yield anonymous


@pytest.fixture
def signed_in(world: World) -> Iterator[Callable[[str], TestClient]]:
    clients: list[TestClient] = []

    def make(username: str) -> TestClient:
        made = TestClient(world.app, base_url=BASE_URL)
        clients.append(made)
        return sign_in(made, username)

    yield make
    for made in clients:
        made.close()
