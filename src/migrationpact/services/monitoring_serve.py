"""What the monitoring register's own application works with: the register, its own users and
their sign-in, and nothing of the case store.

``migrationpact monitor serve`` runs the register apart from the case-handling system
(``monitor_app``). Its pages and routes reach their services through ``services(request)`` as
the case system's do; here that is a ``RegisterServices``: the register (its database and the
bodies' keys), the register's own users, the sign-in door around them, and the rate limit of the
open signal route. The register's sign-in sessions and failed attempts are kept in the register's
database (tables of the case store's layout, ``monitoring_store.tables``). It has no case store:
a page that asked for one would fail, so none can read or write case data by mistake.

The register's users come from a users file of the case system's format
(``MIGRATIONPACT_MONITOR_USERS_FILE``, see ``docs/auth.md``), or in demo mode from the demo
(passed in by ``monitor_app``, so production code never imports the demo). Only the monitors of
the two bodies may be in it: ``load_register_users`` refuses, naming the entry, a file with anyone
else (an IND caseworker, an analyst, a monitor's role given to another organisation).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.door import SignInDoor
from migrationpact.auth.failures import FailureRecord
from migrationpact.auth.sessions import Session, load_session
from migrationpact.auth.stored_failures import StoredFailures
from migrationpact.auth.throttle import ClientLimiter, PasswordGate
from migrationpact.auth.users import User, UserDirectory, UserFileError, load_users
from migrationpact.monitoring.vocabulary import BODIES
from migrationpact.monitoring_store.keys import KeyRing
from migrationpact.monitoring_store.register import Register
from migrationpact.services.container import DemoUsers
from migrationpact.services.settings import ServiceSettings
from migrationpact.services.settings_model import read_settings

#: The environment variable naming the register's users file.
USERS_FILE_ENV = "MIGRATIONPACT_MONITOR_USERS_FILE"
#: The organisations whose monitors may sign in to the register: the two bodies.
REGISTER_ORGANISATIONS = frozenset(Organisation(body) for body in BODIES)


def refusal(user: User) -> str | None:
    """Why ``user`` may not be a user of the register (None: they may).

    >>> from migrationpact.auth.users import User
    >>> refusal(User("m", "M", Organisation.CRM, Role.MONITOR)) is None
    True
    >>> refusal(User("c", "C", Organisation.IND, Role.CASEWORKER))
    "organisation 'IND' is not a monitoring body (CRM, InspectieJenV)"
    """
    if user.organisation not in REGISTER_ORGANISATIONS:
        bodies = ", ".join(sorted(o.value for o in REGISTER_ORGANISATIONS))
        return f"organisation {user.organisation.value!r} is not a monitoring body ({bodies})"
    if user.role is not Role.MONITOR:
        return f"role {user.role.value!r}: the register's users have the role 'monitor'"
    return None


def check_register_users(users: Iterable[User], where: str) -> None:
    """``UserFileError`` naming the first user of ``users`` who is not a body's monitor."""
    for number, user in enumerate(users, start=1):
        reason = refusal(user)
        if reason is not None:
            raise UserFileError(
                f"{where}: entry {number} ({user.username}): {reason}; the register's users "
                "file holds the monitors of the two bodies only"
            )


def load_register_users(path: Path, **directory_options: Any) -> UserDirectory:
    """The register's users file at ``path`` (the case system's format), checked: only
    monitors of the two bodies. ``UserFileError`` in one line otherwise."""
    users = load_users(path, **directory_options)
    check_register_users(users, str(path))
    return users


def users_file_from_env() -> Path | None:
    """``$MIGRATIONPACT_MONITOR_USERS_FILE`` as the settings object reads it (None: unset)."""
    found = read_settings().monitor_users_file
    return Path(found) if found else None


@dataclass
class RegisterServices:
    """The services of the register's app, in the shape its pages and routes ask for (the
    attributes of ``services.container.Services`` they use), without a case store."""

    settings: ServiceSettings
    monitor_register: Register
    users: UserDirectory
    door: SignInDoor
    signal_limiter: ClientLimiter
    #: The register signs people in with a session only: no bearer tokens to revoke.
    issued: None = field(default=None)
    #: … and with a password only: its users are the bodies' monitors of its own users file.
    oidc: None = field(default=None)
    password_signin: bool = field(default=True)

    def register(self) -> Register:
        return self.monitor_register

    @property
    def engine(self) -> Engine:
        """Where the sessions are kept: the register's database."""
        return self.monitor_register.engine

    def signed_in(self, token: str) -> tuple[Session, User] | None:
        """The live register session of a cookie token and its user (None: ended or unknown;
        a case-system session is unknown here, as it lives in another database)."""
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
        register: Register | None = None,
        users: UserDirectory | None = None,
        users_file: Path | None = None,
        demo_users: DemoUsers | None = None,
    ) -> RegisterServices:
        """The register's services of ``settings``: the register opened from the settings when
        not given, the users from ``users_file``, else the demo's in demo mode, else none."""
        # The register issues no bearer tokens, so the production check of the built-in issuer
        # does not apply to it; every other check does.
        replace(settings, allow_dev_issuer=True).check()
        if register is None:
            keys = KeyRing.load(settings.monitor_key_dir)
            register = Register.open(settings.monitor_database_url, keys)
        if users is None:
            users = _users(settings, register.engine, users_file, demo_users)
        door = SignInDoor(
            users,
            gate=PasswordGate(workers=settings.password_checks, waiting=settings.password_queue),
            limiter=ClientLimiter(limit=settings.signin_rate, seconds=settings.signin_rate_seconds),
        )
        signals = ClientLimiter(limit=settings.signin_rate, seconds=settings.signin_rate_seconds)
        return cls(settings, register, users, door, signals)


def _users(
    settings: ServiceSettings, engine: Engine, path: Path | None, demo_users: DemoUsers | None
) -> UserDirectory:
    # Failed sign-ins are counted in the register's database, shared by its server processes.
    record: FailureRecord = StoredFailures(engine)
    if path is not None:
        return load_register_users(path, failure_record=record)
    if settings.demo:
        if demo_users is None:
            raise ValueError("demo mode needs the demo users: build the app with monitor_app")
        users = demo_users(failure_record=record)
        check_register_users(users, "the demo register users")
        return users
    return UserDirectory([], failure_record=record)
