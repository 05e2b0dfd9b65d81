"""Signing in at the organisation's OpenID Connect provider (authorisation code flow, PKCE).

The person's browser is sent to the provider (``OidcClient.begin``) with three random values
the service keeps in a short-lived cookie (``PendingSignIn``): the ``state`` that the provider
sends back unchanged (so an answer meant for someone else's browser is refused), the ``nonce``
that must come back inside the ID token (so an old ID token cannot be replayed), and the PKCE
``code_verifier``, whose hash goes to the provider (so a stolen code is useless without it).
The provider signs the person in with its own pages and sends the browser back with a code;
``OidcClient.finish`` checks state and issuer, exchanges the code (with the verifier and the
client secret) for tokens with Authlib, verifies the ID token with the one ``TokenVerifier``
of the service (signature by a key of the provider's JWKS, issuer, audience = our client id,
expiry) and its nonce, and maps its claims to an organisation and role (``claim_mapping``).

Where the provider's endpoints are comes from its discovery document
(``<issuer>/.well-known/openid-configuration``, fetched once, ``discover``); the API's bearer
tokens from the same provider are checked by ``ProviderVerifier`` against the JWKS named there.
Nothing here knows HTTP frameworks; ``web.oidc`` wires it to the pages.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import httpx

from migrationpact.access.model import Principal
from migrationpact.auth.claim_mapping import ClaimMapping
from migrationpact.auth.tokens import (
    AuthenticationError,
    KeysUnavailableError,
    TokenSettings,
    TokenVerifier,
    principal_from_claims,
)

if TYPE_CHECKING:
    from authlib.integrations.httpx_client import OAuth2Client

DISCOVERY_PATH = "/.well-known/openid-configuration"
_TIMEOUT = 10.0


class SignInError(AuthenticationError):
    """The provider's answer cannot sign anyone in; the message (one line) says why."""


@dataclass(frozen=True)
class OidcSettings:
    """The service as a client of the provider (``MIGRATIONPACT_OIDC_*``, docs/auth.md)."""

    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    #: Where the provider sends the browser after signing out there (None: not asked).
    post_logout_redirect_uri: str | None = None
    scopes: tuple[str, ...] = ("openid", "profile")


@dataclass(frozen=True)
class ProviderMetadata:
    """The parts of the discovery document the service uses."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None = None


def discover(issuer: str, *, timeout: float = _TIMEOUT) -> ProviderMetadata:
    """The provider's metadata from its discovery document; ``KeysUnavailableError`` when it
    cannot be fetched, ``SignInError`` when it names another issuer or lacks an endpoint."""
    url = issuer.rstrip("/") + DISCOVERY_PATH
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=False)
        response.raise_for_status()
        document = response.json()
    except (httpx.HTTPError, ValueError):
        raise KeysUnavailableError("the provider's discovery document cannot be fetched") from None
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        raise SignInError("the provider's discovery document names another issuer")
    needed = ("authorization_endpoint", "token_endpoint", "jwks_uri")
    if any(not isinstance(document.get(name), str) for name in needed):
        raise SignInError("the provider's discovery document lacks an endpoint")
    end = document.get("end_session_endpoint")
    return ProviderMetadata(
        issuer=issuer,
        authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"],
        jwks_uri=document["jwks_uri"],
        end_session_endpoint=end if isinstance(end, str) else None,
    )


class Discovery:
    """The provider's metadata, fetched on first use and then kept (thread-safe)."""

    def __init__(self, issuer: str, *, timeout: float = _TIMEOUT) -> None:
        self.issuer = issuer
        self._timeout = timeout
        self._metadata: ProviderMetadata | None = None
        self._lock = threading.Lock()

    def metadata(self) -> ProviderMetadata:
        with self._lock:
            if self._metadata is None:
                self._metadata = discover(self.issuer, timeout=self._timeout)
            return self._metadata


class ProviderVerifier:
    """The API's bearer tokens from the provider: ``TokenVerifier`` with the JWKS of the
    discovery document (or ``jwks_url``), then the claim mapping (None: the ``organisation``
    and ``role`` claims as they are, ``tokens.principal_from_claims``)."""

    def __init__(
        self,
        discovery: Discovery,
        *,
        audience: str,
        mapping: ClaimMapping | None = None,
        jwks_url: str | None = None,
    ) -> None:
        self._discovery = discovery
        self._audience = audience
        self._mapping = mapping
        self._jwks_url = jwks_url
        self._verifier: TokenVerifier | None = None
        self._lock = threading.Lock()

    def verify(self, token: str | None) -> Principal:
        claims = self.verifier().verify_claims(token)
        if self._mapping is None:
            return principal_from_claims(claims)
        return self._mapping.principal(claims, via="token")

    def verifier(self) -> TokenVerifier:
        with self._lock:
            if self._verifier is None:
                jwks = self._jwks_url or self._discovery.metadata().jwks_uri
                settings = TokenSettings(self._discovery.issuer, self._audience, jwks_url=jwks)
                self._verifier = TokenVerifier(settings)
            return self._verifier


@dataclass(frozen=True)
class PendingSignIn:
    """What the browser carries to the provider and back: kept in an HttpOnly cookie."""

    state: str
    nonce: str
    code_verifier: str
    next_path: str
    language: str

    def to_cookie(self) -> str:
        text = json.dumps(asdict(self), separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii")

    @classmethod
    def from_cookie(cls, value: str | None) -> PendingSignIn | None:
        """The pending sign-in of a cookie value (None: missing or not one of ours)."""
        if not value or len(value) > 4096:
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(value.encode("ascii")))
            return cls(**{k: str(data[k]) for k in cls.__dataclass_fields__})
        except (ValueError, TypeError, KeyError, UnicodeError):
            return None


class OidcClient:
    """The web sign-in at the provider: ``begin``, then ``finish`` with the answer."""

    def __init__(
        self,
        settings: OidcSettings,
        *,
        mapping: ClaimMapping | None,
        discovery: Discovery | None = None,
        timeout: float = _TIMEOUT,
    ) -> None:
        self.settings = settings
        self.mapping = mapping
        self.discovery = discovery or Discovery(settings.issuer, timeout=timeout)
        self._timeout = timeout
        # The ID token's audience is our client id: the same verifier, another audience.
        self._id_tokens = ProviderVerifier(self.discovery, audience=settings.client_id)

    def _client(self) -> OAuth2Client:
        # Authlib is imported when a sign-in starts, not with the server (its start-up).
        from authlib.integrations.httpx_client import OAuth2Client

        return OAuth2Client(
            client_id=self.settings.client_id,
            client_secret=self.settings.client_secret,
            scope=" ".join(self.settings.scopes),
            redirect_uri=self.settings.redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_basic",
            timeout=self._timeout,
        )

    def begin(self, *, next_path: str, language: str) -> tuple[str, PendingSignIn]:
        """(the provider's URL to send the browser to, what to keep in the cookie)."""
        metadata = self.discovery.metadata()
        pending = PendingSignIn(
            state=secrets.token_urlsafe(32),
            nonce=secrets.token_urlsafe(32),
            code_verifier=secrets.token_urlsafe(64),
            next_path=next_path,
            language=language,
        )
        with self._client() as client:
            url, _state = client.create_authorization_url(
                metadata.authorization_endpoint,
                state=pending.state,
                code_verifier=pending.code_verifier,
                nonce=pending.nonce,
                ui_locales=language,
            )
        return str(url), pending

    def finish(self, answer: Mapping[str, str], pending: PendingSignIn | None) -> Principal:
        """The person the provider's ``answer`` (the callback's query) signs in.

        ``SignInError`` when the answer is not for this browser (state), is an error, comes
        from another issuer, or its tokens do not verify; ``UnmappedError`` when the claims
        name no organisation and role of the mapping.
        """
        if pending is None:
            raise SignInError("no sign-in was started in this browser (or it took too long)")
        state = answer.get("state")
        if not state or not secrets.compare_digest(state.encode(), pending.state.encode()):
            raise SignInError("the provider's answer is not for this sign-in (state)")
        if answer.get("error"):
            raise SignInError(f"the provider refused the sign-in ({answer['error'][:64]})")
        metadata = self.discovery.metadata()
        if "iss" in answer and answer["iss"] != metadata.issuer:  # RFC 9207
            raise SignInError("the provider's answer comes from another issuer")
        code = answer.get("code")
        if not code:
            raise SignInError("the provider's answer has no code")
        from authlib.integrations.base_client import OAuthError

        try:
            with self._client() as client:
                token = client.fetch_token(
                    metadata.token_endpoint,
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=pending.code_verifier,
                )
        except (OAuthError, httpx.HTTPError, ValueError) as exc:
            reason = getattr(exc, "error", None) or type(exc).__name__
            raise SignInError(f"the code could not be exchanged for tokens ({reason})") from None
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise SignInError("the provider sent no ID token")
        claims = self._id_tokens.verifier().verify_claims(id_token)
        nonce = claims.get("nonce")
        if not isinstance(nonce, str) or not secrets.compare_digest(
            nonce.encode(), pending.nonce.encode()
        ):
            raise SignInError("the ID token is not for this sign-in (nonce)")
        if self.mapping is None:
            return _as_session(principal_from_claims(claims))
        return self.mapping.principal(claims, via="session")

    def logout_url(self, *, language: str) -> str | None:
        """The provider's end-session URL (RP-initiated logout), or None if it has none."""
        try:
            metadata = self.discovery.metadata()
        except AuthenticationError:
            return None  # the local session has ended; the provider is out of reach
        if metadata.end_session_endpoint is None:
            return None
        query = {"client_id": self.settings.client_id, "ui_locales": language}
        if self.settings.post_logout_redirect_uri:
            query["post_logout_redirect_uri"] = self.settings.post_logout_redirect_uri
        separator = "&" if "?" in metadata.end_session_endpoint else "?"
        return metadata.end_session_endpoint + separator + urlencode(query)


def _as_session(principal: Principal) -> Principal:
    return Principal(
        subject=principal.subject,
        name=principal.name,
        organisation=principal.organisation,
        role=principal.role,
        via="session",
        sites=principal.sites,
    )
