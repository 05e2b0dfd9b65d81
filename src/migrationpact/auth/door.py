"""The door: every sign-in with a password passes here, the web form and the token endpoint alike.

``SignInDoor.attempt`` takes a username, a password and the client's address, and in this order:

1. counts the attempt against the client's rate (``ClientLimiter``): too many lately, and it is
   refused with ``TooManyAttemptsError`` (429) at once;
2. asks where the username stands (``UserDirectory.standing``), on the password gate's threads:
   locked for this client, and the answer is "locked" without a password check;
3. waits the username's progressive delay (``UserDirectory.delay``), asleep on the event loop,
   so the wait costs no thread;
4. checks the password (``UserDirectory.attempt``: counted first, then verified) on the gate's
   threads (``PasswordGate``); a full gate refuses with ``BusyError`` (503) before hashing.

Whatever the flood, the threads that serve every other request never run a password check,
and at most the gate's capacity of checks is under way at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from migrationpact.auth.throttle import ClientLimiter, PasswordGate
from migrationpact.auth.users import SignInAttempt, UserDirectory


class SignInDoor:
    """Bounded, rate-limited password sign-in in front of a ``UserDirectory``."""

    def __init__(
        self,
        users: UserDirectory,
        *,
        gate: PasswordGate,
        limiter: ClientLimiter,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.users = users
        self.gate = gate
        self.limiter = limiter
        self._sleep = sleep

    async def attempt(self, username: str, password: str, client: str) -> SignInAttempt:
        """The directory's answer; ``throttle.RefusedError`` when refused before any check."""
        self.limiter.hit(client)
        standing = await self.gate.run(self.users.standing, username, client)
        if standing.locked:
            return SignInAttempt(None, locked=True)
        delay = self.users.delay(standing.failures)
        if delay > 0:
            await self._sleep(delay)
        return await self.gate.run(self.users.attempt, username, password, client)

    async def locked(self, username: str, client: str) -> bool:
        """Whether ``username`` is locked for ``client`` (counted against its rate)."""
        self.limiter.hit(client)
        return await self.gate.run(self.users.locked, username, client)
