"""What the routes work with: the store, the users, the token verifier, the built-in issuer.

One ``Services`` object lives on ``app.state.services``; ``services(request)`` hands it to a
route. Building it is the only place the API touches configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import Engine

from migrationpact.api.settings import ServiceSettings
from migrationpact.auth.sessions import Session, load_session
from migrationpact.auth.stored_failures import StoredFailures
from migrationpact.auth.tokens import DevIssuer, TokenSettings, TokenVerifier
from migrationpact.auth.users import User, UserDirectory, load_users
from migrationpact.store.eventstore import EventStore
from migrationpact.store.service import open_store


@dataclass
class Services:
    settings: ServiceSettings
    store: EventStore
    users: UserDirectory
    verifier: TokenVerifier
    issuer: DevIssuer | None

    @property
    def engine(self) -> Engine:
        return self.store.engine

    def signed_in(self, token: str) -> tuple[Session, User] | None:
        """The live session of a session-cookie token and its user (None: ended or unknown)."""
        session = load_session(self.engine, token=token)
        user = self.users.get(session.username) if session else None
        if session is None or user is None:
            return None
        return session, user

    @classmethod
    def build(
        cls,
        settings: ServiceSettings,
        *,
        store: EventStore | None = None,
        users: UserDirectory | None = None,
        issuer: DevIssuer | None = None,
    ) -> Services:
        store = store or open_store(settings.database_url)
        store.book  # noqa: B018 - read the rule book at start, not in the first request after it
        if users is None:
            users = _users(settings, store.engine)
        if settings.built_in_issuer:
            issuer = issuer or DevIssuer.from_key_file(
                settings.dev_key_file, issuer=settings.public_url
            )
            token_settings = issuer.settings(settings.audience)
        else:
            assert settings.oidc_issuer is not None
            issuer = None
            token_settings = TokenSettings(
                issuer=settings.oidc_issuer,
                audience=settings.audience,
                jwks_url=settings.oidc_jwks_url
                or settings.oidc_issuer.rstrip("/") + "/.well-known/jwks.json",
            )
        return cls(settings, store, users, TokenVerifier(token_settings), issuer)


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def _users(settings: ServiceSettings, engine: Engine) -> UserDirectory:
    # Failed sign-ins are counted in the store, so that every server process (``serve
    # --workers``) and every restart sees the same count.
    record = StoredFailures(engine)
    if settings.users_file is not None:
        return load_users(settings.users_file, failure_record=record)
    if settings.demo:
        from migrationpact.demo.users import demo_directory

        return demo_directory(failure_record=record)
    return UserDirectory([], failure_record=record)
