"""Group commit: the writes of concurrent threads of one process, committed together.

A server process answers many requests at once, each on a thread of its own. When every one of
them commits a small write of its own, the database flushes its log once per request, and a
write that is serialised across the whole database (the access log's hash chain) is done one
request at a time, each holding the lock for a few round trips and a flush. ``GroupCommit``
lets the threads share: the first thread to arrive becomes the *leader* and writes what it
brought together with everything other threads handed in meanwhile, in one transaction; the
others (*followers*) wait until the transaction that holds their write has committed, and only
then return. Nothing is acknowledged before it is durable: a follower returns its result only
after the commit, and if the commit fails, every write in it fails with the error.

While a leader writes, new arrivals queue up; when it is done it hands the lead to the first of
them, which takes the whole queue as the next batch. Under light load a batch holds one write
and costs what it did before; under heavy load one commit carries many.

One write that makes a batch fail must not fail the others: when a batch of several writes
fails, each is tried again alone, so only the faulty one sees its error.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar, cast

_In = TypeVar("_In")
_Out = TypeVar("_Out")


@dataclass
class _Pending(Generic[_In, _Out]):
    """One thread's write: what it brought, and the answer once the batch holding it ended."""

    item: _In
    woken: threading.Event = field(default_factory=threading.Event)
    lead: bool = False  # woken to lead the next batch, not with an answer
    done: bool = False
    result: _Out | None = None
    error: BaseException | None = None


class GroupCommit(Generic[_In, _Out]):
    """Commit the items of concurrent callers together with ``write_batch``.

    ``write_batch(items)`` writes the items in one transaction and returns one result per
    item, in order; it runs on the leader's thread. ``submit(item)`` returns the item's result
    once its batch has committed, or raises what the batch (or the item alone) raised.
    """

    def __init__(self, write_batch: Callable[[Sequence[_In]], list[_Out]]) -> None:
        self._write_batch = write_batch
        self._lock = threading.Lock()
        self._queue: list[_Pending[_In, _Out]] = []
        self._leading = False

    @property
    def waiting(self) -> int:
        """How many writes wait for the next batch."""
        with self._lock:
            return len(self._queue)

    def submit(self, item: _In) -> _Out:
        mine: _Pending[_In, _Out] = _Pending(item)
        with self._lock:
            self._queue.append(mine)
            lead = not self._leading
            self._leading = True
        if not lead:
            mine.woken.wait()
            if not mine.lead:
                return _answer(mine)
        with self._lock:
            batch, self._queue = self._queue, []
        try:
            self._write(batch)
        finally:
            with self._lock:
                if self._queue:
                    self._queue[0].lead = True
                    self._queue[0].woken.set()
                else:
                    self._leading = False
        return _answer(mine)

    def _write(self, batch: list[_Pending[_In, _Out]]) -> None:
        """Write ``batch`` and wake every follower in it with its answer."""
        try:
            results = self._write_batch([p.item for p in batch])
        except BaseException as exc:
            if len(batch) == 1:
                batch[0].error = exc
            else:
                for alone in batch:
                    self._write([alone])  # only a faulty item fails on its own
                return
        else:
            for pending, result in zip(batch, results, strict=True):
                pending.result, pending.done = result, True
        for pending in batch:
            pending.woken.set()


def _answer(pending: _Pending[_In, _Out]) -> _Out:
    if pending.error is not None:
        raise pending.error
    assert pending.done
    return cast(_Out, pending.result)
