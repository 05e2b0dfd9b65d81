"""Web sessions in the ``web_sessions`` table, on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from migrationpact.access.model import Organisation, Principal, Role
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
from migrationpact.store.database import make_engine, read_transaction
from migrationpact.store.tables import web_sessions

T0 = datetime(2026, 7, 1, 8, 0)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A freshly migrated database (SQLite file or PostgreSQL schema, see the conftest)."""
    made = make_engine(db_url)
    yield made
    made.dispose()


def last_seen(engine: Engine, token: str) -> datetime:
    digest = hashlib.sha256(token.encode()).hexdigest()
    with read_transaction(engine) as conn:
        value: datetime = conn.execute(
            select(web_sessions.c.last_seen_at).where(web_sessions.c.token_hash == digest)
        ).scalar_one()
    return value


def test_a_started_session_loads(engine: Engine) -> None:
    token, session = start_session(engine, username="ann", language="en", now=T0)
    assert session == Session("ann", session.csrf_token, "en", T0, T0 + timedelta(hours=10))
    assert load_session(engine, token=token, now=T0 + timedelta(minutes=5)) == session


def test_only_the_hash_of_the_token_is_stored(engine: Engine) -> None:
    token, session = start_session(engine, username="ann", now=T0)
    with read_transaction(engine) as conn:
        (row,) = conn.execute(select(web_sessions)).all()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in tuple(str(value) for value in row)
    assert row.csrf_token == session.csrf_token


def test_every_login_gets_a_fresh_token_and_csrf_token(engine: Engine) -> None:
    started = [start_session(engine, username="ann", now=T0) for _ in range(5)]
    assert len({token for token, _ in started}) == 5
    assert len({session.csrf_token for _, session in started}) == 5
    assert all(len(token) >= 43 for token, _ in started)  # 32 random bytes


def test_signing_in_again_can_end_the_old_session(engine: Engine) -> None:
    old, _ = start_session(engine, username="ann", now=T0)
    new, _ = start_session(engine, username="ann", now=T0, replacing=old)
    assert new != old
    assert load_session(engine, token=old, now=T0) is None
    assert load_session(engine, token=new, now=T0) is not None


@pytest.mark.parametrize("token", [None, "", "not-a-session"])
def test_an_unknown_token_has_no_session(engine: Engine, token: str | None) -> None:
    start_session(engine, username="ann", now=T0)
    assert load_session(engine, token=token, now=T0) is None


def test_a_session_ends_after_idling(engine: Engine) -> None:
    token, _ = start_session(engine, username="ann", now=T0)
    assert load_session(engine, token=token, now=T0 + timedelta(minutes=29, seconds=59))
    later = T0 + timedelta(minutes=29, seconds=59)
    assert load_session(engine, token=token, now=later + timedelta(minutes=30)) is None


def test_activity_keeps_a_session_alive_up_to_its_absolute_end(engine: Engine) -> None:
    token, session = start_session(engine, username="ann", now=T0)
    moment = T0
    while moment + timedelta(minutes=20) < session.expires_at:
        moment += timedelta(minutes=20)
        assert load_session(engine, token=token, now=moment) is not None, moment
    assert load_session(engine, token=token, now=session.expires_at) is None


def test_a_shorter_absolute_lifetime(engine: Engine) -> None:
    token, session = start_session(engine, username="ann", now=T0, absolute=timedelta(hours=1))
    assert session.expires_at == T0 + timedelta(hours=1)
    for minutes in (20, 40, 59):
        assert load_session(engine, token=token, now=T0 + timedelta(minutes=minutes)) is not None
    assert load_session(engine, token=token, now=T0 + timedelta(hours=1)) is None


def test_last_seen_is_written_at_most_once_a_minute(engine: Engine) -> None:
    token, _ = start_session(engine, username="ann", now=T0)
    load_session(engine, token=token, now=T0 + timedelta(seconds=59))
    assert last_seen(engine, token) == T0
    load_session(engine, token=token, now=T0 + timedelta(seconds=61))
    assert last_seen(engine, token) == T0 + timedelta(seconds=61)


def test_aware_times_are_taken_as_utc(engine: Engine) -> None:
    token, session = start_session(engine, username="ann", now=T0.replace(tzinfo=UTC))
    assert session.created_at == T0
    assert load_session(engine, token=token, now=T0.replace(tzinfo=UTC)) == session


def test_signing_out_ends_the_session(engine: Engine) -> None:
    token, _ = start_session(engine, username="ann", now=T0)
    end_session(engine, token=token)
    end_session(engine, token=token)  # twice is harmless
    end_session(engine, token=None)
    assert load_session(engine, token=token, now=T0) is None


def test_ending_all_sessions_of_a_person(engine: Engine) -> None:
    ann = [start_session(engine, username="ann", now=T0)[0] for _ in range(3)]
    bob, _ = start_session(engine, username="bob", now=T0)
    assert end_sessions_of(engine, username="ann") == 3
    assert end_sessions_of(engine, username="ann") == 0
    assert all(load_session(engine, token=t, now=T0) is None for t in ann)
    assert load_session(engine, token=bob, now=T0) is not None


def test_switching_language(engine: Engine) -> None:
    token, _ = start_session(engine, username="ann", now=T0)
    assert set_language(engine, token=token, language="en")
    loaded = load_session(engine, token=token, now=T0)
    assert loaded is not None
    assert loaded.language == "en"
    assert not set_language(engine, token="unknown", language="en")
    with pytest.raises(ValueError, match="language"):
        set_language(engine, token=token, language="much-too-long")


def test_purging_removes_only_ended_sessions(engine: Engine) -> None:
    start_session(engine, username="short", now=T0, absolute=timedelta(minutes=10))
    idle, _ = start_session(engine, username="idle", now=T0)
    active, _ = start_session(engine, username="active", now=T0)
    assert load_session(engine, token=active, now=T0 + timedelta(minutes=25))
    assert purge_expired(engine, now=T0 + timedelta(minutes=31)) == 2
    assert load_session(engine, token=idle, now=T0 + timedelta(minutes=31)) is None
    assert load_session(engine, token=active, now=T0 + timedelta(minutes=31)) is not None
    assert purge_expired(engine, now=T0 + timedelta(minutes=31)) == 0


def test_csrf_tokens_are_compared_exactly(engine: Engine) -> None:
    _, session = start_session(engine, username="ann", now=T0)
    _, other = start_session(engine, username="ann", now=T0)
    assert csrf_ok(session, session.csrf_token)
    assert not csrf_ok(session, other.csrf_token)
    assert not csrf_ok(session, session.csrf_token[:-1])
    assert not csrf_ok(session, session.csrf_token + "x")
    assert not csrf_ok(session, "")
    assert not csrf_ok(session, None)
    assert not csrf_ok(session, "\ud800")


def test_the_names_the_web_layer_uses() -> None:
    assert (SESSION_COOKIE, CSRF_FIELD, CSRF_HEADER) == ("mp_session", "csrf_token", "X-CSRF-Token")


def test_a_session_keeps_the_identity_the_provider_gave(engine: Engine) -> None:
    who = Principal("u-1", "Anna", Organisation.COA, Role.SITE_MANAGER, "session",
                    frozenset({"TER-APEL-COL"}))  # fmt: skip
    token, session = start_session(engine, username="u-1", now=T0, identity=who)
    loaded = load_session(engine, token=token, now=T0 + timedelta(minutes=1))
    assert loaded is not None
    assert loaded.identity == who
    assert session.identity == who
    plain, _ = start_session(engine, username="ann", now=T0)
    found = load_session(engine, token=plain, now=T0)
    assert found is not None
    assert found.identity is None
    with pytest.raises(ValueError, match="identity of its username"):
        start_session(engine, username="someone-else", now=T0, identity=who)
