"""The twin's resources: staff who serve one person at a time, and places people occupy.

A ``Staff`` pool (screening teams, IND caseworkers, judges) is a SimPy store of tokens, one per
person on duty: a simulated person takes a token, is served, and gives it back. Unlike a SimPy
``Resource`` its size changes while the simulation runs: a new caseworker's token is added
when the training lag is over (``hire``). The pool records every wait, so the mean wait of an
M/M/c station can be checked against Erlang C (``twin.validation``).

``Places`` count people by location type (COL, AZC, DOL, …) against the capacity of each type.
Nobody is turned away (COA must house every applicant, RCD Art. 17): when a type is full the
person is counted in the overflow type (emergency reception, ``NOODOPVANG``) instead. The
kernel's ``Metrics`` integrate the occupancy over time.

>>> import simpy
>>> env = simpy.Environment()
>>> pool = Staff(env, "desk", 1)
>>> def person(env, pool):
...     token = yield from pool.take()
...     yield env.timeout(2)
...     pool.give(token)
>>> _ = env.process(person(env, pool)); _ = env.process(person(env, pool)); env.run()
>>> pool.waits
[0, 2]
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import simpy

OVERFLOW = "NOODOPVANG"


class Staff:
    """A pool of people on duty whose size may grow (see the module text)."""

    def __init__(self, env: simpy.Environment, name: str, size: int) -> None:
        self.env, self.name = env, name
        self.store: simpy.Store = simpy.Store(env)
        self.size = 0
        self.waits: list[float] = []
        self.busy_time = 0.0
        self._taken: dict[int, float] = {}
        self.add(size)

    def add(self, count: int) -> None:
        """``count`` more people on duty from now."""
        for _ in range(count):
            self.size += 1
            self.store.put(self.size)

    def hire(self, count: int, lag: float) -> None:
        """``count`` people who start producing ``lag`` time units from now."""
        if count <= 0:
            return

        def arrive() -> Generator[Any, Any, None]:
            yield self.env.timeout(lag)
            self.add(count)

        self.env.process(arrive())

    def take(self) -> Generator[Any, Any, int]:
        """Wait for a free person; the token to give back afterwards."""
        asked = self.env.now
        token: int = yield self.store.get()
        self.waits.append(self.env.now - asked)
        self._taken[token] = self.env.now
        return token

    def give(self, token: int) -> None:
        self.busy_time += self.env.now - self._taken.pop(token)
        self.store.put(token)

    @property
    def queue(self) -> int:
        """How many are waiting for a free person now."""
        return len(self.store.get_queue)


@dataclass
class Places:
    """Occupancy by location type against capacity (see the module text)."""

    capacity: dict[str, int]
    present: dict[str, int] = field(default_factory=dict)

    def enter(self, wanted: str) -> str:
        """Place someone in ``wanted``, or in the overflow type when it is full; the type."""
        code = wanted
        if self.present.get(wanted, 0) >= self.capacity.get(wanted, 0):
            code = OVERFLOW
        self.present[code] = self.present.get(code, 0) + 1
        return code

    def leave(self, code: str) -> None:
        self.present[code] -= 1


@dataclass
class BorderPlaces:
    """Border-procedure places and the annual maximum of applications examined in it.

    ``full()`` answers the two facts routing needs (APR Art. 47, 48): are the places taken, and
    has the year's maximum been reached; ``count`` starts again at the start of each year.
    """

    places: int
    annual_maximum: int
    occupied: int = 0
    this_year: int = 0

    def full(self) -> tuple[bool, bool]:
        return self.occupied >= self.places, self.this_year >= self.annual_maximum

    def enter(self) -> None:
        self.occupied += 1
        self.this_year += 1

    def leave(self) -> None:
        self.occupied -= 1
