"""The web sign-in's checks of the provider's answer, without a provider: the state, the
issuer, the provider's error, the ID token's audience and nonce, and the pending cookie.

(The whole flow against a real provider: ``tests/integration/web/test_oidc_signin.py``.)
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.claim_mapping import ClaimMapping, Rule, UnmappedError
from migrationpact.auth.oidc import (
    Discovery,
    OidcClient,
    OidcSettings,
    PendingSignIn,
    ProviderMetadata,
    SignInError,
)
from migrationpact.auth.tokens import AuthenticationError, TokenSettings, TokenVerifier

ISSUER = "https://idp.example"
CLIENT = "migrationpact-web"
KEY = ec.generate_private_key(ec.SECP256R1())
JWKS = {"keys": [{**ECAlgorithm.to_jwk(KEY.public_key(), as_dict=True), "kid": "k1"}]}
PENDING = PendingSignIn("state-1", "nonce-1", "verifier-" + "v" * 43, "/cases", "nl")
MAPPING = ClaimMapping("groups", (Rule("ind-cw", Organisation.IND, Role.CASEWORKER),))


class KnownDiscovery(Discovery):
    """The provider's metadata without fetching it."""

    def __init__(self, *, end_session: str | None = None) -> None:
        super().__init__(ISSUER)
        self.known = ProviderMetadata(
            ISSUER, f"{ISSUER}/auth", f"{ISSUER}/token", f"{ISSUER}/jwks", end_session
        )

    def metadata(self) -> ProviderMetadata:
        return self.known


class Exchange:
    """Stands in for Authlib's client at the token endpoint: answers with ``token``."""

    def __init__(self, token: dict[str, Any]) -> None:
        self.token = token
        self.asked: dict[str, Any] = {}

    def __enter__(self) -> Exchange:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def fetch_token(self, url: str, **kwargs: Any) -> dict[str, Any]:
        self.asked = {"url": url, **kwargs}
        return self.token


def id_token(**claims: Any) -> str:
    now = int(time.time())
    base = {"iss": ISSUER, "aud": CLIENT, "sub": "anna", "iat": now, "exp": now + 300,
            "nonce": PENDING.nonce, "name": "Anna Jansen", "groups": ["ind-cw"]}  # fmt: skip
    return jwt.encode({**base, **claims}, KEY, algorithm="ES256", headers={"kid": "k1"})


def client(*, end_session: str | None = None, token: str | None = None) -> OidcClient:
    made = OidcClient(
        OidcSettings(ISSUER, CLIENT, "secret", "https://mp.example/auth/oidc/callback",
                     "https://mp.example/login", ("openid", "groups")),
        mapping=MAPPING,
        discovery=KnownDiscovery(end_session=end_session),
    )  # fmt: skip
    made._id_tokens._verifier = TokenVerifier(TokenSettings(ISSUER, CLIENT, jwks=JWKS))
    if token is not None:
        exchange = Exchange({"access_token": "a", "id_token": token})
        made._client = lambda: exchange  # type: ignore[method-assign]
    return made


def test_the_authorisation_url_asks_for_a_code_with_pkce() -> None:
    url, pending = client().begin(next_path="/cases", language="en")
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(f"{ISSUER}/auth?")
    assert query["state"] == pending.state
    assert query["nonce"] == pending.nonce
    assert query["code_challenge_method"] == "S256"
    assert pending.code_verifier not in url
    assert (query["scope"], query["ui_locales"]) == ("openid groups", "en")
    again = client().begin(next_path="/", language="en")[1]
    assert {again.state, again.nonce, again.code_verifier}.isdisjoint(
        {pending.state, pending.nonce, pending.code_verifier}
    )


def test_a_good_answer_signs_the_mapped_person_in_with_the_verifier() -> None:
    made = client(token=id_token())
    who = made.finish({"code": "c-1", "state": "state-1", "iss": ISSUER}, PENDING)
    assert (who.subject, who.organisation, who.role, who.via) == (
        "anna", Organisation.IND, Role.CASEWORKER, "session",
    )  # fmt: skip
    asked = made._client().asked
    assert asked["code_verifier"] == PENDING.code_verifier
    assert asked["code"] == "c-1"


@pytest.mark.parametrize(
    ("answer", "pending", "reason"),
    [
        ({"code": "c", "state": "state-1"}, None, "no sign-in was started"),
        ({"code": "c", "state": "state-2"}, PENDING, "(state)"),
        ({"code": "c"}, PENDING, "(state)"),
        ({"error": "access_denied", "state": "state-1"}, PENDING, "refused the sign-in"),
        ({"code": "c", "state": "state-1", "iss": "https://evil.example"}, PENDING, "issuer"),
        ({"state": "state-1"}, PENDING, "has no code"),
    ],
)
def test_answers_not_for_this_sign_in_are_refused(
    answer: dict[str, str], pending: PendingSignIn | None, reason: str
) -> None:
    made = client(token=id_token())
    with pytest.raises(SignInError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        made.finish(answer, pending)
    assert made._client().asked == {}  # no code exchanged


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"nonce": "nonce-2"}, "(nonce)"),
        ({"nonce": None}, "(nonce)"),
        ({"aud": "another-client"}, "another audience"),
        ({"iss": "https://evil.example"}, "another issuer"),
        ({"exp": int(time.time()) - 3600}, "expired"),
    ],
)
def test_an_id_token_not_for_this_sign_in_is_refused(claims: dict[str, Any], reason: str) -> None:
    made = client(token=id_token(**claims))
    with pytest.raises(AuthenticationError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        made.finish({"code": "c", "state": "state-1"}, PENDING)


def test_claims_that_map_to_no_role_are_refused_naming_the_subject() -> None:
    made = client(token=id_token(groups=["everyone"]))
    with pytest.raises(UnmappedError) as refused:
        made.finish({"code": "c", "state": "state-1"}, PENDING)
    assert refused.value.subject == "anna"


def test_signing_out_at_the_provider_when_it_offers_it() -> None:
    assert client().logout_url(language="nl") is None
    url = client(end_session=f"{ISSUER}/logout").logout_url(language="nl")
    assert url is not None
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(f"{ISSUER}/logout?")
    assert query == {
        "client_id": CLIENT,
        "ui_locales": "nl",
        "post_logout_redirect_uri": "https://mp.example/login",
    }


def test_the_pending_cookie_comes_back_or_is_nothing() -> None:
    assert PendingSignIn.from_cookie(PENDING.to_cookie()) == PENDING
    for bad in (None, "", "not base64!", "eyJ9", "e30=", "x" * 5000):
        assert PendingSignIn.from_cookie(bad) is None
