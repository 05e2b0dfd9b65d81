"""Signing in and out: the session cookie, the login CSRF token, the language switch."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.integration.web.conftest import alert, hidden, post_login
from tests.integration.web.world import PASSWORD


def test_pages_send_the_anonymous_visitor_to_sign_in(client: TestClient) -> None:
    response = client.get("/worklist", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/worklist"


def test_sign_in_sets_a_secure_httponly_samesite_session_cookie(client: TestClient) -> None:
    page = client.get("/login")
    assert page.status_code == 200
    assert '<html lang="nl">' in page.text
    login_cookie = page.headers["set-cookie"]
    assert "mp_login_csrf=" in login_cookie
    assert "HttpOnly" in login_cookie
    assert "SameSite=strict" in login_cookie
    assert "Secure" in login_cookie
    response = client.post(
        "/login",
        data={
            "csrf_token": hidden(page.text, "csrf_token"),
            "username": "ind",
            "password": PASSWORD,
            "next": "/cases/C-OVERDUE",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/cases/C-OVERDUE"
    cookies = response.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("mp_session="))
    for flag in ("Secure", "HttpOnly", "SameSite=lax", "Path=/"):
        assert flag in session


def test_sign_in_without_the_double_submit_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    response = client.post(
        "/login",
        data={"csrf_token": "forged", "username": "ind", "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert "mp_session" not in response.headers.get("set-cookie", "")


def test_sign_in_from_another_origin_is_refused(client: TestClient) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "csrf_token": hidden(page.text, "csrf_token"),
            "username": "ind",
            "password": PASSWORD,
        },
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(client: TestClient) -> None:
    answers = []
    for username in ("ind", "nobody"):
        response = post_login(client, username, "wrong")
        assert response.status_code == 401
        assert 'value="' + username + '"' in response.text  # what was typed is kept
        answers.append(alert(response.text))
    assert answers[0] == answers[1]
    assert "De gebruikersnaam of het wachtwoord klopt niet." in answers[0]


def test_a_locked_username_is_told_so_whether_it_exists_or_not(client: TestClient) -> None:
    answers = []
    for username in ("ind", "nobody"):
        for _ in range(4):
            assert post_login(client, username, "wrong").status_code == 401
        assert post_login(client, username, "wrong").status_code == 429  # the fifth locks it
        locked = post_login(client, username)  # even the right password
        assert locked.status_code == 429
        answers.append(alert(locked.text))
    assert answers[0] == answers[1]
    assert "Te veel mislukte aanmeldingen voor deze gebruikersnaam." in answers[0]
    assert "hooguit 15 minuten geblokkeerd" in answers[0]
    assert post_login(client, "ind-en").status_code == 303  # other usernames sign in as before


def test_language_comes_from_the_user_and_can_be_switched(
    signed_in: Callable[[str], TestClient],
) -> None:
    ind = signed_in("ind")
    page = ind.get("/worklist")
    assert '<html lang="nl">' in page.text
    assert "Werkvoorraad" in page.text
    token = hidden(page.text, "csrf_token")
    refused = ind.post("/language", data={"lang": "en", "next": "/worklist"})
    assert refused.status_code == 403
    switched = ind.post("/language", data={"lang": "en", "next": "/worklist", "csrf_token": token})
    assert switched.status_code == 200
    assert '<html lang="en">' in switched.text
    assert "Worklist of IND" in switched.text
    assert signed_in("ind-en").get("/worklist").text.startswith('<!doctype html>\n<html lang="en">')


def test_sign_out_ends_the_session(signed_in: Callable[[str], TestClient]) -> None:
    ind = signed_in("ind")
    token = hidden(ind.get("/worklist").text, "csrf_token")
    assert ind.post("/logout", data={}, follow_redirects=False).status_code == 403
    response = ind.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert ind.get("/worklist", follow_redirects=False).status_code == 303


def test_api_and_pages_share_the_session(signed_in: Callable[[str], TestClient]) -> None:
    ind = signed_in("ind")
    assert ind.get("/v1/cases/C-OVERDUE").json()["case_id"] == "C-OVERDUE"
