"""The sign-in lockout counted in ``sign_in_failures``, on SQLite and on PostgreSQL.

Each ``UserDirectory`` here stands for one server process: two of them on the same database
(each with its own engine, as two processes would have) must see one count.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from sqlalchemy import Engine, func, select

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.stored_failures import SUBJECT_PREFIX, StoredFailures, subject_hash
from migrationpact.auth.users import MAX_FAILURES, User, UserDirectory
from migrationpact.store.database import make_engine, read_transaction
from migrationpact.store.tables import sign_in_failures
from tests.support.clocks import SettableClock
from tests.support.lockout import check_five_failures_lock_until_the_window_passes
from tests.support.passwords import CHEAP

ANN = User("ann", "Ann de Vries", Organisation.IND, Role.CASEWORKER, CHEAP.hash("ann-password"))
BOB = User("bob", "Bob Smit", Organisation.KMAR, Role.CASEWORKER, CHEAP.hash("bob-password"))


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture
def engines(db_url: str) -> Iterator[Callable[[], Engine]]:
    """Engines on one freshly migrated database, one per simulated server process."""
    made: list[Engine] = []

    def make() -> Engine:
        made.append(make_engine(db_url))
        return made[-1]

    yield make
    for engine in made:
        engine.dispose()


@pytest.fixture
def engine(engines: Callable[[], Engine]) -> Engine:
    return engines()


def process(
    engine: Engine, clock: SettableClock, *, max_failures: int = MAX_FAILURES
) -> UserDirectory:
    """The user directory one server process would have: its failures in the database."""
    return UserDirectory(
        [ANN, BOB], clock=clock, max_failures=max_failures, failure_record=StoredFailures(engine)
    )


@pytest.fixture
def directory(engine: Engine, clock: SettableClock) -> UserDirectory:
    return process(engine, clock)


def rows(engine: Engine) -> list[tuple[object, ...]]:
    with read_transaction(engine) as conn:
        return [tuple(row) for row in conn.execute(select(sign_in_failures))]


def test_five_failures_lock_the_username_until_the_window_passes(
    directory: UserDirectory, clock: SettableClock
) -> None:
    check_five_failures_lock_until_the_window_passes(directory, clock, ANN, "ann-password")


def test_a_successful_sign_in_clears_the_count(
    directory: UserDirectory, engine: Engine, clock: SettableClock
) -> None:
    for _ in range(4):
        directory.authenticate("ann", "wrong")
    directory.authenticate("bob", "wrong")
    assert directory.authenticate("ann", "ann-password") == ANN
    assert directory.failures("ann") == 0
    assert directory.failures("bob") == 1  # only ann's count is cleared
    assert len(rows(engine)) == 1
    for _ in range(4):
        directory.authenticate("ann", "wrong")
    assert not directory.locked("ann")  # four new failures, not eight


def test_the_lock_is_per_username(directory: UserDirectory) -> None:
    for _ in range(5):
        directory.authenticate("ann", "wrong")
    assert directory.locked("ann")
    assert not directory.locked("bob")
    assert directory.authenticate("bob", "bob-password") == BOB


def test_unknown_usernames_are_counted_and_locked_like_known_ones(
    directory: UserDirectory,
) -> None:
    for attempt in range(5):
        assert directory.failures("nobody") == attempt
        assert directory.authenticate("nobody", "guess") is None
    assert directory.locked("nobody")


def test_two_processes_share_one_count(engines: Callable[[], Engine], clock: SettableClock) -> None:
    first, second = process(engines(), clock), process(engines(), clock)
    for _ in range(3):
        assert first.authenticate("ann", "wrong") is None
    for _ in range(2):
        assert second.authenticate("ann", "wrong") is None
    assert first.failures("ann") == second.failures("ann") == 5
    assert first.locked("ann")
    assert second.locked("ann")
    assert first.authenticate("ann", "ann-password") is None
    assert second.authenticate("ann", "ann-password") is None
    clock.advance(minutes=15)
    assert second.authenticate("ann", "ann-password") == ANN
    assert first.failures("ann") == 0  # one process's success clears the other's count


def test_a_restarted_process_still_sees_the_count(
    engines: Callable[[], Engine], clock: SettableClock
) -> None:
    before = engines()
    for _ in range(5):
        process(before, clock).authenticate("ann", "wrong")
    before.dispose()
    after = process(engines(), clock)
    assert after.locked("ann")
    assert after.authenticate("ann", "ann-password") is None


def test_attempts_while_locked_are_not_stored(
    directory: UserDirectory, engine: Engine, clock: SettableClock
) -> None:
    for _ in range(5):
        directory.authenticate("ann", "wrong")
    for _ in range(20):
        clock.advance(seconds=1)
        directory.authenticate("ann", "wrong")
    assert len(rows(engine)) == 5


def test_the_table_holds_no_username_in_clear(directory: UserDirectory, engine: Engine) -> None:
    typed_by_mistake = "ann-password"  # a password typed into the username field
    directory.authenticate("ann", "wrong")
    directory.authenticate(typed_by_mistake, "ann-password")
    stored = rows(engine)
    assert len(stored) == 2
    text = " ".join(str(value) for row in stored for value in row)
    assert "ann" not in text
    assert typed_by_mistake not in text
    hashes = {row[1] for row in stored}
    expected = {
        hashlib.sha256((SUBJECT_PREFIX + name).encode()).hexdigest()
        for name in ("ann", typed_by_mistake)
    }
    assert hashes == expected
    assert hashlib.sha256(b"ann").hexdigest() not in hashes  # the prefix is part of it
    assert subject_hash("ann") in hashes


def test_recording_a_failure_deletes_every_username_s_old_rows(
    directory: UserDirectory, engine: Engine, clock: SettableClock
) -> None:
    for name in ("ann", "bob", "nobody"):
        directory.authenticate(name, "wrong")
    clock.advance(minutes=10)
    directory.authenticate("ann", "wrong")  # nothing is old yet
    assert len(rows(engine)) == 4
    clock.advance(minutes=5)  # the first three are now exactly a window old
    directory.authenticate("bob", "wrong")
    with read_transaction(engine) as conn:
        left = conn.execute(
            select(sign_in_failures.c.subject_hash, sign_in_failures.c.failed_at).order_by(
                sign_in_failures.c.failed_at
            )
        ).all()
    assert [(row.subject_hash, row.failed_at) for row in left] == [
        (subject_hash("ann"), datetime(2026, 7, 1, 9, 10)),
        (subject_hash("bob"), datetime(2026, 7, 1, 9, 15)),
    ]


def test_concurrent_failures_are_all_counted(engine: Engine, clock: SettableClock) -> None:
    directory = process(engine, clock, max_failures=1000)
    threads = [
        threading.Thread(target=directory.authenticate, args=("ann", "wrong")) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert directory.failures("ann") == 8
    with read_transaction(engine) as conn:
        count = conn.execute(select(func.count()).select_from(sign_in_failures)).scalar_one()
    assert count == 8
