"""Who is asking (``GET /v1/me``), and the routes of the built-in issuer: token endpoint,
revocation, JWKS, OpenID configuration.

``GET /v1/me`` answers with the signed-in principal: name, organisation, role and the sections of
a case file the policy lets them see, so a client can shape its screens without guessing. It is
also the trivial authenticated request the load benchmark measures appends against.

The token endpoint signs in through the sign-in door (``auth.door``): a client over its rate
gets 429, a full password gate 503, both with ``Retry-After`` and before any password is
hashed; a username locked for this client gets 429 ``locked-out``. Every token handed out is
noted (``auth.revocation``) so that signing out, here or on the web pages, revokes it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from migrationpact.access.policy import sections
from migrationpact.api.cases.views import Found
from migrationpact.auth.revocation import CheckedVerifier, issue, revoke_token
from migrationpact.auth.throttle import BusyError, RefusedError
from migrationpact.auth.tokens import DevIssuer
from migrationpact.services.problems import ProblemError, problem_responses
from migrationpact.services.security import CurrentPrincipal

router = APIRouter(tags=["identity"])
LIFETIME = 3600


class Me(BaseModel):
    """The signed-in person as the service sees them."""

    subject: str
    name: str
    organisation: str
    role: str
    sections: list[str]


@router.get(
    "/v1/me",
    response_model=Me,
    responses=problem_responses(401),
    summary="Who is signed in: organisation, role and the case sections they may see",
)
def me(principal: CurrentPrincipal) -> Me:
    return Me(
        subject=principal.subject,
        name=principal.name,
        organisation=principal.organisation.value,
        role=principal.role.value,
        sections=sorted(s.value for s in sections(principal)),
    )


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int


def _issuer(found: Found) -> DevIssuer:
    if found.issuer is None:
        raise ProblemError(
            404, "tokens come from the configured OpenID Connect issuer", kind="no-issuer"
        )
    return found.issuer


def client_of(request: Request) -> str:
    """The client's address, the key of its sign-in rate and lock ("" when unknown)."""
    return request.client.host if request.client else ""


def refusal(refused: RefusedError) -> ProblemError:
    """The problem answering an attempt refused before any password was checked."""
    if isinstance(refused, BusyError):
        status, kind = 503, "busy"
    else:
        status, kind = 429, "too-many-requests"
    return ProblemError(
        status,
        f"{refused}: try again in {refused.retry_after} seconds",
        kind=kind,
        headers={"Retry-After": str(refused.retry_after)},
    )


@router.post(
    "/v1/auth/token",
    response_model=TokenResponse,
    responses=problem_responses(400, 401, 404, 429, 503),
    summary="Development issuer: a bearer token for a user of the users file",
)
async def token(
    request: Request,
    found: Found,
    username: Annotated[str, Form(max_length=128)],
    password: Annotated[str, Form(max_length=256)],
    grant_type: Annotated[Literal["password"], Form()] = "password",
) -> TokenResponse:
    issuer = _issuer(found)
    if not found.password_signin:  # off for the web form (production): off here as well
        raise ProblemError(
            404,
            "sign-in with a password is switched off (MIGRATIONPACT_PASSWORD_SIGNIN)",
            kind="no-password-sign-in",
        )
    try:
        attempt = await found.door.attempt(username, password, client_of(request))
    except RefusedError as refused:
        raise refusal(refused) from None
    user = attempt.user
    if attempt.locked:
        # Unknown usernames lock the same way, so this tells nothing about who exists.
        minutes = found.users.window_minutes
        raise ProblemError(
            429,
            f"too many failed sign-ins for this username: it is locked for at most "
            f"{minutes} minutes",
            kind="locked-out",
            headers={"Retry-After": str(minutes * 60)},
        )
    if user is None:
        raise ProblemError(401, "unknown user or wrong password", kind="invalid-grant")
    lifetime = timedelta(seconds=LIFETIME)
    audience = found.settings.audience
    issued = found.issued
    if issued is None:
        signed = issuer.sign(user, audience=audience, lifetime=lifetime)
    else:
        signed = await run_in_threadpool(
            lambda: issue(issuer, user, audience=audience, lifetime=lifetime, issued=issued)
        )
    return TokenResponse(access_token=signed, expires_in=LIFETIME)


class RevokeResponse(BaseModel):
    """RFC 7009: nothing to say (not even whether the token was a valid one)."""


@router.post(
    "/v1/auth/revoke",
    response_model=RevokeResponse,
    responses=problem_responses(400, 404),
    summary="Development issuer: revoke a token (sign out a program)",
)
def revoke(found: Found, token: Annotated[str, Form(max_length=4096)]) -> RevokeResponse:
    """RFC 7009: the token is refused from now on; the answer is the same whether or not it
    was a valid token (so the endpoint tells nothing about tokens)."""
    _issuer(found)
    if isinstance(found.verifier, CheckedVerifier):
        revoke_token(found.verifier, token)
    return RevokeResponse()


@router.get("/.well-known/jwks.json", summary="Public keys of the development issuer")
def jwks(found: Found) -> dict[str, Any]:
    return _issuer(found).jwks()


@router.get(
    "/.well-known/openid-configuration", summary="Discovery document of the development issuer"
)
def openid_configuration(found: Found) -> dict[str, Any]:
    return _issuer(found).openid_configuration(found.settings.public_url)
