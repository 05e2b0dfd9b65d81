"""Failures counted in memory: per username, forgetting the old ones, bounded in size."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from migrationpact.auth import memory_failures
from migrationpact.auth.memory_failures import MemoryFailures

T0 = datetime(2026, 7, 1, 9, 0)
EVER = datetime.min


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_counts_only_failures_after_the_moment_asked_for() -> None:
    record = MemoryFailures()
    for minute in (0, 1, 2):
        record.add("ann", at=at(minute), forget_before=EVER)
    assert record.count("ann", after=at(0)) == 2  # strictly after
    assert record.count("ann", after=EVER) == 3
    assert record.count("bob", after=EVER) == 0


def test_adding_forgets_the_username_s_old_failures() -> None:
    record = MemoryFailures()
    record.add("ann", at=at(0), forget_before=EVER)
    record.add("ann", at=at(1), forget_before=EVER)
    record.add("ann", at=at(20), forget_before=at(0))
    assert record.count("ann", after=EVER) == 2


def test_clear_forgets_one_username() -> None:
    record = MemoryFailures()
    record.add("ann", at=at(0), forget_before=EVER)
    record.add("bob", at=at(0), forget_before=EVER)
    record.clear("ann")
    record.clear("nobody")
    assert (record.count("ann", after=EVER), record.count("bob", after=EVER)) == (0, 1)


def test_many_usernames_are_swept_once_their_failures_are_old(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(memory_failures, "PRUNE_AT", 3)
    record = MemoryFailures()
    for name in ("a", "b", "c"):
        record.add(name, at=at(0), forget_before=EVER)
    record.add("d", at=at(1), forget_before=EVER)  # nothing is old yet: all stay
    assert [record.count(n, after=EVER) for n in "abcd"] == [1, 1, 1, 1]
    record.add("e", at=at(20), forget_before=at(0))
    assert [record.count(n, after=EVER) for n in "abcde"] == [0, 0, 0, 1, 1]
