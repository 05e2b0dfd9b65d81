"""Failed sign-in attempts kept in the database, so every server process counts them together.

``StoredFailures`` is the ``FailureRecord`` the service uses: one row in ``sign_in_failures``
per failed attempt. With several server processes (``migrationpact serve --workers N``) they
all count into the same table, so the lockout allows five attempts per username and client, not
five per process, and a restart forgets nothing.

The row never holds the username: people sometimes type their password into the username
field, and that should not lie in a table in clear. It holds ``subject_hash``, the SHA-256 of a
fixed prefix and the username (the prefix keeps these hashes apart from any other SHA-256 of
the same text), and ``client_hash``, likewise for the client's address. Reserving a failure
also deletes every row from before the window, of every username, so the table stays small.

``reserve`` counts and notes an attempt in one transaction that no other reservation of the
same username can interleave with: on SQLite the writing transaction starts with ``BEGIN
IMMEDIATE`` and so holds the database's write lock from its first statement; on PostgreSQL it
first takes a transaction-scoped advisory lock on the username's hash. So fifty parallel
attempts see the counts 1, 2, 3, 4, 5 and then the lock: at most five passwords are checked.

Times are naive UTC, like everything in the store.

>>> subject_hash("ann") == subject_hash("ann") != subject_hash("Ann")
True
>>> len(subject_hash("ann")), "ann" in subject_hash("ann")
(64, False)
>>> client_hash("10.0.0.7") != subject_hash("10.0.0.7")
True
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Connection, Engine, and_, delete, func, insert, select

from migrationpact.auth.sessions import token_hash
from migrationpact.store.database import read_transaction, write_transaction
from migrationpact.store.tables import sign_in_failures

#: Put before the username when hashing it, so the value is only ever a sign-in subject's.
SUBJECT_PREFIX = "migrationpact sign-in failure:"
#: Put before the client's address when hashing it.
CLIENT_PREFIX = "migrationpact sign-in client:"
#: The first key of the PostgreSQL advisory locks taken here (the second is the username's).
ADVISORY_CLASS = 0x6D70  # "mp"


def subject_hash(username: str) -> str:
    """The key under which the failures of ``username`` are stored (SHA-256, hex)."""
    return token_hash(SUBJECT_PREFIX + username)


def client_hash(client: str) -> str:
    """The key under which the client of a failure is stored (SHA-256, hex)."""
    return token_hash(CLIENT_PREFIX + client)


class StoredFailures:
    """Failures per username and client in the ``sign_in_failures`` table of ``engine``."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def count(self, username: str, *, after: datetime, client: str | None = None) -> int:
        with read_transaction(self._engine) as conn:
            return _count(conn, username, after, client)

    def reserve(
        self, username: str, client: str, *, at: datetime, after: datetime, limit: int,
        forget_before: datetime,
    ) -> int | None:  # fmt: skip
        with write_transaction(self._engine) as conn:
            if conn.dialect.name == "postgresql":
                key = int(subject_hash(username)[:8], 16) - 2**31  # a signed 32-bit integer
                conn.execute(select(func.pg_advisory_xact_lock(ADVISORY_CLASS, key)))
            counted = _count(conn, username, after, client)
            if counted >= limit:
                return None
            conn.execute(
                delete(sign_in_failures).where(sign_in_failures.c.failed_at <= forget_before)
            )
            conn.execute(
                insert(sign_in_failures).values(
                    subject_hash=subject_hash(username),
                    client_hash=client_hash(client),
                    failed_at=at,
                )
            )
            return counted + 1

    def clear(self, username: str, *, client: str | None = None) -> int:
        with write_transaction(self._engine) as conn:
            result = conn.execute(delete(sign_in_failures).where(_rows(username, client)))
        return int(result.rowcount)


def _rows(username: str, client: str | None) -> ColumnElement[bool]:
    of_username = sign_in_failures.c.subject_hash == subject_hash(username)
    if client is None:
        return of_username
    return and_(of_username, sign_in_failures.c.client_hash == client_hash(client))


def _count(conn: Connection, username: str, after: datetime, client: str | None) -> int:
    query = (
        select(func.count())
        .select_from(sign_in_failures)
        .where(_rows(username, client), sign_in_failures.c.failed_at > after)
    )
    return int(conn.execute(query).scalar_one())
