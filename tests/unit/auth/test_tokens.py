"""Bearer tokens: what is accepted, what is refused and why, and the development issuer."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import stat
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.tokens import (
    AuthenticationError,
    DevIssuer,
    KeysUnavailableError,
    TokenSettings,
    TokenVerifier,
    jwk_thumbprint,
)
from migrationpact.auth.users import User

ISSUER = "https://dev.migrationpact.test"
AUDIENCE = "migrationpact-api"
KEY = ec.generate_private_key(ec.SECP256R1())
DEV = DevIssuer(KEY, issuer=ISSUER)
ANN = User("ann", "Ann de Vries", Organisation.IND, Role.CASEWORKER)


def verifier(dev: DevIssuer = DEV, audience: str = AUDIENCE) -> TokenVerifier:
    return TokenVerifier(dev.settings(audience=audience))


def claims(**changes: Any) -> dict[str, Any]:
    now = int(datetime.now(UTC).timestamp())
    base: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "ann",
        "iat": now,
        "exp": now + 600,
        "name": "Ann de Vries",
        "organisation": "IND",
        "role": "caseworker",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def signed(payload: dict[str, Any], key: Any = KEY, kid: str | None = DEV.kid) -> str:
    headers = {"kid": kid} if kid is not None else {}
    return jwt.encode(payload, key, algorithm="ES256", headers=headers)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def refused(token: str | None, check: TokenVerifier | None = None) -> str:
    """The message with which ``token`` is refused; it never repeats the token."""
    with pytest.raises(AuthenticationError) as caught:
        (check or verifier()).verify(token)
    message = str(caught.value)
    assert "\n" not in message
    for part in (token or "").split("."):
        if len(part) > 8:
            assert part not in message
    return message


# --- accepted -----------------------------------------------------------------------------


def test_a_dev_token_gives_the_principal() -> None:
    principal = verifier().verify(DEV.sign(ANN, audience=AUDIENCE))
    assert principal.subject == "ann"
    assert principal.name == "Ann de Vries"
    assert principal.organisation is Organisation.IND
    assert principal.role is Role.CASEWORKER
    assert principal.via == "token"


def test_namespaced_organisation_and_role_claims_are_accepted() -> None:
    token = signed(
        claims(
            organisation=None,
            role=None,
            **{
                "https://migrationpact.eu/organisation": "KMar",
                "https://migrationpact.eu/role": "supervisor",
            },
        )
    )
    principal = verifier().verify(token)
    assert (principal.organisation, principal.role) == (Organisation.KMAR, Role.SUPERVISOR)


def test_a_site_managers_token_names_their_sites_and_no_one_elses_does() -> None:
    token = signed(claims(organisation="COA", role="site-manager", sites=["S1", "S2"]))
    assert verifier().verify(token).sites == frozenset({"S1", "S2"})
    planner = signed(claims(organisation="COA", role="planner", sites=["S1"]))
    assert verifier().verify(planner).sites == frozenset()  # a claim no role of theirs uses
    with pytest.raises(AuthenticationError, match="sites"):
        verifier().verify(signed(claims(organisation="COA", role="site-manager", sites="S1")))


def test_the_name_falls_back_to_the_subject() -> None:
    assert verifier().verify(signed(claims(name=None))).name == "ann"


def test_a_token_expired_within_the_leeway_is_accepted() -> None:
    now = int(datetime.now(UTC).timestamp())
    assert verifier().verify(signed(claims(iat=now - 600, exp=now - 10))).subject == "ann"


def test_rs256_tokens_from_a_provider_jwks_are_accepted() -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key(), as_dict=True)
    jwk["kid"] = "rsa-1"
    check = TokenVerifier(TokenSettings(issuer=ISSUER, audience=AUDIENCE, jwks={"keys": [jwk]}))
    token = jwt.encode(claims(), private, algorithm="RS256", headers={"kid": "rsa-1"})
    assert check.verify(token).subject == "ann"


# --- refused ------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "   "])
def test_a_missing_token_is_refused(token: str | None) -> None:
    assert refused(token) == "no bearer token"


@pytest.mark.parametrize("token", ["abc", "a.b.c", "eyJhbGciOiJFUzI1NiJ9.e30"])
def test_a_malformed_token_is_refused(token: str) -> None:
    assert "malformed" in refused(token)


def test_an_expired_token_is_refused() -> None:
    token = DEV.sign(ANN, audience=AUDIENCE, now=datetime.now(UTC) - timedelta(hours=2))
    assert refused(token) == "token has expired"


def test_a_token_from_the_future_is_refused() -> None:
    token = DEV.sign(ANN, audience=AUDIENCE, now=datetime.now(UTC) + timedelta(minutes=5))
    assert refused(token) == "token is not valid yet"


def test_a_token_for_another_audience_is_refused() -> None:
    token = DEV.sign(ANN, audience="another-api")
    assert refused(token) == "token is meant for another audience"


def test_a_token_from_another_issuer_is_refused() -> None:
    token = DevIssuer(KEY, issuer="https://elsewhere.test").sign(ANN, audience=AUDIENCE)
    assert refused(token) == "token is from another issuer"


def test_a_token_signed_by_another_key_is_refused() -> None:
    other = DevIssuer.generate(issuer=ISSUER)
    assert refused(other.sign(ANN, audience=AUDIENCE)) == "token is signed with an unknown key id"
    # Claiming our key id does not help: the signature does not verify.
    forged = signed(claims(), key=ec.generate_private_key(ec.SECP256R1()))
    assert refused(forged) == "token signature does not verify"


def test_a_tampered_payload_is_refused() -> None:
    header, _payload, signature = DEV.sign(ANN, audience=AUDIENCE).split(".")
    promoted = b64(json.dumps(claims(role="supervisor")).encode())
    assert refused(f"{header}.{promoted}.{signature}") == "token signature does not verify"


def test_alg_none_is_refused() -> None:
    token = jwt.encode(claims(), "", algorithm="none", headers={"kid": DEV.kid})
    assert "algorithm is not allowed" in refused(token)
    assert "algorithm is not allowed" in refused(token.rstrip(".") + ".c2ln")


def test_hs256_with_the_public_key_as_secret_is_refused() -> None:
    public_pem = KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": DEV.kid}).encode())
    payload = b64(json.dumps(claims()).encode())
    mac = hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    assert "algorithm is not allowed" in refused(f"{header}.{payload}.{b64(mac)}")


def test_a_token_whose_alg_does_not_fit_the_key_is_refused() -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(claims(), private, algorithm="RS256", headers={"kid": DEV.kid})
    assert "algorithm is not allowed" in refused(token)


@pytest.mark.parametrize("claim", ["exp", "iat", "iss", "aud", "sub"])
def test_a_token_without_a_required_claim_is_refused(claim: str) -> None:
    assert refused(signed(claims(**{claim: None}))) == f'token lacks the "{claim}" claim'


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"organisation": None}, 'token lacks the "organisation" claim'),
        ({"role": None}, 'token lacks the "role" claim'),
        ({"organisation": "Interpol"}, "token names an unknown organisation"),
        ({"role": "king"}, "token names an unknown role"),
        ({"https://migrationpact.eu/role": "king", "role": None}, "token names an unknown role"),
    ],
)
def test_organisation_and_role_must_be_known(changes: dict[str, Any], expected: str) -> None:
    assert refused(signed(claims(**changes))) == expected


def test_a_token_without_a_key_id_needs_a_single_key() -> None:
    assert verifier().verify(signed(claims(), kid=None)).subject == "ann"
    two = {"keys": DEV.jwks()["keys"] + DevIssuer.generate(issuer=ISSUER).jwks()["keys"]}
    check = TokenVerifier(TokenSettings(issuer=ISSUER, audience=AUDIENCE, jwks=two))
    assert refused(signed(claims(), kid=None), check) == "token has no key id"
    assert check.verify(signed(claims())).subject == "ann"


@settings(max_examples=25, deadline=None)
@given(position=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=5))
def test_any_flipped_character_is_refused(position: int, bit: int) -> None:
    token = DEV.sign(ANN, audience=AUDIENCE)
    index = position % len(token)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    if token[index] == ".":
        return
    replacement = alphabet[(alphabet.index(token[index]) ^ (1 << bit)) % 64]
    mutated = token[:index] + replacement + token[index + 1 :]
    if mutated == token:
        return
    try:
        principal = verifier().verify(mutated)
    except AuthenticationError:
        return
    # Only the unused low bits of the last character of a segment may change undetected.
    assert principal == verifier().verify(token)


# --- settings -----------------------------------------------------------------------------


@pytest.mark.parametrize("algorithms", [("HS256",), ("ES256", "none"), ()])
def test_settings_refuse_symmetric_and_none_algorithms(algorithms: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="algorithm"):
        TokenSettings(issuer=ISSUER, audience=AUDIENCE, jwks=DEV.jwks(), algorithms=algorithms)


def test_settings_need_exactly_one_key_source() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        TokenSettings(issuer=ISSUER, audience=AUDIENCE)
    with pytest.raises(ValueError, match="exactly one"):
        TokenSettings(issuer=ISSUER, audience=AUDIENCE, jwks=DEV.jwks(), jwks_url="https://x")


def test_a_jwks_with_only_a_shared_secret_is_refused() -> None:
    secret = {"keys": [{"kty": "oct", "k": b64(b"secret" * 8), "kid": "s"}]}
    with pytest.raises(ValueError, match="no asymmetric"):
        TokenVerifier(TokenSettings(issuer=ISSUER, audience=AUDIENCE, jwks=secret))


# --- keys fetched from a provider's jwks_uri ----------------------------------------------


@pytest.fixture
def jwks_url() -> Iterator[str]:
    """A local HTTP server that serves the development issuer's JWKS."""
    body = json.dumps(DEV.jwks()).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    server.shutdown()
    server.server_close()


def test_keys_are_fetched_from_the_jwks_url(jwks_url: str) -> None:
    check = TokenVerifier(TokenSettings(issuer=ISSUER, audience=AUDIENCE, jwks_url=jwks_url))
    assert check.verify(DEV.sign(ANN, audience=AUDIENCE)).subject == "ann"
    other = DevIssuer.generate(issuer=ISSUER).sign(ANN, audience=AUDIENCE)
    assert refused(other, check) == "token is signed with an unknown key id"
    assert refused(signed(claims(), kid=None), check) == "token has no key id"


def test_an_unreachable_jwks_url_is_keys_unavailable() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/jwks.json"
    check = TokenVerifier(TokenSettings(issuer=ISSUER, audience=AUDIENCE, jwks_url=url))
    with pytest.raises(KeysUnavailableError, match="cannot be fetched"):
        check.verify(DEV.sign(ANN, audience=AUDIENCE))


# --- the development issuer ---------------------------------------------------------------


def test_the_key_id_is_the_rfc_7638_thumbprint() -> None:
    rfc_example = {  # RFC 7638 section 3.1
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSo"
        "c_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR"
        "0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTW"
        "hAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29",
    }
    assert jwk_thumbprint(rfc_example) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    (public,) = DEV.jwks()["keys"]
    assert public["kid"] == DEV.kid == jwk_thumbprint(public)


def test_the_jwks_holds_only_the_public_key() -> None:
    (public,) = DEV.jwks()["keys"]
    assert set(public) == {"kty", "crv", "x", "y", "kid", "use", "alg"}
    assert (public["kty"], public["crv"], public["alg"], public["use"]) == (
        "EC",
        "P-256",
        "ES256",
        "sig",
    )


def test_signed_claims() -> None:
    now = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    token = DEV.sign(ANN, audience=AUDIENCE, lifetime=timedelta(minutes=20), now=now)
    assert jwt.get_unverified_header(token) == {"alg": "ES256", "kid": DEV.kid, "typ": "JWT"}
    payload = jwt.decode(token, options={"verify_signature": False})
    stamp = int(now.timestamp())
    assert payload["iss"] == ISSUER
    assert payload["aud"] == AUDIENCE
    assert payload["sub"] == "ann"
    assert (payload["iat"], payload["nbf"], payload["exp"]) == (stamp, stamp, stamp + 1200)
    assert (payload["name"], payload["organisation"], payload["role"]) == (
        "Ann de Vries",
        "IND",
        "caseworker",
    )
    again = jwt.decode(
        DEV.sign(ANN, audience=AUDIENCE, now=now), options={"verify_signature": False}
    )
    assert payload["jti"] != again["jti"]


def test_the_key_file_is_created_private_and_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "secrets" / "dev" / "issuer.pem"
    first = DevIssuer.from_key_file(path, issuer=ISSUER)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    token = first.sign(ANN, audience=AUDIENCE)
    restarted = DevIssuer.from_key_file(path, issuer=ISSUER)
    assert restarted.kid == first.kid
    assert TokenVerifier(restarted.settings(AUDIENCE)).verify(token).subject == "ann"


def test_a_key_file_that_is_not_a_p256_key_is_refused(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a key")
    with pytest.raises(ValueError, match="PEM"):
        DevIssuer.from_key_file(garbage, issuer=ISSUER)
    other_curve = tmp_path / "p384.pem"
    other_curve.write_bytes(
        ec.generate_private_key(ec.SECP384R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(ValueError, match="P-256"):
        DevIssuer.from_key_file(other_curve, issuer=ISSUER)


def test_the_discovery_document() -> None:
    document = DEV.openid_configuration("https://mp.example/")
    assert document["issuer"] == ISSUER
    assert document["jwks_uri"] == "https://mp.example/.well-known/jwks.json"
    assert document["token_endpoint"] == "https://mp.example/v1/auth/token"
    assert document["grant_types_supported"] == ["password"]
    assert document["id_token_signing_alg_values_supported"] == ["ES256"]


def test_dev_settings_accept_only_es256_from_this_issuer() -> None:
    dev_settings = DEV.settings(AUDIENCE)
    assert (dev_settings.issuer, dev_settings.audience) == (ISSUER, AUDIENCE)
    assert dev_settings.algorithms == ("ES256",)
    assert dev_settings.jwks == DEV.jwks()
