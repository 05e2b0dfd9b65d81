"""The failure record: the failed sign-in attempts a lockout counts.

A ``UserDirectory`` refuses a username *from one client* after too many wrong passwords in a
short while, and slows the username down for everyone once it has had that many from all
clients together. To decide that it needs a memory of failed attempts: per username and client
(the caller's address, or ``""`` when unknown), the moments they happened. A ``FailureRecord``
is that memory, reduced to the questions a lockout asks:

- ``count``: how many failures of this username (from one client, or from all) happened after
  a given moment;
- ``reserve``: *before* a password is checked, count the attempt as a failure, in one atomic
  step with the check of the limit: if this username and client already have ``limit``
  failures, nothing is noted and the answer is None; else the failure is noted (and every
  failure, of anyone, from before ``forget_before`` forgotten) and the answer is the number of
  failures of this username and client, this one included. Counting first is what makes the
  limit hold for parallel attempts: each one in flight is already counted;
- ``clear``: forget this username's failures, from one client (it has just signed in there and
  its reserved failure was none) or from all (an administrator's unlock).

The record keeps no policy: the directory decides the window and the limit and hands the
moments in, so every record counts the same way. Two records exist: ``MemoryFailures`` (one
process, the default) and ``StoredFailures`` (a database table that every server process
shares). Times are naive UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class FailureRecord(Protocol):
    """Failed sign-in attempts per username and client."""

    def count(self, username: str, *, after: datetime, client: str | None = None) -> int:
        """How many failures of ``username`` happened strictly after ``after`` (from
        ``client``; None: from every client)."""
        ...

    def reserve(
        self, username: str, client: str, *, at: datetime, after: datetime, limit: int,
        forget_before: datetime,
    ) -> int | None:  # fmt: skip
        """Atomically: None if ``username`` from ``client`` has ``limit`` failures after
        ``after``; else note a failure at ``at`` and return the count, this one included."""
        ...

    def clear(self, username: str, *, client: str | None = None) -> int:
        """Forget the failures of ``username`` (from ``client``; None: from all); how many."""
        ...
