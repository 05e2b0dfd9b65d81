"""What the routes and pages work with: the store, the users, the token verifier, the issuer,
and the sign-in door (rate limit and bounded password checks, ``auth.door``).

One ``Services`` object lives on ``app.state.services``; ``services(request)`` hands it to an
API route or a web page. Building it is the only place the HTTP service touches configuration.
It knows nothing of the demo: ``server.create_app`` passes the demo users in when the settings
ask for them, so that production code never imports the demo package. With the built-in issuer,
tokens are checked against the users and the revocation list (``auth.revocation``); lockouts are
written to the access log (``auth.lockout_log``). With an OpenID Connect issuer, bearer tokens are
checked against the JWKS of its discovery document and, when a client id is set, the web pages
sign people in there (``auth.oidc``); both map claims by the same claim mapping.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Protocol

from fastapi import Request
from sqlalchemy import Engine

from migrationpact.access.model import Principal
from migrationpact.auth.door import SignInDoor
from migrationpact.auth.failures import FailureRecord
from migrationpact.auth.lockout_log import LockoutLog
from migrationpact.auth.oidc import Discovery, OidcClient, OidcSettings, ProviderVerifier
from migrationpact.auth.revocation import CheckedVerifier, IssuedTokens
from migrationpact.auth.sessions import Session, load_session
from migrationpact.auth.stored_failures import StoredFailures
from migrationpact.auth.throttle import ClientLimiter, PasswordGate
from migrationpact.auth.tokens import DevIssuer, TokenVerifier
from migrationpact.auth.users import User, UserDirectory, load_users
from migrationpact.monitoring_store.keys import KeyRing
from migrationpact.monitoring_store.register import Register
from migrationpact.services.counted_door import CountedDoor
from migrationpact.services.settings import ServiceSettings
from migrationpact.store.eventstore import EventStore
from migrationpact.store.service import open_store


class DemoUsers(Protocol):
    """Makes the demo users' directory around a failure record (``demo.users.demo_directory``)."""

    def __call__(self, *, failure_record: FailureRecord | None = None) -> UserDirectory: ...


class Verifier(Protocol):
    """Turns a bearer token into a principal (``TokenVerifier``, ``CheckedVerifier``)."""

    def verify(self, token: str | None) -> Principal: ...


@dataclass
class Services:
    settings: ServiceSettings
    store: EventStore
    users: UserDirectory
    verifier: Verifier
    issuer: DevIssuer | None
    door: SignInDoor
    #: The built-in issuer's tokens, for revoking them (None with an OIDC issuer).
    issued: IssuedTokens | None
    #: The monitoring register (``register()`` opens it from the settings on first use).
    monitor_register: Register | None = None
    #: Signals submitted without sign-in, per client (``POST /v1/monitoring/signals``).
    signal_limiter: ClientLimiter = field(
        default_factory=lambda: ClientLimiter(limit=20, seconds=60)
    )
    #: The web sign-in at the OpenID Connect provider (None: not configured).
    oidc: OidcClient | None = None

    def register(self) -> Register:
        """The monitoring register of ``settings.monitor_database_url`` with the bodies' keys of
        ``settings.monitor_key_dir``, opened once: only the register's pages and routes use it,
        so a case-handling system without one starts as before."""
        with _register_lock:
            if self.monitor_register is None:
                keys = KeyRing.load(self.settings.monitor_key_dir)
                self.monitor_register = Register.open(self.settings.monitor_database_url, keys)
            return self.monitor_register

    @property
    def engine(self) -> Engine:
        return self.store.engine

    @property
    def password_signin(self) -> bool:
        """Whether the sign-in form takes passwords (``ServiceSettings.password_signin``)."""
        return self.settings.password_signin

    def signed_in(self, token: str) -> tuple[Session, User] | None:
        """The live session of a session-cookie token and its user (None: ended or unknown).

        A person signed in at the provider is the identity kept with the session; anyone else
        is looked up in the users (so a removed user's sessions end at once)."""
        session = load_session(self.engine, token=token)
        if session is None:
            return None
        if session.identity is not None:
            if self.oidc is None:
                return None  # the provider's sign-in has been switched off
            who = session.identity
            user = User(who.subject, who.name, who.organisation, who.role, None,
                        session.language, tuple(sorted(who.sites)))  # fmt: skip
            return session, user
        found = self.users.get(session.username)
        return None if found is None else (session, found)

    @classmethod
    def build(
        cls,
        settings: ServiceSettings,
        *,
        store: EventStore | None = None,
        users: UserDirectory | None = None,
        issuer: DevIssuer | None = None,
        demo_users: DemoUsers | None = None,
        register: Register | None = None,
    ) -> Services:
        """The services of ``settings``; ``demo_users`` makes the users when ``settings.demo``.

        ``SettingsError`` when the settings refuse to start (e.g. production with the built-in
        issuer).
        """
        settings.check()
        store = store or open_store(settings.database_url)
        store.book  # noqa: B018 - read the rule book at start, not in the first request after it
        if users is None:
            users = _users(settings, store.engine, demo_users)
        verifier: Verifier
        issued: IssuedTokens | None = None
        oidc: OidcClient | None = None
        if settings.built_in_issuer:
            issuer = issuer or DevIssuer.from_key_file(
                settings.dev_key_file, issuer=settings.public_url
            )
            issued = IssuedTokens(store.engine)
            verifier = CheckedVerifier(
                TokenVerifier(issuer.settings(settings.audience)), users, issued
            )
        else:
            assert settings.oidc_issuer is not None
            issuer = None
            discovery = Discovery(settings.oidc_issuer)
            mapping = settings.claim_mapping()
            verifier = ProviderVerifier(
                discovery,
                audience=settings.audience,
                mapping=mapping,
                jwks_url=settings.oidc_jwks_url,
            )
            if settings.oidc_signin:
                assert settings.oidc_client_id is not None
                assert settings.oidc_client_secret is not None
                oidc = OidcClient(
                    OidcSettings(
                        issuer=settings.oidc_issuer,
                        client_id=settings.oidc_client_id,
                        client_secret=settings.oidc_client_secret,
                        redirect_uri=settings.redirect_uri,
                        post_logout_redirect_uri=settings.post_logout_uri,
                        scopes=settings.oidc_scopes,
                    ),
                    mapping=mapping,
                    discovery=discovery,
                )
        door = CountedDoor(
            users,
            gate=PasswordGate(workers=settings.password_checks, waiting=settings.password_queue),
            limiter=ClientLimiter(limit=settings.signin_rate, seconds=settings.signin_rate_seconds),
        )
        # Signals come without sign-in, so they are held to the sign-in's rate per client.
        signals = ClientLimiter(limit=settings.signin_rate, seconds=settings.signin_rate_seconds)
        return cls(settings, store, users, verifier, issuer, door, issued, register, signals, oidc)


_register_lock = threading.Lock()


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
        users = load_users(settings.users_file, failure_record=record)
    elif settings.demo:
        if demo_users is None:
            raise ValueError("demo mode needs the demo users: build the app with server.create_app")
        users = demo_users(failure_record=record)
    else:
        users = UserDirectory([], failure_record=record)
    users.on_lockout = LockoutLog(engine, users)  # every lockout in the access log
    return users
