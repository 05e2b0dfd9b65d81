"""A record of every sign-in lockout, every administrator's unlock and every sign-in the
identity provider's answer could not complete, in the access log.

A lockout is worth a monitor's attention: five wrong passwords from one client may be someone
guessing. ``LockoutLog`` is the ``UserDirectory.on_lockout`` of the service: it writes one
access-log row per lockout (action ``sign-in.locked``, outcome ``denied``) and a warning on the
``migrationpact.auth`` logger, for alerting. ``log_unlock`` writes the row of an unlock
(``sign-in.unlocked``, by the operator at the command line).

The username is named only when it belongs to a user: an unknown one may be a password typed
into the wrong field, so it is named by a prefix of its hash instead. The client's address is
named by a prefix of its hash too (the log says *that* one client was locked, not where from).

``log_refused_sign_in`` writes the row of a sign-in at the OpenID Connect provider that was
refused here (action ``sign-in.refused``, outcome ``denied``): claims that map to no
organisation and role, or an answer that does not verify. The provider's subject is named (it
is an identifier, never a password); the reason is the one-line reason of the refusal.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from migrationpact.auth.stored_failures import client_hash, subject_hash
from migrationpact.auth.users import Lockout, UserDirectory
from migrationpact.store.accesslog import AccessEntry, log_operator_action, write_entry
from migrationpact.store.eventstore import utc_now

log = logging.getLogger("migrationpact.auth")


def shown_username(username: str, *, known: bool) -> str:
    """The username as the log shows it: itself if known, else a prefix of its hash.

    >>> shown_username("ann", known=True)
    'ann'
    >>> shown = shown_username("s3cret", known=False)
    >>> shown.startswith("unknown:"), "s3cret" in shown, len(shown)
    (True, False, 20)
    """
    return username if known else f"unknown:{subject_hash(username)[:12]}"


class LockoutLog:
    """Writes each lockout of ``users`` to the access log of ``engine``."""

    def __init__(self, engine: Engine, users: UserDirectory | None = None) -> None:
        self._engine = engine
        self._users = users

    def __call__(self, lockout: Lockout) -> None:
        shown = shown_username(lockout.username, known=lockout.known)
        user = self._users.get(lockout.username) if self._users is not None else None
        minutes = int(lockout.window.total_seconds() // 60)
        write_entry(
            self._engine,
            AccessEntry(
                at=lockout.at,
                actor=f"sign-in:{shown}"[:128],
                organisation=user.organisation.value if user else "unknown",
                role=user.role.value if user else "unknown",
                action="sign-in.locked",
                resource=f"user:{shown}"[:200],
                case_id=None,
                fields=(),
                purpose=f"{minutes} minutes for client {client_hash(lockout.client)[:12]}",
                outcome="denied",
                channel="sign-in",
            ),
        )
        log.warning(
            "sign-in locked: user %s, client %s, for %d minutes",
            shown,
            client_hash(lockout.client)[:12],
            minutes,
        )


def log_unlock(engine: Engine, *, operator: str, username: str, known: bool, forgot: int) -> None:
    """Write the access-log row of an administrator's unlock of ``username``."""
    shown = shown_username(username, known=known)
    log_operator_action(
        engine,
        operator=operator[:120],
        action="sign-in.unlocked",
        resource=f"user:{shown}"[:200],
        purpose=f"unlock: {forgot} failed attempt(s) forgotten",
    )
    log.warning("sign-in unlocked: user %s by %s", shown, operator)


def log_refused_sign_in(engine: Engine, *, subject: str | None, reason: str, client: str) -> None:
    """Write the access-log row of a refused sign-in at the provider, and a warning."""
    shown = f"oidc:{subject}" if subject else "oidc:unknown"
    write_entry(
        engine,
        AccessEntry(
            at=utc_now(),
            actor=shown[:128],
            organisation="unknown",
            role="unknown",
            action="sign-in.refused",
            resource=f"user:{shown}"[:200],
            case_id=None,
            fields=(),
            purpose=f"{reason[:160]} (client {client_hash(client)[:12]})",
            outcome="denied",
            channel="sign-in",
        ),
    )
    log.warning("sign-in refused: %s: %s", shown, reason)
