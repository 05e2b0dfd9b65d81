"""Failed sign-in attempts kept in the database, so every server process counts them together.

``StoredFailures`` is the ``FailureRecord`` the service uses: one row in ``sign_in_failures``
per failed attempt. With several server processes (``migrationpact serve --workers N``) they
all count into the same table, so the lockout allows five attempts per username, not five per
process, and a restart forgets nothing.

The row never holds the username: people sometimes type their password into the username
field, and that should not lie in a table in clear. It holds ``subject_hash``, the SHA-256 of a
fixed prefix and the username (the prefix keeps these hashes apart from any other SHA-256 of
the same text). Adding a failure also deletes every row from before the window, of every
username, so the table stays small.

Counting and adding are separate transactions. Two processes (or two requests in one) that
check the same username at the same moment may therefore each let one attempt through beyond
the limit. That is accepted: the lockout slows guessing down to a handful of tries per
window, one more try now and then does not change that, and so no lock is taken for it.

Times are naive UTC, like everything in the store.

>>> subject_hash("ann") == subject_hash("ann") != subject_hash("Ann")
True
>>> len(subject_hash("ann")), "ann" in subject_hash("ann")
(64, False)
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, func, insert, select

from migrationpact.auth.sessions import token_hash
from migrationpact.store.database import read_transaction, write_transaction
from migrationpact.store.tables import sign_in_failures

#: Put before the username when hashing it, so the value is only ever a sign-in subject's.
SUBJECT_PREFIX = "migrationpact sign-in failure:"


def subject_hash(username: str) -> str:
    """The key under which the failures of ``username`` are stored (SHA-256, hex)."""
    return token_hash(SUBJECT_PREFIX + username)


class StoredFailures:
    """Failures per username in the ``sign_in_failures`` table of ``engine``."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def count(self, username: str, *, after: datetime) -> int:
        query = (
            select(func.count())
            .select_from(sign_in_failures)
            .where(
                sign_in_failures.c.subject_hash == subject_hash(username),
                sign_in_failures.c.failed_at > after,
            )
        )
        with read_transaction(self._engine) as conn:
            return int(conn.execute(query).scalar_one())

    def add(self, username: str, *, at: datetime, forget_before: datetime) -> None:
        with write_transaction(self._engine) as conn:
            conn.execute(
                delete(sign_in_failures).where(sign_in_failures.c.failed_at <= forget_before)
            )
            conn.execute(
                insert(sign_in_failures).values(subject_hash=subject_hash(username), failed_at=at)
            )

    def clear(self, username: str) -> None:
        with write_transaction(self._engine) as conn:
            conn.execute(
                delete(sign_in_failures).where(
                    sign_in_failures.c.subject_hash == subject_hash(username)
                )
            )
