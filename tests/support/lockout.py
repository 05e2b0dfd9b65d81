"""The lockout's behaviour over time, checked the same way whichever record counts the failures."""

from __future__ import annotations

from migrationpact.auth.users import User, UserDirectory
from tests.support.clocks import SettableClock


def check_five_failures_lock_until_the_window_passes(
    directory: UserDirectory, clock: SettableClock, user: User, password: str
) -> None:
    """Four failures a minute apart do not lock ``user``; the fifth does, for the right password
    too, until the first failure is 15 minutes old; then the right password signs in and clears
    the count."""
    name = user.username
    for _ in range(4):
        assert directory.authenticate(name, "wrong") is None
        clock.advance(minutes=1)
    assert not directory.locked(name)
    assert directory.authenticate(name, "wrong") is None
    assert directory.locked(name)
    assert directory.failures(name) == 5
    assert directory.authenticate(name, password) is None  # even the right password
    clock.advance(minutes=10, seconds=59)  # 14:59 after the first failure
    assert directory.locked(name)
    clock.advance(seconds=1)  # the first failure leaves the window
    assert not directory.locked(name)
    assert directory.failures(name) == 4
    assert directory.authenticate(name, password) == user
    assert directory.failures(name) == 0  # success clears the count
