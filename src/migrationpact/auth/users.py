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
  failures is older than the window. Unknown usernames are counted the same way. The counts
  live in memory (one process); a restart forgets them.

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
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.auth.passwords import hash_password, is_argon2id_hash, verify_password
from migrationpact.store.eventstore import utc_now

#: Failed attempts per username that lock it, and the window they are counted in.
MAX_FAILURES = 5
LOCKOUT_WINDOW = timedelta(minutes=15)

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$")
_PRUNE_AT = 10_000  # forget stale failure records once this many usernames are tracked


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


@cache
def _dummy_hash() -> str:
    """A hash no password matches, made once per process with today's parameters."""
    return hash_password(secrets.token_urlsafe(24))


class UserDirectory:
    """The users by username, with timing-safe password checks and a lockout per username."""

    def __init__(
        self,
        users: Iterable[User],
        *,
        clock: Callable[[], datetime] = utc_now,
        max_failures: int = MAX_FAILURES,
        window: timedelta = LOCKOUT_WINDOW,
    ) -> None:
        self._users: dict[str, User] = {}
        for user in users:
            if user.username in self._users:
                raise ValueError(f"duplicate username {user.username!r}")
            self._users[user.username] = user
        self._clock = clock
        self._max_failures = max_failures
        self._window = window
        self._failures: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def get(self, username: str) -> User | None:
        return self._users.get(username)

    def __iter__(self) -> Iterator[User]:
        return iter(self._users.values())

    def __len__(self) -> int:
        return len(self._users)

    def __contains__(self, username: object) -> bool:
        return username in self._users

    def authenticate(self, username: str, password: str) -> User | None:
        """The user if ``password`` is theirs; None if not, if unknown, or if locked out."""
        if self.locked(username):
            return None
        user = self._users.get(username)
        stored = user.password_hash if user is not None else None
        # Always verify something, so an unknown username costs as much time as a known one.
        matches = verify_password(stored or _dummy_hash(), password)
        if user is not None and stored is not None and matches:
            with self._lock:
                self._failures.pop(username, None)
            return user
        self._record_failure(username)
        return None

    def locked(self, username: str) -> bool:
        """Whether ``username`` has had too many failed attempts within the window."""
        with self._lock:
            failures = self._failures.get(username)
            if failures is None:
                return False
            self._forget_old(failures, self._clock())
            if not failures:
                del self._failures[username]
                return False
            return len(failures) >= self._max_failures

    def failures(self, username: str) -> int:
        """How many failed attempts for ``username`` still count (within the window)."""
        with self._lock:
            failures = self._failures.get(username)
            if failures is None:
                return 0
            self._forget_old(failures, self._clock())
            return len(failures)

    def _record_failure(self, username: str) -> None:
        with self._lock:
            now = self._clock()
            if len(self._failures) >= _PRUNE_AT:
                self._prune(now)
            failures = self._failures.setdefault(username, deque())
            self._forget_old(failures, now)
            failures.append(now)

    def _forget_old(self, failures: deque[datetime], now: datetime) -> None:
        while failures and now - failures[0] >= self._window:
            failures.popleft()

    def _prune(self, now: datetime) -> None:
        for name in list(self._failures):
            self._forget_old(self._failures[name], now)
            if not self._failures[name]:
                del self._failures[name]


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

    ``directory_options`` go to ``UserDirectory`` (``clock``, ``max_failures``, ``window``).
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
