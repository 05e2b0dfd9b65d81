"""Running a coroutine from a test, whatever event loop the test's thread already has.

``asyncio.run`` refuses to start when the calling thread has a loop running, and some tests
(the browser tests' synchronous Playwright) leave one in the main thread. ``run_async`` runs the
coroutine to its end on a thread of its own, and so on a fresh event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

_T = TypeVar("_T")


def run_async(coroutine: Coroutine[Any, Any, _T]) -> _T:
    """``asyncio.run(coroutine)`` on a fresh thread (and so a fresh event loop)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()
