"""Authentication: finding out who is making a request (not what they may do).

Two kinds of callers are recognised, and both end up as an ``access.model.Principal``:

- programs send an OAuth2 bearer token, a JWT signed by a trusted OpenID Connect provider or,
  in development and the demo, by the built-in ``DevIssuer`` (``tokens``);
- people in a browser sign in with username and password (``users``, ``passwords``) and then
  carry a server-side web session in a cookie, with a CSRF token for forms (``sessions``).
  Failed passwords are counted per username for the lockout (``failures``), in memory
  (``memory_failures``) or, in the service, in the store (``stored_failures``).

What a principal may then see and do is decided elsewhere (``access.policy``). The pieces
here have no web framework in them; the API wires them to HTTP. See ``docs/auth.md``.
"""

from migrationpact.auth.failures import FailureRecord
from migrationpact.auth.memory_failures import MemoryFailures
from migrationpact.auth.passwords import hash_password, needs_rehash, verify_password
from migrationpact.auth.sessions import (
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    Session,
    csrf_ok,
    end_session,
    end_sessions_of,
    load_session,
    purge_expired,
    set_language,
    start_session,
)
from migrationpact.auth.stored_failures import StoredFailures
from migrationpact.auth.tokens import (
    AuthenticationError,
    DevIssuer,
    KeysUnavailableError,
    TokenSettings,
    TokenVerifier,
)
from migrationpact.auth.users import User, UserDirectory, UserFileError, load_users

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "AuthenticationError",
    "DevIssuer",
    "FailureRecord",
    "KeysUnavailableError",
    "MemoryFailures",
    "Session",
    "StoredFailures",
    "TokenSettings",
    "TokenVerifier",
    "User",
    "UserDirectory",
    "UserFileError",
    "csrf_ok",
    "end_session",
    "end_sessions_of",
    "hash_password",
    "load_session",
    "load_users",
    "needs_rehash",
    "purge_expired",
    "set_language",
    "start_session",
    "verify_password",
]
