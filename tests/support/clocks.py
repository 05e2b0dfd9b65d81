"""Clocks a test can set: time moves only when the test says so."""

from __future__ import annotations

from datetime import datetime, timedelta


class SettableClock:
    """A naive-UTC clock that stands still until ``advance`` moves it on.

    >>> clock = SettableClock(datetime(2026, 7, 1, 9, 0))
    >>> clock.advance(minutes=15)
    >>> clock()
    datetime.datetime(2026, 7, 1, 9, 15)
    """

    def __init__(self, start: datetime = datetime(2026, 7, 1, 9, 0)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)
