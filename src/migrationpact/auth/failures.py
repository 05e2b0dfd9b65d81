"""The failure record: the failed sign-in attempts a lockout counts.

A ``UserDirectory`` refuses a username after too many wrong passwords in a short while. To
decide that, it needs a memory of failed attempts: per username, the moments they happened.
A ``FailureRecord`` is that memory, reduced to three questions a lockout asks:

- ``count``: how many failures of this username happened after a given moment;
- ``add``: note one more failure, and forget every failure (of anyone) from before a moment;
- ``clear``: forget this username's failures (it has just signed in).

The record keeps no policy: the directory decides the window and the limit and hands the
moments in, so every record counts the same way. Two records exist: ``MemoryFailures`` (one
process, the default) and ``StoredFailures`` (a database table that every server process
shares). Times are naive UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class FailureRecord(Protocol):
    """Failed sign-in attempts per username."""

    def count(self, username: str, *, after: datetime) -> int:
        """How many failures of ``username`` happened strictly after ``after``."""
        ...

    def add(self, username: str, *, at: datetime, forget_before: datetime) -> None:
        """Note a failure of ``username`` at ``at``; forget all failures at or before
        ``forget_before``."""
        ...

    def clear(self, username: str) -> None:
        """Forget every failure of ``username``."""
        ...
