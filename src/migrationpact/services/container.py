"""What the routes and pages work with: the store, the users, the token verifier, the issuer.

One ``Services`` object lives on ``app.state.services``; ``services(request)`` hands it to an
API route or a web page. Building it is the only place the HTTP service touches configuration.
It knows nothing of the demo: ``server.create_app`` passes the demo users in when the settings
ask for them, so that production code never imports the demo package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from fastapi import Request
from sqlalchemy import Engine

from migrationpact.auth.failures import FailureRecord
from migrationpact.auth.sessions import Session, load_session
from migrationpact.auth.stored_failures import StoredFailures
from migrationpact.auth.tokens import DevIssuer, TokenSettings, TokenVerifier
from migrationpact.auth.users import User, UserDirectory, load_users
from migrationpact.services.settings import ServiceSettings
from migrationpact.store.eventstore import EventStore
from migrationpact.store.service import open_store


class DemoUsers(Protocol):
    """Makes the demo users' directory around a failure record (``demo.users.demo_directory``)."""

    def __call__(self, *, failure_record: FailureRecord | None = None) -> UserDirectory: ...


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
        demo_users: DemoUsers | None = None,
    ) -> Services:
        """The services of ``settings``; ``demo_users`` makes the users when ``settings.demo``."""
        store = store or open_store(settings.database_url)
        store.book  # noqa: B018 - read the rule book at start, not in the first request after it
        if users is None:
            users = _users(settings, store.engine, demo_users)
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


def _users(
    settings: ServiceSettings, engine: Engine, demo_users: DemoUsers | None
) -> UserDirectory:
    # Failed sign-ins are counted in the store, so that every server process (``serve
    # --workers``) and every restart sees the same count.
    record: FailureRecord = StoredFailures(engine)
    if settings.users_file is not None:
        return load_users(settings.users_file, failure_record=record)
    if settings.demo:
        if demo_users is None:
            raise ValueError("demo mode needs the demo users: build the app with server.create_app")
        return demo_users(failure_record=record)
    return UserDirectory([], failure_record=record)
