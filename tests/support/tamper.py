"""Changing stored rows behind the store's back, as an intruder with the tables' owner's (or a
superuser's) rights would: with the append-only triggers out of the way.

On PostgreSQL the transaction runs with ``session_replication_role = replica`` (a superuser's
setting, under which ordinary triggers do not fire); on SQLite the triggers of the tables are
dropped for the statement and made again before the transaction commits. Tests of ``audit
verify`` use it to show what the chains find when the triggers did not stop a rewrite.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, text


def tamper(engine: Engine, statement: str, **params: Any) -> None:
    """Run ``statement`` (with ``params``) past the append-only triggers, in one transaction."""
    with engine.begin() as conn:
        tamper_in(conn, statement, **params)


def tamper_in(conn: Connection, statement: str, **params: Any) -> None:
    """``tamper`` inside the caller's transaction."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(statement), params)
        conn.execute(text("SET LOCAL session_replication_role = origin"))
        return
    triggers = conn.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL")
    ).all()
    for name, _ in triggers:
        conn.execute(text(f'DROP TRIGGER "{name}"'))
    conn.execute(text(statement), params)
    for _, sql in triggers:
        conn.execute(text(sql))
