"""Bearer tokens: signed JSON Web Tokens that say who is calling the API.

A program calling the API sends ``Authorization: Bearer <token>``. The token is a JWT signed
with an asymmetric key (ES256 or RS256) by an issuer we trust: a real OpenID Connect provider
in production, or the built-in ``DevIssuer`` in development and in the demo. ``TokenVerifier``
checks the signature against the issuer's public keys (a JWKS, fetched from ``jwks_url`` and
cached, or given in memory), the issuer, the audience, the expiry, and reads who the caller is
from the claims: ``sub`` (the subject), ``name``, ``organisation`` and ``role``. The last two
may also come as ``https://migrationpact.eu/organisation`` and ``https://migrationpact.eu/role``
for providers that only allow namespaced custom claims.

Symmetric algorithms (HS256 …) and ``alg: none`` are never accepted: with them anyone who
holds the verifying key, or nobody at all, could mint tokens.

>>> from migrationpact.access.model import Organisation, Role
>>> from migrationpact.auth.users import User
>>> issuer = DevIssuer.generate(issuer="https://dev.migrationpact.test")
>>> token = issuer.sign(User("kmar-1", "J. Bakker", Organisation.KMAR, Role.CASEWORKER),
...                     audience="migrationpact-api")
>>> verifier = TokenVerifier(issuer.settings(audience="migrationpact-api"))
>>> verifier.verify(token).organisation
<Organisation.KMAR: 'KMar'>
>>> try:
...     TokenVerifier(issuer.settings(audience="another-api")).verify(token)
... except AuthenticationError as refused:
...     print(refused)
token is meant for another audience
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.auth.users import User

#: Claim names under which providers with namespaced custom claims send organisation and role.
CLAIM_NAMESPACE = "https://migrationpact.eu/"
ORGANISATION_CLAIMS = ("organisation", CLAIM_NAMESPACE + "organisation")
ROLE_CLAIMS = ("role", CLAIM_NAMESPACE + "role")
#: The reception sites a site manager answers for (a list of site ids).
SITES_CLAIMS = ("sites", CLAIM_NAMESPACE + "sites")
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub")
ASYMMETRIC_ALGORITHMS = frozenset(
    {"ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA"}
)
DEV_ALGORITHM = "ES256"

_DEV_CLAIMS = ("iss", "sub", "aud", "iat", "nbf", "exp", "jti", "name", "organisation", "role")
_E = TypeVar("_E", Organisation, Role)


class AuthenticationError(Exception):
    """The caller could not be identified; the one-line message says why (never the token)."""


class KeysUnavailableError(AuthenticationError):
    """The issuer's public keys could not be fetched (a fault on our side or theirs)."""


@dataclass(frozen=True)
class TokenSettings:
    """Which tokens to accept: from ``issuer``, for ``audience``, signed by a key in the JWKS.

    Give exactly one of ``jwks_url`` (a provider's ``jwks_uri``) and ``jwks`` (a JWKS dict).
    """

    issuer: str
    audience: str
    jwks_url: str | None = None
    jwks: Mapping[str, Any] | None = None
    algorithms: tuple[str, ...] = ("ES256", "RS256")
    leeway_seconds: int = 30

    def __post_init__(self) -> None:
        if (self.jwks_url is None) == (self.jwks is None):
            raise ValueError("token settings need exactly one of jwks_url and jwks")
        if not self.algorithms:
            raise ValueError("token settings need at least one algorithm")
        refused = [a for a in self.algorithms if a not in ASYMMETRIC_ALGORITHMS]
        if refused:
            raise ValueError(f"algorithms not allowed for tokens: {', '.join(refused)}")
        if not self.issuer or not self.audience:
            raise ValueError("token settings need an issuer and an audience")


class TokenVerifier:
    """Checks bearer tokens against ``TokenSettings`` and turns them into a ``Principal``."""

    def __init__(self, settings: TokenSettings, *, jwks_timeout: float = 10) -> None:
        self.settings = settings
        self._keys: dict[str, jwt.PyJWK] = {}
        self._client: jwt.PyJWKClient | None = None
        if settings.jwks is not None:
            self._keys = _usable_keys(settings.jwks)
        else:
            assert settings.jwks_url is not None
            # The key set is cached for five minutes; an unknown kid triggers one refresh.
            self._client = jwt.PyJWKClient(
                settings.jwks_url, cache_jwk_set=True, lifespan=300, timeout=jwks_timeout
            )

    def verify(self, token: str | None) -> Principal:
        """The caller named by ``token``; ``AuthenticationError`` when it is not acceptable."""
        return principal_from_claims(self.verify_claims(token))

    def verify_claims(self, token: str | None) -> dict[str, Any]:
        """The verified claims of ``token``; ``AuthenticationError`` when it is not acceptable."""
        if not token or not token.strip():
            raise AuthenticationError("no bearer token")
        token = token.strip()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthenticationError("token is malformed") from None
        algorithm = header.get("alg")
        if algorithm not in self.settings.algorithms:
            allowed = ", ".join(self.settings.algorithms)
            raise AuthenticationError(f"token algorithm is not allowed (allowed: {allowed})")
        key = self._key(header.get("kid"))
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=list(self.settings.algorithms),
                audience=self.settings.audience,
                issuer=self.settings.issuer,
                leeway=self.settings.leeway_seconds,
                options={"require": list(REQUIRED_CLAIMS)},
            )
        except jwt.PyJWTError as exc:
            raise AuthenticationError(_reason(exc)) from None
        return dict(claims)

    def _key(self, kid: object) -> jwt.PyJWK:
        if kid is not None and not isinstance(kid, str):
            raise AuthenticationError("token key id is malformed")
        if self._client is None:
            if kid is None:
                if len(self._keys) == 1:
                    return next(iter(self._keys.values()))
                raise AuthenticationError("token has no key id")
            if kid not in self._keys:
                raise AuthenticationError("token is signed with an unknown key id")
            return self._keys[kid]
        if kid is None:
            raise AuthenticationError("token has no key id")
        try:
            key = self._client.get_signing_key(kid)
        except jwt.PyJWKClientConnectionError:
            raise KeysUnavailableError("the issuer's signing keys cannot be fetched") from None
        except jwt.PyJWKClientError:
            raise AuthenticationError("token is signed with an unknown key id") from None
        except jwt.PyJWTError:
            raise KeysUnavailableError("the issuer's key set is not usable") from None
        if key.key_type == "oct":
            raise AuthenticationError("token is signed with an unknown key id")
        return key


def principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    """The ``Principal`` named by verified claims (``via`` = "token")."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise AuthenticationError('token lacks the "sub" claim')
    name = claims.get("name")
    organisation = _enum_claim(claims, ORGANISATION_CLAIMS, Organisation, "organisation")
    role = _enum_claim(claims, ROLE_CLAIMS, Role, "role")
    sites: Any = next((claims[n] for n in SITES_CLAIMS if claims.get(n) is not None), [])
    if not isinstance(sites, list) or not all(isinstance(s, str) and s for s in sites):
        raise AuthenticationError('the "sites" claim is not a list of site ids')
    return Principal(
        subject=subject,
        name=name if isinstance(name, str) and name else subject,
        organisation=organisation,
        role=role,
        via="token",
        sites=frozenset(sites) if role is Role.SITE_MANAGER else frozenset(),
    )


def _enum_claim(
    claims: Mapping[str, Any], names: tuple[str, ...], kind: type[_E], label: str
) -> _E:
    value = next((claims[n] for n in names if claims.get(n) is not None), None)
    if value is None:
        raise AuthenticationError(f'token lacks the "{label}" claim')
    try:
        return kind(value)
    except ValueError:
        raise AuthenticationError(f"token names an unknown {label}") from None


def _reason(exc: jwt.PyJWTError) -> str:
    """A one-line reason for a failed check, without any part of the token."""
    if isinstance(exc, jwt.ExpiredSignatureError):
        return "token has expired"
    if isinstance(exc, jwt.ImmatureSignatureError):
        return "token is not valid yet"
    if isinstance(exc, jwt.InvalidAudienceError):
        return "token is meant for another audience"
    if isinstance(exc, jwt.InvalidIssuerError):
        return "token is from another issuer"
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return f'token lacks the "{exc.claim}" claim'
    if isinstance(exc, jwt.InvalidSignatureError):
        return "token signature does not verify"
    if isinstance(exc, jwt.InvalidAlgorithmError):
        return "token algorithm is not allowed"
    if isinstance(exc, jwt.InvalidIssuedAtError):
        return 'token has a malformed "iat" claim'
    if isinstance(exc, jwt.exceptions.InvalidSubjectError):
        return 'token has a malformed "sub" claim'
    if isinstance(exc, jwt.DecodeError):
        return "token is malformed"
    return "token is not valid"


def _usable_keys(jwks: Mapping[str, Any]) -> dict[str, jwt.PyJWK]:
    """The asymmetric signing keys of an in-memory JWKS, by key id."""
    keys: dict[str, jwt.PyJWK] = {}
    entries = jwks.get("keys")
    if not isinstance(entries, list):
        raise ValueError("a JWKS needs a list 'keys'")
    for number, data in enumerate(entries):
        if not isinstance(data, dict) or data.get("kty") == "oct":
            continue  # never verify with a shared secret
        if data.get("use") not in (None, "sig"):
            continue
        try:
            key = jwt.PyJWK(data)
        except jwt.PyJWTError:
            continue  # a key type or curve we cannot use
        keys[data.get("kid") or f"#{number}"] = key
    if not keys:
        raise ValueError("the JWKS holds no asymmetric signing key")
    return keys


# --- the built-in development issuer ------------------------------------------------------


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """The RFC 7638 SHA-256 thumbprint of a public EC or RSA JWK (base64url, no padding)."""
    members = {"EC": ("crv", "kty", "x", "y"), "RSA": ("e", "kty", "n"), "OKP": ("crv", "kty", "x")}
    required = members[str(jwk["kty"])]
    canonical = json.dumps({m: jwk[m] for m in required}, separators=(",", ":"), sort_keys=True)
    digest = hashlib.sha256(canonical.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class DevIssuer:
    """Signs ES256 tokens for the users file: development, tests and the demo only.

    The API offers it as a small OpenID-style issuer (a discovery document, a JWKS and a token
    endpoint taking username and password), so clients work the same way against it as
    against a real provider.
    """

    def __init__(self, private_key: ec.EllipticCurvePrivateKey, *, issuer: str) -> None:
        if not isinstance(private_key.curve, ec.SECP256R1):
            raise ValueError("the development issuer needs an EC P-256 key")
        self.issuer = issuer
        self._private_key = private_key
        public = ECAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
        self.kid = jwk_thumbprint(public)
        self._public_jwk: dict[str, Any] = {
            **public,
            "kid": self.kid,
            "use": "sig",
            "alg": DEV_ALGORITHM,
        }

    @classmethod
    def generate(cls, *, issuer: str) -> DevIssuer:
        """An issuer with a fresh in-memory key (tokens die with the process)."""
        return cls(ec.generate_private_key(ec.SECP256R1()), issuer=issuer)

    @classmethod
    def from_key_file(cls, path: Path, *, issuer: str) -> DevIssuer:
        """The issuer whose key is the PEM file at ``path``; created (mode 0600) if missing."""
        if not path.exists():
            _create_key_file(path)
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{path}: not an unencrypted PEM private key") from exc
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError(f"{path}: not an EC private key")
        return cls(key, issuer=issuer)

    def sign(
        self,
        user: User,
        *,
        audience: str,
        lifetime: timedelta = timedelta(hours=1),
        now: datetime | None = None,
    ) -> str:
        """A token for ``user``, valid for ``lifetime`` from ``now`` (naive means UTC)."""
        moment = now or datetime.now(UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        issued = int(moment.timestamp())
        claims = {
            "iss": self.issuer,
            "sub": user.username,
            "aud": audience,
            "iat": issued,
            "nbf": issued,
            "exp": issued + int(lifetime.total_seconds()),
            "jti": secrets.token_urlsafe(16),
            "name": user.name,
            "organisation": user.organisation.value,
            "role": user.role.value,
        }
        return jwt.encode(
            claims,
            self._private_key,
            algorithm=DEV_ALGORITHM,
            headers={"kid": self.kid, "typ": "JWT"},
        )

    def jwks(self) -> dict[str, Any]:
        """The public key as a JWK Set (what ``jwks_uri`` serves)."""
        return {"keys": [dict(self._public_jwk)]}

    def openid_configuration(
        self,
        base_url: str,
        *,
        jwks_path: str = "/.well-known/jwks.json",
        token_path: str = "/v1/auth/token",
    ) -> dict[str, Any]:
        """The discovery document (``/.well-known/openid-configuration``) for ``base_url``."""
        base = base_url.rstrip("/")
        return {
            "issuer": self.issuer,
            "jwks_uri": base + jwks_path,
            "token_endpoint": base + token_path,
            "grant_types_supported": ["password"],
            "token_endpoint_auth_methods_supported": ["none"],
            "id_token_signing_alg_values_supported": [DEV_ALGORITHM],
            "subject_types_supported": ["public"],
            "claims_supported": list(_DEV_CLAIMS),
        }

    def settings(self, audience: str) -> TokenSettings:
        """Settings that accept exactly this issuer's tokens for ``audience``."""
        return TokenSettings(
            issuer=self.issuer,
            audience=audience,
            jwks=self.jwks(),
            algorithms=(DEV_ALGORITHM,),
        )


def _create_key_file(path: Path) -> None:
    """Write a new P-256 key to ``path`` atomically, readable by the owner only.

    Two processes starting at once both write a temporary file; the first link wins and the
    other process reads the winner's key.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process was first: use its key
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
