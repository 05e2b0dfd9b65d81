"""The sign-in door: a rate per client, the lock per username and client, the progressive delay."""

from __future__ import annotations

import pytest

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.door import SignInDoor
from migrationpact.auth.throttle import ClientLimiter, PasswordGate, TooManyAttemptsError
from migrationpact.auth.users import Lockout, User, UserDirectory
from tests.support.aio import run_async
from tests.support.clocks import SettableClock
from tests.support.passwords import CHEAP

ANN = User("ann", "Ann de Vries", Organisation.IND, Role.CASEWORKER, CHEAP.hash("ann-password"))


class Door:
    def __init__(self, *, limit: int = 1000) -> None:
        self.slept: list[float] = []
        self.lockouts: list[Lockout] = []
        self.clock = SettableClock()
        self.users = UserDirectory([ANN], clock=self.clock, on_lockout=self.lockouts.append)
        self.door = SignInDoor(
            self.users,
            gate=PasswordGate(workers=1, waiting=4),
            limiter=ClientLimiter(limit=limit, seconds=60),
            sleep=self._sleep,
        )

    async def _sleep(self, seconds: float) -> None:
        self.slept.append(seconds)

    def attempt(self, password: str, client: str) -> tuple[bool, bool]:
        answer = run_async(self.door.attempt("ann", password, client))
        return answer.user is not None, answer.locked


def test_the_delay_grows_with_the_username_s_failures_from_everyone_and_never_locks() -> None:
    door = Door()
    for n in range(5):
        door.attempt("wrong", f"10.0.0.{n}")  # five clients, one failure each
    assert door.slept == []
    assert not any(door.users.locked("ann", f"10.0.0.{n}") for n in range(5))
    for n in range(5, 10):
        door.attempt("wrong", f"10.0.0.{n}")
    assert door.slept == [1.0, 2.0, 4.0, 8.0, 8.0]  # doubling, at most eight seconds
    assert door.attempt("ann-password", "10.0.1.1") == (True, False)  # the owner gets in
    assert door.lockouts == []


def test_a_locked_client_is_refused_without_delay_or_check_and_the_lock_reported() -> None:
    door = Door()
    answers = [door.attempt("wrong", "10.0.0.66") for _ in range(5)]
    assert answers[-1] == (False, True)  # the fifth failure locks
    assert [(x.username, x.client, x.known) for x in door.lockouts] == [("ann", "10.0.0.66", True)]
    assert door.attempt("ann-password", "10.0.0.66") == (False, True)
    assert door.slept == []  # refused before the delay
    assert len(door.lockouts) == 1
    assert door.users.unlock("ann") == 5
    assert door.attempt("ann-password", "10.0.0.66") == (True, False)


def test_the_rate_counts_attempts_per_client() -> None:
    door = Door(limit=2)
    door.attempt("wrong", "10.0.0.1")
    door.attempt("wrong", "10.0.0.1")
    with pytest.raises(TooManyAttemptsError) as caught:
        door.attempt("ann-password", "10.0.0.1")
    assert caught.value.retry_after == 60
    assert door.users.failures("ann") == 2  # refused before the directory was asked
    assert door.attempt("ann-password", "10.0.0.2") == (True, False)


def test_the_limiter_forgets_attempts_older_than_its_window() -> None:
    now = [0.0]
    limiter = ClientLimiter(limit=1, seconds=10, clock=lambda: now[0])
    limiter.hit("a")
    now[0] = 9.5
    with pytest.raises(TooManyAttemptsError) as caught:
        limiter.hit("a")
    assert caught.value.retry_after == 1
    now[0] = 10.0
    limiter.hit("a")
