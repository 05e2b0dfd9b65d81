"""Signing in to the web pages at the organisation's OpenID Connect provider.

``GET /auth/oidc/start`` sends the browser to the provider (``auth.oidc.OidcClient.begin``),
keeping state, nonce and PKCE verifier in the cookie ``mp_oidc`` (``HttpOnly``, ``SameSite=Lax``
so that it comes back with the provider's redirect, ``Path=/auth/oidc``, ten minutes).
``GET /auth/oidc/callback`` is where the provider sends it back: the answer is checked and its
ID token verified (``OidcClient.finish``), and the session starts exactly as after a password
sign-in (``auth.sessions.start_session``), keeping who the provider said the person is. A
refused sign-in (claims that map to no organisation and role, an answer that does not verify)
gets a page saying so, in the person's language, and a row in the access log
(``sign-in.refused``). Signing out (``web.signin``) also signs out at the provider when it
offers that (``logout_url``).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from migrationpact.auth.claim_mapping import UnmappedError
from migrationpact.auth.lockout_log import log_refused_sign_in
from migrationpact.auth.oidc import OidcClient, PendingSignIn
from migrationpact.auth.sessions import start_session
from migrationpact.auth.tokens import AuthenticationError, KeysUnavailableError
from migrationpact.services.container import services
from migrationpact.web.errors import WebError, safe_next
from migrationpact.web.i18n import from_accept_language, language_or_default
from migrationpact.web.session import cookies_of, set_session_cookie
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
PENDING_COOKIE = "mp_oidc"
PENDING_PATH = "/auth/oidc"
PENDING_SECONDS = 600
_MAX_ANSWER = 4096


def _client(request: Request) -> OidcClient:
    found = getattr(services(request), "oidc", None)
    if not isinstance(found, OidcClient):
        raise WebError(404, "Sign-in at your organisation is not set up here.")
    return found


def _secure(request: Request) -> bool:
    return bool(services(request).settings.cookie_secure)


@router.get("/auth/oidc/start")
async def start(request: Request, next: str = "/", lang: str | None = None) -> Response:
    client = _client(request)
    language = (
        language_or_default(lang)
        if lang
        else from_accept_language(request.headers.get("accept-language"))
    )
    try:
        url, pending = await run_in_threadpool(
            client.begin, next_path=safe_next(next), language=language
        )
    except AuthenticationError as exc:
        return _refused(request, str(exc), language=language, unmapped=False, status=503)
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        PENDING_COOKIE,
        pending.to_cookie(),
        max_age=PENDING_SECONDS,
        path=PENDING_PATH,
        secure=_secure(request),
        httponly=True,
        samesite="lax",
    )
    return response


@router.get("/auth/oidc/callback")
async def callback(request: Request) -> Response:
    client = _client(request)
    pending = PendingSignIn.from_cookie(request.cookies.get(PENDING_COOKIE))
    answer = {k: v[:_MAX_ANSWER] for k, v in request.query_params.items()}
    language = (
        language_or_default(pending.language)
        if pending
        else from_accept_language(request.headers.get("accept-language"))
    )
    found = services(request)
    client_address = request.client.host if request.client else ""
    try:
        principal = await run_in_threadpool(client.finish, answer, pending)
    except AuthenticationError as exc:
        unmapped = isinstance(exc, UnmappedError)
        subject = exc.subject if isinstance(exc, UnmappedError) else None
        reason = str(exc)
        await run_in_threadpool(
            lambda: log_refused_sign_in(
                found.engine, subject=subject, reason=reason, client=client_address
            )
        )
        status = 403 if unmapped else 503 if isinstance(exc, KeysUnavailableError) else 400
        return _refused(request, reason, language=language, unmapped=unmapped, status=status)
    assert pending is not None  # finish refuses an answer without a pending sign-in
    cookies = cookies_of(request)
    token, _session = await run_in_threadpool(
        lambda: start_session(
            found.engine,
            username=principal.subject,
            language=language,
            replacing=request.cookies.get(cookies.session),
            identity=principal,
        )
    )
    response = RedirectResponse(safe_next(pending.next_path), status_code=303)
    set_session_cookie(response, token, secure=_secure(request), name=cookies.session)
    response.delete_cookie(PENDING_COOKIE, path=PENDING_PATH)
    return response


def _refused(
    request: Request, reason: str, *, language: str, unmapped: bool, status: int
) -> Response:
    """The page of a refused sign-in: why in plain words, and a way back to try again."""
    response = render(
        request,
        "oidc_refused.html",
        {"unmapped": unmapped, "reason": reason},
        language=language,
        status=status,
    )
    response.delete_cookie(PENDING_COOKIE, path=PENDING_PATH)
    return response
