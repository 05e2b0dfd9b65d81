"""Signing in and out, and switching the language of the pages.

``GET /login`` shows the form with a fresh double-submit token (cookie ``mp_login_csrf`` and
hidden field; see ``session``). ``POST /login`` checks the token, goes through the sign-in door
(``auth.door``: a rate per client, then the user directory's argon2id check on a small bounded
executor, with a lockout per username and client), starts a server-side session in the user's
own language and sets the session cookie. A wrong password and an unknown username get the same
answer; so do a locked known and a locked unknown username (429, with how long a lock can last).
Too many attempts from the client (429) or a full password gate (503) are answered before any
password is checked, with ``Retry-After``. ``POST /logout`` ends the session and revokes the
person's bearer tokens from the development issuer, and for a person signed in at the
OpenID Connect provider (``web.oidc``) goes on to the provider's end-session page;
``POST /language`` switches its language. With ``ServiceSettings.password_signin`` off (the
default in production) the form is not shown and ``POST /login`` is refused (403).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from migrationpact.auth.sessions import CSRF_FIELD, end_session, set_language
from migrationpact.auth.sessions import start_session as begin_session
from migrationpact.auth.throttle import BusyError, RefusedError
from migrationpact.services.container import services
from migrationpact.web.errors import WebError, safe_next
from migrationpact.web.i18n import (
    LANGUAGES,
    from_accept_language,
    language_or_default,
    translations,
)
from migrationpact.web.navigation import navigation_of
from migrationpact.web.session import (
    check_csrf,
    clear_session_cookie,
    cookies_of,
    login_csrf_ok,
    new_login_token,
    require_visitor,
    set_login_cookie,
    set_session_cookie,
    visitor,
)
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
MAX_FIELD = 256


def client_of(request: Request) -> str:
    """The client's address, the key of its sign-in rate and lock ("" when unknown)."""
    return request.client.host if request.client else ""


def _secure(request: Request) -> bool:
    return bool(services(request).settings.cookie_secure)


def home_of(request: Request) -> str:
    """Where a signed-in person starts (``navigation.home``): the worklist if they have one,
    else the case list, else the statistics, else the rule book."""
    who = visitor(request)
    if who is None:
        return "/login"
    return navigation_of(request.scope.get("app")).home(who.principal)


@router.get("/")
def home(request: Request) -> RedirectResponse:
    return RedirectResponse(home_of(request), status_code=303)


def _login_page(
    request: Request,
    *,
    language: str,
    next_path: str,
    username: str = "",
    error: str | None = None,
    status: int = 200,
) -> Response:
    token = new_login_token()
    found = services(request)
    response = render(
        request,
        "login.html",
        {
            "login_token": token,
            "next": next_path,
            "username": username,
            "error": error,
            "oidc": found.oidc is not None,
            "password": found.password_signin,
        },
        language=language,
        status=status,
    )
    set_login_cookie(response, token, secure=_secure(request), name=cookies_of(request).login)
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/", lang: str | None = None) -> Response:
    if visitor(request) is not None:
        return RedirectResponse(safe_next(next) if next != "/" else home_of(request), 303)
    language = (
        language_or_default(lang)
        if lang
        else from_accept_language(request.headers.get("accept-language"))
    )
    return _login_page(request, language=language, next_path=safe_next(next))


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    text = {k: str(v)[:MAX_FIELD] for k, v in form.items() if isinstance(v, str)}
    language = language_or_default(text.get("lang"))
    next_path = safe_next(text.get("next"))
    if not services(request).password_signin:
        raise WebError(403, "Sign-in with a password is switched off here.")
    if not login_csrf_ok(request, text.get(CSRF_FIELD)):
        message = translations(language).gettext("The sign-in form has expired. Please try again.")
        return _login_page(
            request, language=language, next_path=next_path, error=message, status=403
        )
    username = text.get("username", "").strip()
    password = text.get("password", "")
    found = services(request)
    try:
        if username and password:
            attempt = await found.door.attempt(username, password, client_of(request))
            user, locked = attempt.user, attempt.locked
        else:  # nothing to check; a username alone may still be locked
            user = None
            locked = bool(username) and await found.door.locked(username, client_of(request))
    except RefusedError as refused:
        return _refused_page(
            request, refused, language=language, next_path=next_path, username=username
        )
    if user is None:
        gettext = translations(language).gettext
        if locked:  # unknown usernames lock the same way: this tells nothing about who exists
            message = gettext(
                "Too many failed sign-ins for this username. "
                "It is locked for at most %(minutes)d minutes."
            ) % {"minutes": found.users.window_minutes}
        else:
            message = gettext("The username or password is not correct.")
        return _login_page(
            request,
            language=language,
            next_path=next_path,
            username=username,
            error=message,
            status=429 if locked else 401,
        )
    cookies = cookies_of(request)
    token, _session = await run_in_threadpool(
        lambda: begin_session(
            found.engine,
            username=user.username,
            language=language_or_default(user.language),
            replacing=request.cookies.get(cookies.session),
        )
    )
    response = RedirectResponse(next_path if next_path != "/" else "/", status_code=303)
    set_session_cookie(response, token, secure=_secure(request), name=cookies.session)
    response.delete_cookie(cookies.login, path="/login")
    return response


def _refused_page(
    request: Request, refused: RefusedError, *, language: str, next_path: str, username: str
) -> Response:
    """The form again, saying to wait: too many attempts from here (429), or busy (503)."""
    gettext = translations(language).gettext
    if isinstance(refused, BusyError):
        message, status = gettext("Many people are signing in. Please try again shortly."), 503
    else:
        message = gettext(
            "Too many sign-in attempts from your address. Please wait %(seconds)d seconds."
        ) % {"seconds": refused.retry_after}
        status = 429
    response = _login_page(
        request,
        language=language,
        next_path=next_path,
        username=username,
        error=message,
        status=status,
    )
    response.headers["Retry-After"] = str(refused.retry_after)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await request.form()
    who = require_visitor(request)
    submitted = form.get(CSRF_FIELD)
    check_csrf(request, who, submitted if isinstance(submitted, str) else None)
    found = services(request)
    await run_in_threadpool(end_session, found.engine, token=who.token)
    if found.issued is not None:  # the person's bearer tokens end with the session
        await run_in_threadpool(found.issued.revoke_subject, who.principal.subject)
    elsewhere = None  # signed in at the provider: sign out there too (RP-initiated logout)
    if found.oidc is not None and who.session.identity is not None:
        elsewhere = await run_in_threadpool(found.oidc.logout_url, language=who.language)
    response = RedirectResponse(elsewhere or f"/login?lang={who.language}", status_code=303)
    clear_session_cookie(response, secure=_secure(request), name=cookies_of(request).session)
    return response


@router.post("/language")
async def language(request: Request) -> Response:
    form = await request.form()
    who = require_visitor(request)
    submitted = form.get(CSRF_FIELD)
    check_csrf(request, who, submitted if isinstance(submitted, str) else None)
    chosen = str(form.get("lang", ""))
    if chosen not in LANGUAGES:
        raise WebError(
            400, "The request cannot be carried out.", detail=f"unknown language {chosen!r}"
        )
    await run_in_threadpool(
        lambda: set_language(services(request).engine, token=who.token, language=chosen)
    )
    return RedirectResponse(safe_next(str(form.get("next", "/"))), status_code=303)
