"""The people who may sign in with a password, and the checks at the door.

A ``User`` is a person with a username, an organisation, a role and (optionally) the argon2id
hash of their password. A ``UserDirectory`` holds the users read from a YAML file (see
``load_users`` and ``docs/examples/users.yaml``) and answers one question: do this username
and password belong together?

Two defences sit in ``UserDirectory.authenticate``:

- it spends the same time whether or not the username exists: an unknown user (or one without
  a password) is checked against a dummy argon2id hash, so response times do not reveal which
  usernames exist;
- after ``max_failures`` (5) wrong passwords for one username within ``window`` (15 minutes) it
  refuses every further attempt for that username, right or wrong, until the oldest of those
  failures is older than the window. Unknown usernames are counted the same way, and a
  successful sign-in clears the count.

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
from migrationpact.store.eventstore import utc_now

#: Failed attempts per username that lock it, and the window they are counted in.
MAX_FAILURES = 5
LOCKOUT_WINDOW = timedelta(minutes=15)

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$")


@dataclass(frozen=True)
class User:
    """A person who may sign in; ``password_hash`` None means: no password sign-in."""

    username: str
    name: str
    organisation: Organisation
    role: Role
    password_hash: str | None = field(default=None, repr=False)
    language: str = "nl"

    def principal(self, via: str) -> Principal:
        """This user as the ``Principal`` of a request (``via``: "session", "token", …)."""
        return Principal(
            subject=self.username,
            name=self.name,
            organisation=self.organisation,
            role=self.role,
            via=via,
        )


@dataclass(frozen=True)
class SignInAttempt:
    """The answer to a username and password (``UserDirectory.attempt``)."""

    user: User | None
    #: The username has too many recent failures: say so, and that it waits out the window.
    locked: bool


@cache
def _dummy_hash() -> str:
    """A hash no password matches, made once per process with today's parameters."""
    return hash_password(secrets.token_urlsafe(24))


class UserDirectory:
    """The users by username, with timing-safe password checks and a lockout per username.

    ``failure_record``: where failed attempts are counted (default: a new ``MemoryFailures``).
    """

    def __init__(
        self,
        users: Iterable[User],
        *,
        clock: Callable[[], datetime] = utc_now,
        max_failures: int = MAX_FAILURES,
        window: timedelta = LOCKOUT_WINDOW,
        failure_record: FailureRecord | None = None,
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

    def get(self, username: str) -> User | None:
        return self._users.get(username)

    def __iter__(self) -> Iterator[User]:
        return iter(self._users.values())

    def __len__(self) -> int:
        return len(self._users)

    def __contains__(self, username: object) -> bool:
        return username in self._users

    def attempt(self, username: str, password: str) -> SignInAttempt:
        """Check ``password`` for ``username``: the user (None if wrong, unknown or locked) and
        whether the username is locked now (this attempt may be the one that locks it)."""
        recent = self.failures(username)
        if recent >= self._max_failures:
            return SignInAttempt(None, locked=True)
        user = self._users.get(username)
        stored = user.password_hash if user is not None else None
        # Always verify something, so an unknown username costs as much time as a known one.
        matches = verify_password(stored or _dummy_hash(), password)
        if user is not None and stored is not None and matches:
            if recent:  # most sign-ins have nothing to clear: spare them a database write
                self._record.clear(username)
            return SignInAttempt(user, locked=False)
        now = self._clock()
        self._record.add(username, at=now, forget_before=now - self._window)
        return SignInAttempt(None, locked=recent + 1 >= self._max_failures)

    def authenticate(self, username: str, password: str) -> User | None:
        """The user if ``password`` is theirs; None if not, if unknown, or if locked out."""
        return self.attempt(username, password).user

    @property
    def window_minutes(self) -> int:
        """The lockout window in whole minutes (at most this long until a lock ends)."""
        return -(-int(self._window.total_seconds()) // 60)

    def locked(self, username: str) -> bool:
        """Whether ``username`` has had too many failed attempts within the window."""
        return self.failures(username) >= self._max_failures

    def failures(self, username: str) -> int:
        """How many failed attempts for ``username`` still count (within the window)."""
        return self._record.count(username, after=self._clock() - self._window)


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
        organisation = Organisation(entry.organisation)
    except ValueError:
        known = ", ".join(o.value for o in Organisation)
        raise bad(f"unknown organisation {entry.organisation!r} (known: {known})") from None
    try:
        role = Role(entry.role)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise bad(f"unknown role {entry.role!r} (known: {known})") from None
    if entry.password_hash is not None and not is_argon2id_hash(entry.password_hash):
        raise bad("password_hash is not an argon2id hash (make one with hash_password)")
    if not _LANGUAGE.match(entry.language):
        raise bad(f"language {entry.language!r} is not a language tag such as 'nl' or 'en'")
    return User(
        username=entry.username,
        name=entry.name,
        organisation=organisation,
        role=role,
        password_hash=entry.password_hash,
        language=entry.language,
    )
