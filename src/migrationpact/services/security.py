"""Who is asking, and may they: the authentication and permission dependencies of the routes.

A request is signed in by an OAuth2 bearer token (``Authorization: Bearer …``, for systems and
scripts) or by the web session cookie (for people in a browser). A session-signed request that
changes something must also carry the session's CSRF token in the ``X-CSRF-Token`` header.

Permissions are small classes used as dependencies, in the style of ``Depends(Allowed(
Action.WORKLIST_READ))``; each asks ``access.policy.decide`` and answers 403 with the policy's
reason. Reads of a case go through ``read_case``, which also writes the access-log row.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from migrationpact.access.model import Principal
from migrationpact.access.policy import (
    Action,
    Section,
    decide,
    needs_assignment,
    purpose,
    sections,
)
from migrationpact.auth.sessions import CSRF_HEADER, SESSION_COOKIE, csrf_ok
from migrationpact.auth.tokens import AuthenticationError
from migrationpact.services.container import Services, services
from migrationpact.services.problems import ProblemError
from migrationpact.store.accesslog import log_access
from migrationpact.store.assignments import is_assigned

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


def assigned(found: Services, principal: Principal, case_id: str) -> bool | None:
    """Whether the case is assigned to the principal, asked only of those who need it."""
    if not needs_assignment(principal):
        return None
    return is_assigned(found.engine, case_id=case_id, assignee=principal.subject)


def authorise_case(
    request: Request, found: Services, principal: Principal, *, case_id: str, action: str
) -> None:
    """Refuse (403) a case the principal may not read, logging the refused attempt."""
    decision = decide(principal, Action.CASE_READ, assigned=assigned(found, principal, case_id))
    if not decision:
        log_read(request, found, principal, case_id=case_id, action=action, fields=[], ok=False)
        raise ProblemError(403, decision.reason, kind="forbidden")


def section_refused(
    request: Request,
    found: Services,
    principal: Principal,
    *,
    case_id: str,
    section: Section,
    action: str,
) -> str | None:
    """Why ``section`` of the case is outside the principal's sections (the refusal is logged),
    or None when they may see it."""
    if section in sections(principal):
        return None
    log_read(request, found, principal, case_id=case_id, action=action, fields=[], ok=False)
    return f"{principal.organisation.value} may not see the {section.value} of a case"


def log_read(
    request: Request,
    found: Services,
    principal: Principal,
    *,
    case_id: str,
    action: str,
    fields: list[str],
    ok: bool = True,
) -> None:
    """Write the access-log row of a read, before the data leaves the service."""
    log_access(
        found.engine,
        principal=principal,
        action=action,
        resource=f"case:{case_id}",
        case_id=case_id,
        fields=fields,
        purpose=request.headers.get("X-Purpose") or purpose(principal),
        granted=ok,
        request_id=getattr(request.state, "request_id", None),
    )
