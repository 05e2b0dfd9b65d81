"""Who is looking at a page: the signed-in person, their session and their CSRF token.

After password sign-in the browser holds the session token in the cookie ``mp_session``
(``Secure`` unless the settings turn it off for a plain-HTTP development host, ``HttpOnly``,
``SameSite=Lax``, ``Path=/``); the session itself lives in the database
(``migrationpact.auth.sessions``). ``visitor`` reads the cookie and answers with a ``Visitor``:
the user, their ``Principal`` for the policy, the session and its language.

Cross-site request forgery is stopped on every POST:

- signed in: the form carries the session's CSRF token as the hidden field ``csrf_token``
  (htmx sends it as the ``X-CSRF-Token`` header, set with ``hx-headers`` on ``<body>``);
  ``check_csrf`` compares it in constant time (``auth.sessions.csrf_ok``);
- the sign-in form itself has no session yet. It uses a *double-submit* token: the sign-in
  page sets a random value in the cookie ``mp_login_csrf`` (``HttpOnly``, ``SameSite=Strict``,
  ``Path=/login``) and in a hidden field; the POST must bring both, equal. On top of that a
  request whose ``Origin`` header names another site is refused (``same_origin``).

An application may name its own cookies in ``app.state.cookies`` (``SiteCookies``): the
monitoring register's app does (``monitor_app``), so that a browser signed in to the case system
and to the register on the same host holds two sessions that never replace each other (cookies
do not tell ports apart).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import Request, Response

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action, decide
from migrationpact.auth.sessions import (
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    Session,
    csrf_ok,
)
from migrationpact.auth.users import User
from migrationpact.services.container import services
from migrationpact.web.errors import LoginRequiredError, WebError
from migrationpact.web.i18n import language_or_default

LOGIN_CSRF_COOKIE = "mp_login_csrf"
LOGIN_PATH = "/login"


@dataclass(frozen=True)
class SiteCookies:
    """The names of an application's session cookie and sign-in (double-submit) cookie."""

    session: str = SESSION_COOKIE
    login: str = LOGIN_CSRF_COOKIE


def cookies_of(request: Request) -> SiteCookies:
    """The cookie names of the application serving ``request`` (the case system's by default)."""
    found = getattr(request.app.state, "cookies", None)
    return found if isinstance(found, SiteCookies) else SiteCookies()


@dataclass(frozen=True)
class Visitor:
    """A signed-in person on a page."""

    user: User
    principal: Principal
    session: Session
    token: str

    @property
    def language(self) -> str:
        return language_or_default(self.session.language)

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token


def visitor(request: Request) -> Visitor | None:
    """The signed-in person of the request, or None (no cookie, session ended, user gone)."""
    token = request.cookies.get(cookies_of(request).session)
    if not token:
        return None
    signed_in = services(request).signed_in(token)
    if signed_in is None:
        return None
    session, user = signed_in
    principal = user.principal("session")
    request.state.principal = principal
    request.state.session = session
    return Visitor(user=user, principal=principal, session=session, token=token)


def require_visitor(request: Request) -> Visitor:
    """The signed-in person, or ``LoginRequiredError`` (to the sign-in page and back)."""
    found = visitor(request)
    if found is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequiredError(target if request.method == "GET" else request.url.path)
    return found


def may_open(who: Visitor, action: Action) -> None:
    """Refuse (403) a page whose action the policy does not allow the visitor."""
    decision = decide(who.principal, action)
    if not decision:
        raise WebError(403, "You may not open this page.", detail=decision.reason)


def check_csrf(request: Request, who: Visitor, submitted: str | None) -> None:
    """Refuse (403) a POST without the session's CSRF token in the form or the header."""
    token = submitted or request.headers.get(CSRF_HEADER)
    if not csrf_ok(who.session, token) or not same_origin(request):
        raise WebError(403, "The form has expired or did not come from this site. Reload it.")


def same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site (``Origin``)."""
    origin = request.headers.get("origin")
    if not origin:
        return True
    if origin == "null":
        return False
    return urlsplit(origin).netloc == request.headers.get("host", request.url.netloc)


def set_session_cookie(
    response: Response, token: str, *, secure: bool, name: str = SESSION_COOKIE
) -> None:
    response.set_cookie(name, token, path="/", secure=secure, httponly=True, samesite="lax")


def clear_session_cookie(response: Response, *, secure: bool, name: str = SESSION_COOKIE) -> None:
    response.delete_cookie(name, path="/", secure=secure, httponly=True, samesite="lax")


def new_login_token() -> str:
    return secrets.token_urlsafe(32)


def set_login_cookie(
    response: Response, token: str, *, secure: bool, name: str = LOGIN_CSRF_COOKIE
) -> None:
    response.set_cookie(
        name,
        token,
        path=LOGIN_PATH,
        secure=secure,
        httponly=True,
        samesite="strict",
        max_age=3600,
    )


def login_csrf_ok(request: Request, submitted: str | None) -> bool:
    """The double-submit check of the sign-in form (cookie and field equal, same origin)."""
    cookie = request.cookies.get(cookies_of(request).login)
    if not cookie or not submitted or not same_origin(request):
        return False
    try:
        return hmac.compare_digest(cookie.encode(), submitted.encode())
    except UnicodeEncodeError:
        return False


__all__ = ["CSRF_FIELD", "Visitor", "check_csrf", "require_visitor", "visitor"]
