"""Parallel sign-in attempts check at most five passwords, on SQLite and on PostgreSQL.

The attempt is counted before its password is checked, in one atomic step with the check of
the limit (F5 of the December 2026 probe: counting after a 260 ms argon2 check let 15–30
guesses through per burst). A password check here takes a while on purpose (like argon2id),
so that every attempt of the burst is in flight at once; what is asserted is how many
passwords were checked, never how long anything took.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.stored_failures import StoredFailures
from migrationpact.auth.users import User, UserDirectory
from migrationpact.store.database import make_engine
from tests.support.passwords import CHEAP
from tests.support.signin import CountingChecks

ANN = User("ann", "Ann de Vries", Organisation.IND, Role.CASEWORKER, CHEAP.hash("ann-password"))


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> CountingChecks:
    counting = CountingChecks()
    monkeypatch.setattr("migrationpact.auth.users.verify_password", counting)
    return counting


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    made = make_engine(db_url, pool_size=20) if "postgresql" in db_url else make_engine(db_url)
    yield made
    made.dispose()


def burst(directory: UserDirectory, username: str, attempts: int = 50) -> list[bool]:
    """``attempts`` wrong passwords at once: whether each said "locked"."""
    with ThreadPoolExecutor(attempts) as pool:
        answers = list(pool.map(lambda n: directory.attempt(username, f"wrong-{n}"), range(50)))
    assert all(a.user is None for a in answers)
    return [a.locked for a in answers]


def test_fifty_parallel_wrong_passwords_check_at_most_five(
    engine: Engine, checks: CountingChecks
) -> None:
    directory = UserDirectory([ANN], failure_record=StoredFailures(engine))
    locked = burst(directory, "ann")
    assert checks.checked == 5
    assert locked.count(False) == 4  # the fifth failure reports the lock, as do the refused
    assert directory.failures("ann") == 5
    assert directory.authenticate("ann", "ann-password") is None  # locked for this client


def test_fifty_parallel_attempts_in_memory_check_at_most_five(checks: CountingChecks) -> None:
    directory = UserDirectory([ANN])
    burst(directory, "nobody")
    assert checks.checked == 5
    assert directory.failures("nobody") == 5
