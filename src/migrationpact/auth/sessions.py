"""Web sessions: who is signed in to the web pages, kept on the server.

After a person signs in, the browser holds one random value, the session token, in the cookie
``mp_session``; everything else (who they are, their CSRF token, their language, when the
session ends) lives in the ``web_sessions`` table. The table stores only the SHA-256 of the
token, so a copy of the database does not let anyone take over a session.

A session ends at the first of:

- ``absolute`` (10 hours) after sign-in, however active the person is;
- ``idle`` (30 minutes) without a request: ``load_session`` notes the last request in
  ``last_seen_at``, writing at most once a minute so that page views stay cheap reads;
- sign-out (``end_session``), or ``end_sessions_of`` a person (e.g. when they leave).

Every sign-in starts a new session with a new token (``start_session``, which can also end the
session the browser already had), and a token is only ever made by the server: an attacker who
plants a token in someone's browser (session fixation) gains nothing, because signing in
replaces it.

Forms and other state-changing requests must carry the session's CSRF token (the hidden field
``csrf_token`` or the header ``X-CSRF-Token``); ``csrf_ok`` compares it in constant time. The
cookie is to be set ``Secure; HttpOnly; SameSite=Lax; Path=/`` (see ``docs/auth.md``).

A person signed in through the OpenID Connect provider is in no users file: their session
keeps who the provider said they are (``Session.identity``: name, organisation, role, sites,
as the claim mapping made them), and ends with the session.

Times are naive UTC, like everything in the store.

>>> session = Session("ann", "c" * 43, "nl", datetime(2026, 7, 1, 8), datetime(2026, 7, 1, 18))
>>> csrf_ok(session, "c" * 43), csrf_ok(session, "d" * 43), csrf_ok(session, None)
(True, False, False)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, Engine, delete, or_, select, update

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.store.database import read_transaction, write_transaction
from migrationpact.store.eventstore import utc_now
from migrationpact.store.tables import web_sessions

SESSION_COOKIE = "mp_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"

ABSOLUTE_LIFETIME = timedelta(hours=10)
IDLE_TIMEOUT = timedelta(minutes=30)
#: ``last_seen_at`` is rewritten only when it is at least this old.
TOUCH_INTERVAL = timedelta(minutes=1)
MAX_LANGUAGE_LENGTH = 8


@dataclass(frozen=True)
class Session:
    """A signed-in person's session (never holds the token itself)."""

    username: str
    csrf_token: str
    language: str
    created_at: datetime
    expires_at: datetime
    #: Who the identity provider said the person is (None: a user of the users file).
    identity: Principal | None = None


def token_hash(token: str) -> str:
    """The SHA-256 (hex) of a session token: the key under which it is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(
    engine: Engine,
    *,
    username: str,
    language: str = "nl",
    now: datetime | None = None,
    absolute: timedelta = ABSOLUTE_LIFETIME,
    replacing: str | None = None,
    identity: Principal | None = None,
) -> tuple[str, Session]:
    """Start a session for ``username``: (the token for the cookie, the session).

    ``replacing``: the token the browser sent before signing in, if any; that session is
    ended in the same transaction. ``identity``: who the identity provider said the person
    is, for a person in no users file (its subject must be ``username``).
    """
    if identity is not None and identity.subject != username:
        raise ValueError("a session's identity is the identity of its username")
    _check_language(language)
    moment = _naive_utc(now)
    token = secrets.token_urlsafe(32)
    session = Session(
        username=username,
        csrf_token=secrets.token_urlsafe(32),
        language=language,
        created_at=moment,
        expires_at=moment + absolute,
        identity=identity,
    )
    with write_transaction(engine) as conn:
        if replacing:
            conn.execute(delete(web_sessions).where(_row(replacing)))
        conn.execute(
            web_sessions.insert().values(
                token_hash=token_hash(token),
                username=session.username,
                csrf_token=session.csrf_token,
                language=session.language,
                created_at=session.created_at,
                last_seen_at=moment,
                expires_at=session.expires_at,
                identity=_identity_text(identity),
            )
        )
    return token, session


def load_session(
    engine: Engine,
    *,
    token: str | None,
    now: datetime | None = None,
    idle: timedelta = IDLE_TIMEOUT,
) -> Session | None:
    """The live session of ``token``; None if unknown, past its end, or idle too long."""
    if not token:
        return None
    moment = _naive_utc(now)
    with read_transaction(engine) as conn:
        row = conn.execute(select(web_sessions).where(_row(token))).one_or_none()
    if row is None or moment >= row.expires_at or moment - row.last_seen_at >= idle:
        return None
    identity = _identity(row.username, row.identity)
    if row.identity is not None and identity is None:
        return None  # an organisation or role this version no longer knows
    if moment - row.last_seen_at >= TOUCH_INTERVAL:
        with write_transaction(engine) as conn:
            conn.execute(
                update(web_sessions)
                .where(_row(token), web_sessions.c.last_seen_at < moment)
                .values(last_seen_at=moment)
            )
    return Session(
        username=row.username,
        csrf_token=row.csrf_token,
        language=row.language,
        created_at=row.created_at,
        expires_at=row.expires_at,
        identity=identity,
    )


def _identity_text(identity: Principal | None) -> str | None:
    if identity is None:
        return None
    return json.dumps(
        {
            "name": identity.name,
            "organisation": identity.organisation.value,
            "role": identity.role.value,
            "sites": sorted(identity.sites),
        },
        separators=(",", ":"),
    )


def _identity(username: str, text: str | None) -> Principal | None:
    if text is None:
        return None
    try:
        data = json.loads(text)
        return Principal(
            subject=username,
            name=str(data["name"]),
            organisation=Organisation(data["organisation"]),
            role=Role(data["role"]),
            via="session",
            sites=frozenset(str(site) for site in data["sites"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


def end_session(engine: Engine, *, token: str | None) -> None:
    """Sign out: forget the session of ``token`` (nothing happens if there is none)."""
    if not token:
        return
    with write_transaction(engine) as conn:
        conn.execute(delete(web_sessions).where(_row(token)))


def end_sessions_of(engine: Engine, *, username: str) -> int:
    """End every session of ``username``; how many there were."""
    with write_transaction(engine) as conn:
        result = conn.execute(delete(web_sessions).where(web_sessions.c.username == username))
    return int(result.rowcount)


def set_language(engine: Engine, *, token: str, language: str) -> bool:
    """Switch the session's language; False if there is no such session."""
    _check_language(language)
    with write_transaction(engine) as conn:
        result = conn.execute(update(web_sessions).where(_row(token)).values(language=language))
    return bool(result.rowcount)


def purge_expired(
    engine: Engine, *, now: datetime | None = None, idle: timedelta = IDLE_TIMEOUT
) -> int:
    """Delete the sessions that have ended (absolutely or by idling); how many."""
    moment = _naive_utc(now)
    with write_transaction(engine) as conn:
        result = conn.execute(
            delete(web_sessions).where(
                or_(
                    web_sessions.c.expires_at <= moment,
                    web_sessions.c.last_seen_at <= moment - idle,
                )
            )
        )
    return int(result.rowcount)


def csrf_ok(session: Session, submitted: str | None) -> bool:
    """Whether ``submitted`` is the session's CSRF token (constant-time; False if absent)."""
    if not submitted:
        return False
    try:
        return hmac.compare_digest(session.csrf_token.encode(), submitted.encode())
    except UnicodeEncodeError:  # a lone surrogate cannot be the token
        return False


def _row(token: str) -> ColumnElement[bool]:
    return web_sessions.c.token_hash == token_hash(token)


def _naive_utc(moment: datetime | None) -> datetime:
    if moment is None:
        return utc_now()
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _check_language(language: str) -> None:
    if not language or len(language) > MAX_LANGUAGE_LENGTH:
        raise ValueError(f"a language tag has 1 to {MAX_LANGUAGE_LENGTH} characters")
