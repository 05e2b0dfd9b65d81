"""Bearer tokens of the development issuer end with sign-out (F12 of the December 2026 probe).

A token from ``POST /v1/auth/token`` stayed valid for its full hour after the person signed out
on the web pages. Now signing out revokes every token the issuer handed that person, and
``POST /v1/auth/revoke`` revokes one (a program's sign-out).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.integration.web.conftest import hidden
from tests.integration.web.world import PASSWORD, World


def token(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/v1/auth/token", data={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_signing_out_on_the_web_revokes_the_person_s_tokens(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    program = TestClient(world.app, base_url="https://testserver")
    ind, ind_super = token(program, "ind"), token(program, "ind-super")
    assert program.get("/v1/cases/C-OVERDUE", headers=ind).status_code == 200
    person = signed_in("ind")
    csrf = hidden(person.get("/worklist").text, "csrf_token")
    signed_out = person.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert signed_out.status_code == 303
    refused = program.get("/v1/cases/C-OVERDUE", headers=ind)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "token has been revoked"
    assert program.get("/v1/cases/C-OVERDUE", headers=ind_super).status_code == 200  # not theirs
    assert program.get("/v1/cases/C-OVERDUE", headers=token(program, "ind")).status_code == 200


def test_a_program_revokes_its_own_token(world: World) -> None:
    program = TestClient(world.app, base_url="https://testserver")
    ind = token(program, "ind")
    bearer = ind["Authorization"].removeprefix("Bearer ")
    assert program.post("/v1/auth/revoke", data={"token": bearer}).status_code == 200
    assert program.get("/v1/cases/C-OVERDUE", headers=ind).status_code == 401
    assert program.post("/v1/auth/revoke", data={"token": "not-a-token"}).status_code == 200
