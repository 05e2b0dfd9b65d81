"""Failed sign-in attempts kept in this process's memory.

``MemoryFailures`` is the ``FailureRecord`` of a ``UserDirectory`` that has no database: unit
tests, doctests, a quick script. Per username it keeps the moments (and clients) of the failures
in a deque. It is exact within one process, and only there: a second server process keeps its
own counts, and a restart forgets them (``StoredFailures`` shares them through the database).
One lock guards everything, so ``reserve`` is atomic between threads.

>>> from datetime import datetime
>>> nine = datetime(2026, 7, 1, 9, 0)
>>> record = MemoryFailures()
>>> for minute in (0, 1, 2):
...     record.add("ann", at=nine.replace(minute=minute), forget_before=datetime(2026, 7, 1))
>>> record.count("ann", after=nine), record.count("bob", after=nine)
(2, 0)
>>> record.clear("ann")
3
>>> record.count("ann", after=datetime(2026, 7, 1))
0
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import datetime

#: Past this many usernames, every ``add`` sweeps out the usernames whose failures are all old,
#: so guessing many names cannot grow the memory without bound.
PRUNE_AT = 10_000


class MemoryFailures:
    """Failures per username in a dict of deques, safe to share between threads."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[tuple[datetime, str]]] = {}
        self._lock = threading.Lock()

    def count(self, username: str, *, after: datetime, client: str | None = None) -> int:
        with self._lock:
            return self._count(username, after, client)

    def add(
        self, username: str, *, at: datetime, forget_before: datetime, client: str = ""
    ) -> None:
        """Note a failure of ``username`` from ``client`` at ``at``, without any limit."""
        with self._lock:
            self._add(username, client, at, forget_before)

    def reserve(
        self, username: str, client: str, *, at: datetime, after: datetime, limit: int,
        forget_before: datetime,
    ) -> int | None:  # fmt: skip
        with self._lock:
            counted = self._count(username, after, client)
            if counted >= limit:
                return None
            self._add(username, client, at, forget_before)
            return counted + 1

    def clear(self, username: str, *, client: str | None = None) -> int:
        with self._lock:
            failures = self._failures.pop(username, deque())
            if client is None:
                return len(failures)
            kept = deque(f for f in failures if f[1] != client)
            if kept:
                self._failures[username] = kept
            return len(failures) - len(kept)

    def _count(self, username: str, after: datetime, client: str | None) -> int:
        return sum(
            1
            for moment, source in self._failures.get(username, ())
            if moment > after and (client is None or source == client)
        )

    def _add(self, username: str, client: str, at: datetime, forget_before: datetime) -> None:
        if len(self._failures) >= PRUNE_AT:
            self._prune(forget_before)
        failures = self._failures.setdefault(username, deque())
        _forget_old(failures, forget_before)
        failures.append((at, client))

    def _prune(self, forget_before: datetime) -> None:
        for name in list(self._failures):
            _forget_old(self._failures[name], forget_before)
            if not self._failures[name]:
                del self._failures[name]


def _forget_old(failures: deque[tuple[datetime, str]], forget_before: datetime) -> None:
    # Failures arrive in clock order, so the old ones are all at the left.
    while failures and failures[0][0] <= forget_before:
        failures.popleft()
