"""``GroupCommit``: concurrent callers share one batch, each gets its own answer after it."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest

from migrationpact.store.groupcommit import GroupCommit


class Recorder:
    """A ``write_batch`` that remembers its batches; the first one waits until ``release``."""

    def __init__(self, *, hold_first: bool = False) -> None:
        self.batches: list[list[int]] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        if not hold_first:
            self.release.set()

    def __call__(self, items: Sequence[int]) -> list[str]:
        self.batches.append(list(items))
        self.entered.set()
        self.release.wait(timeout=10)
        if any(i < 0 for i in items):
            raise ValueError(f"negative item in {sorted(items)}")
        return [f"r{i}" for i in items]


def _until_waiting(group: GroupCommit[int, str], n: int) -> None:
    """Until ``n`` callers queue behind the batch being written."""
    for _ in range(1000):
        if group.waiting >= n:
            return
        threading.Event().wait(0.01)
    raise AssertionError(f"{group.waiting} callers waiting, not {n}")


def test_one_caller_at_a_time_gets_a_batch_of_its_own() -> None:
    write = Recorder()
    group = GroupCommit(write)
    assert [group.submit(i) for i in range(3)] == ["r0", "r1", "r2"]
    assert write.batches == [[0], [1], [2]]


def test_callers_arriving_while_a_batch_is_written_share_the_next_one() -> None:
    write = Recorder(hold_first=True)
    group = GroupCommit(write)
    with ThreadPoolExecutor(9) as pool:
        first = pool.submit(group.submit, 0)
        assert write.entered.wait(timeout=10)
        others = [pool.submit(group.submit, i) for i in range(1, 9)]
        _until_waiting(group, 8)
        write.release.set()
        assert first.result(timeout=10) == "r0"
        assert [f.result(timeout=10) for f in others] == [f"r{i}" for i in range(1, 9)]
    assert write.batches[0] == [0]
    assert sorted(write.batches[1]) == list(range(1, 9))
    assert len(write.batches) == 2  # one commit for the eight that waited


def test_no_caller_returns_before_its_batch_was_written() -> None:
    write = Recorder(hold_first=True)
    group = GroupCommit(write)
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(group.submit, 0)
        assert write.entered.wait(timeout=10)
        assert not first.done()
        write.release.set()
        assert first.result(timeout=10) == "r0"


def test_a_faulty_item_fails_alone_and_the_others_are_written() -> None:
    write = Recorder(hold_first=True)
    group = GroupCommit(write)
    with ThreadPoolExecutor(5) as pool:
        first = pool.submit(group.submit, 0)
        assert write.entered.wait(timeout=10)
        others = {i: pool.submit(group.submit, i) for i in (1, -2, 3, 4)}
        _until_waiting(group, 4)
        write.release.set()
        assert first.result(timeout=10) == "r0"
        assert {i: f.result(timeout=10) for i, f in others.items() if i >= 0} == {
            1: "r1", 3: "r3", 4: "r4",
        }  # fmt: skip
        with pytest.raises(ValueError, match=r"negative item in \[-2\]"):
            others[-2].result(timeout=10)
    # the shared batch failed, then each of its items was written alone
    assert sorted(write.batches[1]) == [-2, 1, 3, 4]
    assert sorted(b[0] for b in write.batches[2:]) == [-2, 1, 3, 4]


def test_the_lead_passes_on_after_a_failed_batch() -> None:
    write = Recorder()
    group = GroupCommit(write)
    with pytest.raises(ValueError, match="negative"):
        group.submit(-1)
    assert group.submit(5) == "r5"
