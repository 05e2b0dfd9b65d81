"""Routes of the built-in issuer: token endpoint, JWKS, OpenID configuration."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form
from pydantic import BaseModel

from migrationpact.api.cases.views import Found
from migrationpact.auth.tokens import DevIssuer
from migrationpact.services.problems import ProblemError, problem_responses

router = APIRouter(tags=["identity"])


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


@router.post(
    "/v1/auth/token",
    response_model=TokenResponse,
    responses=problem_responses(400, 401, 404, 429),
    summary="Development issuer: a bearer token for a user of the users file",
)
def token(
    found: Found,
    username: Annotated[str, Form(max_length=128)],
    password: Annotated[str, Form(max_length=256)],
    grant_type: Annotated[Literal["password"], Form()] = "password",
) -> TokenResponse:
    issuer = _issuer(found)
    attempt = found.users.attempt(username, password)
    user = attempt.user
    if attempt.locked:
        # Unknown usernames lock the same way, so this tells nothing about who exists.
        raise ProblemError(
            429,
            f"too many failed sign-ins for this username: it is locked for at most "
            f"{found.users.window_minutes} minutes",
            kind="locked-out",
        )
    if user is None:
        raise ProblemError(401, "unknown user or wrong password", kind="invalid-grant")
    lifetime = 3600
    signed = issuer.sign(
        user, audience=found.settings.audience, lifetime=timedelta(seconds=lifetime)
    )
    return TokenResponse(access_token=signed, expires_in=lifetime)


@router.get("/.well-known/jwks.json", summary="Public keys of the development issuer")
def jwks(found: Found) -> dict[str, Any]:
    return _issuer(found).jwks()


@router.get(
    "/.well-known/openid-configuration", summary="Discovery document of the development issuer"
)
def openid_configuration(found: Found) -> dict[str, Any]:
    return _issuer(found).openid_configuration(found.settings.public_url)
