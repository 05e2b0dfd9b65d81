"""Who is asking over HTTP: the authentication and permission dependencies of the routes.

A request is signed in by an OAuth2 bearer token (``Authorization: Bearer …``, for systems and
scripts) or by the web session cookie (for people in a browser). A session-signed request that
changes something must also carry the session's CSRF token in the ``X-CSRF-Token`` header.

Permissions are small classes used as dependencies, in the style of ``Depends(Allowed(
Action.WORKLIST_READ))``; each asks ``access.policy.decide`` and answers 403 with the policy's
reason before the request body is read. What a principal may do with a case is decided in the
use cases (``reading``, ``recording``), which need no request: ``asking`` hands them what the
access log records of it.

This module is the HTTP-flavoured part of the service layer: it reads FastAPI requests and
answers with problem documents (``problems.ProblemError``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action, decide
from migrationpact.auth.sessions import CSRF_HEADER, SESSION_COOKIE, csrf_ok
from migrationpact.auth.tokens import AuthenticationError
from migrationpact.services.container import Services, services
from migrationpact.services.problems import ProblemError
from migrationpact.services.reading import Asking, purpose_ok

bearer = HTTPBearer(auto_error=False, description="An access token from the configured issuer.")
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="migrationpact"'}


def principal_of(request: Request, found: Services, token: str | None) -> Principal | None:
    """The principal of a bearer token or a session cookie, or None when neither is present."""
    if token is not None:
        try:
            return found.verifier.verify(token)
        except AuthenticationError as exc:
            raise ProblemError(401, str(exc), kind="invalid-token", headers=_CHALLENGE) from exc
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    signed_in = found.signed_in(cookie)
    if signed_in is None:
        return None
    session, user = signed_in
    if request.method not in _SAFE and not csrf_ok(session, request.headers.get(CSRF_HEADER)):
        raise ProblemError(403, f"missing or wrong {CSRF_HEADER} header", kind="csrf")
    request.state.session = session
    return user.principal("session")


def current_principal(
    request: Request,
    found: Annotated[Services, Depends(services)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    principal = principal_of(request, found, credentials.credentials if credentials else None)
    if principal is None:
        raise ProblemError(
            401, "sign in: send a bearer token or a session cookie", headers=_CHALLENGE
        )
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class Allowed:
    """Dependency: the principal may take ``action`` (no case involved)."""

    def __init__(self, action: Action) -> None:
        self.action = action

    def __call__(self, principal: CurrentPrincipal) -> Principal:
        decision = decide(principal, self.action)
        if not decision:
            raise ProblemError(403, decision.reason, kind="forbidden")
        return principal


def asking(request: Request) -> Asking:
    """What the access log needs from a request besides the principal: the purpose the caller
    gave in ``X-Purpose`` (else their organisation's) and the request id (``services.limits.Edge``
    keeps a client's only when it is a safe one). A purpose too long or not printable is not
    kept: the read is then refused, and logged as such (``reading.authorise_read``)."""
    given = request.headers.get("X-Purpose") or None
    return Asking(
        purpose=given if given is None or purpose_ok(given) else None,
        request_id=getattr(request.state, "request_id", None),
        bad_purpose=given is not None and not purpose_ok(given),
    )
