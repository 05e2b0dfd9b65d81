"""Bounds on sign-in work: a small executor for password checks, and a rate per client.

A password check is deliberately expensive (argon2id: 64 MiB and a few hundred milliseconds),
so a flood of sign-in attempts, with or without real usernames, must not take the service's
memory and threads. Two bounds sit in front of it:

- ``PasswordGate``: password checks run on a dedicated thread pool of ``workers`` threads (not
  the pool that serves every other route), and at most ``workers + waiting`` attempts are in it
  at once, running or queued. One more is refused at once with ``BusyError``, before anything is
  hashed, so memory stays at ``workers`` × 64 MiB and an ordinary read never waits behind a
  password;
- ``ClientLimiter``: at most ``limit`` attempts per client (its address) within ``seconds``;
  one more is refused with ``TooManyAttemptsError`` until the oldest leaves the window.

Both are per server process; several processes (``serve --workers N``) each have their own, and
a reverse proxy in front should limit sign-in too (``docs/auth.md``). Neither knows HTTP: the
API and the pages turn the refusals into 503 and 429 with ``Retry-After``.

>>> limiter = ClientLimiter(limit=2, seconds=60, clock=lambda: 100.0)
>>> limiter.hit("10.0.0.7"), limiter.hit("10.0.0.7"), limiter.hit("10.0.0.8")
(None, None, None)
>>> try:
...     limiter.hit("10.0.0.7")
... except TooManyAttemptsError as refused:
...     print(refused.retry_after)
60
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

_T = TypeVar("_T")

#: Seconds a caller refused by a full gate is told to wait.
BUSY_RETRY_AFTER = 1
#: Past this many clients, a hit sweeps out the clients whose attempts are all old.
PRUNE_AT = 10_000


class RefusedError(Exception):
    """A sign-in attempt refused before any password was checked; retry after some seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)


class BusyError(RefusedError):
    """Every password-check place is taken (the service answers 503)."""


class TooManyAttemptsError(RefusedError):
    """This client has made too many attempts lately (the service answers 429)."""


class PasswordGate:
    """A bounded, dedicated executor for password checks (see the module's docstring)."""

    def __init__(self, *, workers: int = 2, waiting: int = 8) -> None:
        if workers < 1 or waiting < 0:
            raise ValueError("a password gate needs at least one worker and no negative queue")
        self.capacity = workers + waiting
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="password")
        self._inside = 0
        self._lock = threading.Lock()

    @property
    def inside(self) -> int:
        """Attempts in the gate now, running or queued."""
        return self._inside

    async def run(self, work: Callable[..., _T], *args: object) -> _T:
        """``work(*args)`` on the gate's threads; ``BusyError`` at once if the gate is full."""
        with self._lock:
            if self._inside >= self.capacity:
                raise BusyError("too many sign-ins at once", BUSY_RETRY_AFTER)
            self._inside += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, partial(work, *args))
        finally:
            with self._lock:
                self._inside -= 1

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class ClientLimiter:
    """At most ``limit`` sign-in attempts per client within ``seconds`` (a sliding window)."""

    def __init__(
        self, *, limit: int, seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if limit < 1 or seconds <= 0:
            raise ValueError("a rate limit needs at least one attempt in a positive time")
        self.limit = limit
        self.seconds = seconds
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, client: str) -> None:
        """Count an attempt of ``client``; ``TooManyAttemptsError`` (not counted) when over."""
        now = self._clock()
        with self._lock:
            if len(self._hits) >= PRUNE_AT:
                self._prune(now)
            hits = self._hits.setdefault(client, deque())
            _forget(hits, now - self.seconds)
            if len(hits) >= self.limit:
                wait = math.ceil(hits[0] + self.seconds - now)
                raise TooManyAttemptsError("too many sign-in attempts from this client", wait)
            hits.append(now)

    def _prune(self, now: float) -> None:
        for client in list(self._hits):
            _forget(self._hits[client], now - self.seconds)
            if not self._hits[client]:
                del self._hits[client]


def _forget(hits: deque[float], before: float) -> None:
    while hits and hits[0] <= before:
        hits.popleft()
