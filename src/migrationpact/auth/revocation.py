"""The development issuer's tokens, checked against the users and revocable.

A bearer token is a signed statement that lasts its hour whatever happens meanwhile. For tokens
from an OpenID Connect provider the provider's short lifetimes and its own revocation are relied
on. The built-in ``DevIssuer`` gets two more checks on every request (``CheckedVerifier``):

- the user directory: the token's ``sub`` must still be a user, of the organisation and in the
  role the token names, so removing a user or changing their role takes effect at once;
- the revocation list (``IssuedTokens``, the ``issued_tokens`` table): the token endpoint notes
  every token it hands out (its ``jti``, subject and expiry); signing out marks all of the
  person's tokens revoked, and ``revoke`` marks one. A revoked token is refused until it
  expires; rows of expired tokens are deleted whenever a token is noted.

The check is one primary-key read per request. Times are naive UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from sqlalchemy import Engine, delete, insert, select, update

from migrationpact.access.model import Principal
from migrationpact.auth.tokens import (
    AuthenticationError,
    DevIssuer,
    TokenVerifier,
    principal_from_claims,
)
from migrationpact.auth.users import User, UserDirectory
from migrationpact.store.database import read_transaction, write_transaction
from migrationpact.store.eventstore import utc_now
from migrationpact.store.tables import issued_tokens

#: The longest ``jti`` kept (the issuer's are 22 characters).
MAX_JTI = 64


class IssuedTokens:
    """The tokens the development issuer handed out, and which of them are revoked."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def note(self, jti: str, *, subject: str, expires_at: datetime) -> None:
        """Note a token just issued (and forget the expired ones)."""
        now = utc_now()
        with write_transaction(self._engine) as conn:
            conn.execute(delete(issued_tokens).where(issued_tokens.c.expires_at <= now))
            conn.execute(
                insert(issued_tokens).values(
                    jti=jti, subject=subject, expires_at=_naive(expires_at)
                )
            )

    def revoke(self, jti: str, *, subject: str, expires_at: datetime) -> None:
        """Revoke one token (noted or not) until it expires."""
        now = utc_now()
        with write_transaction(self._engine) as conn:
            done = conn.execute(
                update(issued_tokens)
                .where(issued_tokens.c.jti == jti, issued_tokens.c.revoked_at.is_(None))
                .values(revoked_at=now)
            )
            known = conn.execute(
                select(issued_tokens.c.jti).where(issued_tokens.c.jti == jti)
            ).first()
            if not done.rowcount and known is None:
                conn.execute(
                    insert(issued_tokens).values(
                        jti=jti, subject=subject, expires_at=_naive(expires_at), revoked_at=now
                    )
                )

    def revoke_subject(self, subject: str) -> int:
        """Revoke every live token of ``subject`` (at sign-out); how many."""
        now = utc_now()
        with write_transaction(self._engine) as conn:
            result = conn.execute(
                update(issued_tokens)
                .where(
                    issued_tokens.c.subject == subject,
                    issued_tokens.c.revoked_at.is_(None),
                    issued_tokens.c.expires_at > now,
                )
                .values(revoked_at=now)
            )
        return int(result.rowcount)

    def revoked(self, jti: str) -> bool:
        """Whether the token ``jti`` has been revoked."""
        query = select(issued_tokens.c.revoked_at).where(issued_tokens.c.jti == jti)
        with read_transaction(self._engine) as conn:
            row = conn.execute(query).first()
        return row is not None and row.revoked_at is not None


class CheckedVerifier:
    """A ``TokenVerifier`` for the development issuer's tokens that also asks the directory
    and the revocation list (see the module's docstring)."""

    def __init__(self, verifier: TokenVerifier, users: UserDirectory, issued: IssuedTokens) -> None:
        self.verifier = verifier
        self.users = users
        self.issued = issued

    def verify(self, token: str | None) -> Principal:
        claims = self.verifier.verify_claims(token)
        return self.principal(claims)

    def principal(self, claims: dict[str, Any]) -> Principal:
        """The principal of verified claims, if the user and the token still stand."""
        named = principal_from_claims(claims)
        user = self.users.get(named.subject)
        if user is None:
            raise AuthenticationError("token names a user who is no longer known")
        if (user.organisation, user.role) != (named.organisation, named.role):
            raise AuthenticationError("token names another organisation or role than the user's")
        jti = claims.get("jti")
        if not isinstance(jti, str) or not jti or len(jti) > MAX_JTI:
            raise AuthenticationError('token lacks the "jti" claim')
        if self.issued.revoked(jti):
            raise AuthenticationError("token has been revoked")
        return user.principal(via="token")


def issue(
    issuer: DevIssuer, user: User, *, audience: str, lifetime: timedelta, issued: IssuedTokens
) -> str:
    """A token for ``user`` from ``issuer``, noted in ``issued`` so that it can be revoked."""
    signed = issuer.sign(user, audience=audience, lifetime=lifetime)
    claims = jwt.decode(signed, options={"verify_signature": False})  # we have just signed it
    issued.note(str(claims["jti"]), subject=user.username, expires_at=expiry(claims))
    return signed


def revoke_token(verifier: CheckedVerifier, token: str) -> bool:
    """Revoke ``token`` if it is one of the issuer's (signature, issuer, audience and expiry
    hold); whether it was."""
    try:
        claims = verifier.verifier.verify_claims(token)
    except AuthenticationError:
        return False
    jti = claims.get("jti")
    if not isinstance(jti, str) or not jti or len(jti) > MAX_JTI:
        return False
    verifier.issued.revoke(jti, subject=str(claims["sub"]), expires_at=expiry(claims))
    return True


def expiry(claims: dict[str, Any]) -> datetime:
    """The ``exp`` of verified claims as naive UTC."""
    return datetime.fromtimestamp(int(claims["exp"]), UTC).replace(tzinfo=None)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
