"""The people who may sign in with a password, and the checks at the door.

A ``User`` is a person with a username, an organisation, a role and (optionally) the argon2id
hash of their password. A ``UserDirectory`` holds the users read from a YAML file (see
``load_users`` and ``docs/examples/users.yaml``) and answers one question: do this username
and password belong together?

Three defences sit in ``UserDirectory.attempt``:

- it spends the same time whether or not the username exists: an unknown user (or one without
  a password) is checked against a dummy argon2id hash, so response times do not reveal which
  usernames exist;
- after ``max_failures`` (5) wrong passwords for one username *from one client* within
  ``window`` (15 minutes) it refuses every further attempt for that username from that client,
  right or wrong, until the oldest of those failures is older than the window. The attempt is
  counted before the password is checked (``FailureRecord.reserve``), so parallel attempts
  cannot slip past the limit; a successful sign-in forgets that client's count. Unknown
  usernames are counted the same way;
- once a username has ``max_failures`` failures from all clients together, each further
  attempt waits a little first (``delay``: 1, 2, 4 … up to 8 seconds), wherever it comes from.
  A stranger can so slow a named user down, never lock them out; the waiting is the caller's
  (``auth.door``), it costs the service no thread.

The lock that ends it (the attempt that reaches the limit) is reported to ``on_lockout``, for
the access log; an administrator can lift every lock of a username with ``unlock``.

Where the failures are counted is the directory's ``FailureRecord``: by default
``MemoryFailures`` (this process only; a restart forgets them); the service passes
``StoredFailures``, a table in the store that every server process shares.

>>> from migrationpact.auth.passwords import hash_password
>>> ann = User("ann", "Ann de Vries", Organisation.IND, Role.CASEWORKER, hash_password("s3cret!"))
>>> directory = UserDirectory([ann])
>>> directory.authenticate("ann", "s3cret!") == ann
True
>>> directory.authenticate("ann", "guess"), directory.authenticate("bob", "guess")
(None, None)
>>> ann.principal(via="session").organisation.label
'Immigratie- en Naturalisatiedienst'
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.auth.failures import FailureRecord
from migrationpact.auth.memory_failures import MemoryFailures
from migrationpact.auth.passwords import hash_password, is_argon2id_hash, verify_password
from migrationpact.reception.sites.events import ID as SITE_ID
from migrationpact.store.eventstore import utc_now

#: Failed attempts per username and client that lock it, and the window they are counted in.
MAX_FAILURES = 5
LOCKOUT_WINDOW = timedelta(minutes=15)
#: The wait before an attempt once a username has ``MAX_FAILURES`` failures from all clients:
#: ``DELAY_BASE`` seconds, doubled for every further failure, at most ``MAX_DELAY``.
DELAY_BASE = 1.0
MAX_DELAY = 8.0

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$")
_SITE_ID = re.compile(SITE_ID)


@dataclass(frozen=True)
class User:
    """A person who may sign in; ``password_hash`` None means: no password sign-in."""

    username: str
    name: str
    organisation: Organisation
    role: Role
    password_hash: str | None = field(default=None, repr=False)
    language: str = "nl"
    #: The reception sites a site manager answers for (their ids).
    sites: tuple[str, ...] = ()

    def principal(self, via: str) -> Principal:
        """This user as the ``Principal`` of a request (``via``: "session", "token", …)."""
        return Principal(
            subject=self.username,
            name=self.name,
            organisation=self.organisation,
            role=self.role,
            via=via,
            sites=frozenset(self.sites),
        )


@dataclass(frozen=True)
class SignInAttempt:
    """The answer to a username and password (``UserDirectory.attempt``)."""

    user: User | None
    #: The username has too many recent failures: say so, and that it waits out the window.
    locked: bool


@dataclass(frozen=True)
class Standing:
    """Where a username stands before an attempt (``UserDirectory.standing``)."""

    #: Locked for this client: refuse without checking a password.
    locked: bool
    #: Failures of the username from every client within the window (for ``delay``).
    failures: int


@dataclass(frozen=True)
class Lockout:
    """A username has just been locked for a client (reported to ``on_lockout``)."""

    username: str
    client: str
    #: The username belongs to a user of the directory (else it may be a mistyped password).
    known: bool
    at: datetime
    window: timedelta


@cache
def _dummy_hash() -> str:
    """A hash no password matches, made once per process with today's parameters."""
    return hash_password(secrets.token_urlsafe(24))


class UserDirectory:
    """The users by username, with timing-safe password checks and a lockout per username
    and client.

    ``failure_record``: where failed attempts are counted (default: a new ``MemoryFailures``);
    ``on_lockout``: told of every lock as it happens.
    """

    def __init__(
        self,
        users: Iterable[User],
        *,
        clock: Callable[[], datetime] = utc_now,
        max_failures: int = MAX_FAILURES,
        window: timedelta = LOCKOUT_WINDOW,
        failure_record: FailureRecord | None = None,
        on_lockout: Callable[[Lockout], None] | None = None,
        delay_base: float = DELAY_BASE,
        max_delay: float = MAX_DELAY,
    ) -> None:
        self._users: dict[str, User] = {}
        for user in users:
            if user.username in self._users:
                raise ValueError(f"duplicate username {user.username!r}")
            self._users[user.username] = user
        self._clock = clock
        self._max_failures = max_failures
        self._window = window
        self._record: FailureRecord = (
            failure_record if failure_record is not None else MemoryFailures()
        )
        self.on_lockout = on_lockout
        self._delay_base = delay_base
        self._max_delay = max_delay

    def get(self, username: str) -> User | None:
        return self._users.get(username)

    def __iter__(self) -> Iterator[User]:
        return iter(self._users.values())

    def __len__(self) -> int:
        return len(self._users)

    def __contains__(self, username: object) -> bool:
        return username in self._users

    def attempt(self, username: str, password: str, client: str = "") -> SignInAttempt:
        """Check ``password`` for ``username`` from ``client`` (its address; "" if unknown):
        the user (None if wrong, unknown or locked) and whether the username is locked for this
        client now (this attempt may be the one that locks it).

        The attempt is counted as a failure before the password is checked, and forgotten if
        the password is right; when the count is full, no password is checked at all.
        """
        now = self._clock()
        counted = self._record.reserve(
            username, client, at=now, after=now - self._window, limit=self._max_failures,
            forget_before=now - self._window,
        )  # fmt: skip
        if counted is None:
            return SignInAttempt(None, locked=True)
        user = self._users.get(username)
        stored = user.password_hash if user is not None else None
        # Always verify something, so an unknown username costs as much time as a known one.
        matches = verify_password(stored or _dummy_hash(), password)
        if user is not None and stored is not None and matches:
            self._record.clear(username, client=client)  # the reserved failure was none
            return SignInAttempt(user, locked=False)
        locked = counted >= self._max_failures
        if locked and self.on_lockout is not None:
            self.on_lockout(Lockout(username, client, user is not None, now, self._window))
        return SignInAttempt(None, locked=locked)

    def authenticate(self, username: str, password: str, client: str = "") -> User | None:
        """The user if ``password`` is theirs; None if not, if unknown, or if locked out."""
        return self.attempt(username, password, client).user

    @property
    def window_minutes(self) -> int:
        """The lockout window in whole minutes (at most this long until a lock ends)."""
        return -(-int(self._window.total_seconds()) // 60)

    def locked(self, username: str, client: str = "") -> bool:
        """Whether ``username`` has had too many failed attempts from ``client`` lately."""
        return self.failures(username, client) >= self._max_failures

    def failures(self, username: str, client: str | None = None) -> int:
        """How many failed attempts for ``username`` (from ``client``; None: from every
        client) still count (within the window)."""
        return self._record.count(username, after=self._clock() - self._window, client=client)

    def standing(self, username: str, client: str = "") -> Standing:
        """Whether ``username`` is locked for ``client``, and its failures from everyone."""
        return Standing(self.locked(username, client), self.failures(username))

    def delay(self, failures: int) -> float:
        """Seconds to wait before an attempt on a username with ``failures`` from everyone."""
        over = failures - self._max_failures
        if over < 0:
            return 0.0
        return min(self._delay_base * 2.0 ** min(over, 32), self._max_delay)

    def unlock(self, username: str) -> int:
        """Forget every failure of ``username`` from every client (an administrator's
        unlock); how many there were."""
        return self._record.clear(username)


# --- the users file -----------------------------------------------------------------------


class UserFileError(ValueError):
    """The users file cannot be read or holds a bad entry; the message is one line."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    username: str = Field(min_length=1, max_length=128)
    name: str = Field(min_length=1)
    organisation: str
    role: str
    password_hash: str | None = None
    language: str = Field(default="nl", max_length=8)
    sites: list[str] = Field(default_factory=list, max_length=200)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    users: list[Any]


def load_users(path: Path, **directory_options: Any) -> UserDirectory:
    """Read the users file at ``path`` (YAML, ``users: [...]``) into a directory.

    ``directory_options`` go to ``UserDirectory`` (``clock``, ``max_failures``, ``window``,
    ``failure_record``).
    Raises ``UserFileError`` naming the file and the first bad entry.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserFileError(f"{path}: cannot read the users file: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        raise UserFileError(f"{path}: not valid YAML{line}") from exc
    try:
        document = _File.model_validate(raw)
    except ValidationError as exc:
        raise UserFileError(f"{path}: expected a mapping with a list 'users'") from exc
    users: list[User] = []
    seen: set[str] = set()
    for number, item in enumerate(document.users, start=1):
        user = _user(path, number, item)
        if user.username in seen:
            raise UserFileError(f"{path}: entry {number}: duplicate username {user.username!r}")
        seen.add(user.username)
        users.append(user)
    return UserDirectory(users, **directory_options)


def organisation_and_role(organisation: str, role: str) -> tuple[Organisation, Role]:
    """The organisation and role a users file or a claim mapping names, or a ``ValueError``
    naming the unknown one and those known.

    >>> organisation_and_role("IND", "caseworker")
    (<Organisation.IND: 'IND'>, <Role.CASEWORKER: 'caseworker'>)
    """
    try:
        found = Organisation(organisation)
    except ValueError:
        known = ", ".join(o.value for o in Organisation)
        raise ValueError(f"unknown organisation {organisation!r} (known: {known})") from None
    try:
        return found, Role(role)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise ValueError(f"unknown role {role!r} (known: {known})") from None


def _user(path: Path, number: int, item: Any) -> User:
    label = f"entry {number}"
    if not isinstance(item, dict):
        raise UserFileError(f"{path}: {label}: expected a mapping with username, name, …")
    if isinstance(item.get("username"), str):
        label += f" ({item['username']})"
    try:
        entry = _Entry.model_validate(item)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "entry"
        raise UserFileError(f"{path}: {label}: {where}: {first['msg']}") from exc

    def bad(message: str) -> UserFileError:
        return UserFileError(f"{path}: {label}: {message}")

    try:
        organisation, role = organisation_and_role(entry.organisation, entry.role)
    except ValueError as exc:
        raise bad(str(exc)) from None
    if entry.password_hash is not None and not is_argon2id_hash(entry.password_hash):
        raise bad("password_hash is not an argon2id hash (make one with hash_password)")
    if not _LANGUAGE.match(entry.language):
        raise bad(f"language {entry.language!r} is not a language tag such as 'nl' or 'en'")
    sites = tuple(entry.sites)
    if (role is Role.SITE_MANAGER) != bool(sites):
        raise bad("a site manager (and only a site manager) names the sites they manage: sites")
    if bad_id := next((s for s in sites if not _SITE_ID.match(s)), None):
        raise bad(f"sites: {bad_id!r} is not a site id")
    return User(
        username=entry.username,
        name=entry.name,
        organisation=organisation,
        role=role,
        password_hash=entry.password_hash,
        language=entry.language,
        sites=sites,
    )
