"""The development issuer's tokens are checked against the users and the revocation list.

F12 of the December 2026 probe: ``principal_from_claims`` never asked the user directory, so
removing a user or changing their role took up to an hour to bite, and nothing revoked a token.
On SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.revocation import CheckedVerifier, IssuedTokens, issue, revoke_token
from migrationpact.auth.tokens import AuthenticationError, DevIssuer, TokenVerifier
from migrationpact.auth.users import User, UserDirectory
from migrationpact.store.database import make_engine, read_transaction
from migrationpact.store.tables import issued_tokens

ANN = User("ann", "Ann de Vries", Organisation.IND, Role.CASEWORKER)
BOB = User("bob", "Bob Smit", Organisation.KMAR, Role.CASEWORKER)
AUDIENCE = "migrationpact"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    made = make_engine(db_url)
    yield made
    made.dispose()


@pytest.fixture
def issuer() -> DevIssuer:
    return DevIssuer.generate(issuer="https://dev.test")


def verifier(issuer: DevIssuer, engine: Engine, *users: User) -> CheckedVerifier:
    return CheckedVerifier(
        TokenVerifier(issuer.settings(AUDIENCE)), UserDirectory(users), IssuedTokens(engine)
    )


def refused(check: CheckedVerifier, token: str) -> str:
    with pytest.raises(AuthenticationError) as caught:
        check.verify(token)
    return str(caught.value)


def test_a_removed_user_s_token_is_refused(issuer: DevIssuer, engine: Engine) -> None:
    token = issuer.sign(ANN, audience=AUDIENCE)
    assert verifier(issuer, engine, ANN).verify(token).subject == "ann"
    assert refused(verifier(issuer, engine, BOB), token) == (
        "token names a user who is no longer known"
    )


def test_a_token_naming_an_old_role_or_organisation_is_refused(
    issuer: DevIssuer, engine: Engine
) -> None:
    token = issuer.sign(ANN, audience=AUDIENCE)
    promoted = User("ann", "Ann de Vries", Organisation.IND, Role.SUPERVISOR)
    moved = User("ann", "Ann de Vries", Organisation.COA, Role.CASEWORKER)
    for now in (promoted, moved):
        assert "another organisation or role" in refused(verifier(issuer, engine, now), token)


def test_signing_out_revokes_every_live_token_of_the_subject(
    issuer: DevIssuer, engine: Engine
) -> None:
    check = verifier(issuer, engine, ANN, BOB)
    issued = check.issued
    hour = timedelta(hours=1)
    anns = [issue(issuer, ANN, audience=AUDIENCE, lifetime=hour, issued=issued) for _ in range(2)]
    bobs = issue(issuer, BOB, audience=AUDIENCE, lifetime=hour, issued=issued)
    assert issued.revoke_subject("ann") == 2
    assert all(refused(check, t) == "token has been revoked" for t in anns)
    assert check.verify(bobs).subject == "bob"
    assert issued.revoke_subject("ann") == 0


def test_one_token_is_revoked_by_its_id_noted_or_not(issuer: DevIssuer, engine: Engine) -> None:
    check = verifier(issuer, engine, ANN)
    signed_elsewhere = issuer.sign(ANN, audience=AUDIENCE)  # never noted: still revocable
    other = issuer.sign(ANN, audience=AUDIENCE)
    assert revoke_token(check, signed_elsewhere)
    assert refused(check, signed_elsewhere) == "token has been revoked"
    assert check.verify(other).subject == "ann"
    assert not revoke_token(check, "not-a-token")


def test_expired_tokens_leave_the_list(issuer: DevIssuer, engine: Engine) -> None:
    issued = IssuedTokens(engine)
    past = timedelta(seconds=-60)
    issue(issuer, ANN, audience=AUDIENCE, lifetime=past, issued=issued)
    issue(issuer, ANN, audience=AUDIENCE, lifetime=timedelta(hours=1), issued=issued)
    with read_transaction(engine) as conn:
        rows = conn.execute(select(func.count()).select_from(issued_tokens)).scalar_one()
    assert rows == 1  # noting the second forgot the first, already expired
