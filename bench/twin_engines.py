"""SimPy or salabim: the measurement behind the twin's choice of discrete-event engine.

Both engines run the same model: an M/M/c station (exponential arrivals and service, ``c``
servers, first come first served) with one process per customer, the shape of the twin's
kernel (a simulated person is a process that waits for resources in turn). Each engine runs the
same number of customers from the same seed; the figure is customers per second of CPU time,
and the mean wait each engine found after the first tenth. Both engines draw the same random
numbers in the same order, so they must find the same mean wait (to 0.1 %), or the comparison
is not between equal models; Erlang C's mean is printed beside it for reference (one long run
of a queue is strongly autocorrelated: its mean strays by 10–20 % from run to run, which is why
the validation test in ``tests/unit/twin/test_validation.py`` uses replications and a band).
The result is recorded in ``docs/twin.md``.

Run with ``python -m bench twin_engines``.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Generator
from typing import Any

import salabim as sim  # type: ignore[import-untyped]
import simpy

from migrationpact.twin.validation import erlang_c_wait

CUSTOMERS = 50_000
WARM_UP = CUSTOMERS // 10  # the empty start, left out of the mean
TOLERANCE = 0.001
ARRIVAL_RATE = 4.0
SERVICE_RATE = 1.0
SERVERS = 5
SEED = 20260612


def run_simpy(customers: int, seed: int) -> float:
    """The mean wait in the queue, with SimPy."""
    rng = random.Random(seed)
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=SERVERS)
    waits: list[float] = []

    def customer() -> Generator[Any, Any, None]:
        arrived = env.now
        with desk.request() as turn:
            yield turn
            waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(SERVICE_RATE))

    def source() -> Generator[Any, Any, None]:
        for _ in range(customers):
            yield env.timeout(rng.expovariate(ARRIVAL_RATE))
            env.process(customer())

    env.process(source())
    env.run()
    return sum(waits[WARM_UP:]) / len(waits[WARM_UP:])


def run_salabim(customers: int, seed: int) -> float:
    """The mean wait in the queue, with salabim (yieldless off: generator processes)."""
    sim.yieldless(False)
    rng = random.Random(seed)
    env = sim.Environment(trace=False, random_seed="*")
    desk = sim.Resource("desk", capacity=SERVERS, env=env)
    waits: list[float] = []

    class Customer(sim.Component):  # type: ignore[misc]
        def process(self) -> Generator[Any, Any, None]:
            arrived = env.now()
            yield self.request(desk)
            waits.append(env.now() - arrived)
            yield self.hold(rng.expovariate(SERVICE_RATE))
            self.release()

    class Source(sim.Component):  # type: ignore[misc]
        def process(self) -> Generator[Any, Any, None]:
            for _ in range(customers):
                yield self.hold(rng.expovariate(ARRIVAL_RATE))
                Customer(env=env)

    Source(env=env)
    env.run()
    return sum(waits[WARM_UP:]) / len(waits[WARM_UP:])


def _timed(run: Callable[[int, int], float]) -> tuple[float, float]:
    start = time.process_time()
    wait = run(CUSTOMERS, SEED)
    return CUSTOMERS / (time.process_time() - start), wait


def main() -> int:
    expected = erlang_c_wait(ARRIVAL_RATE, SERVICE_RATE, SERVERS)
    simpy_rate, simpy_wait = _timed(run_simpy)
    salabim_rate, salabim_wait = _timed(run_salabim)
    print(f"M/M/{SERVERS}, rho={ARRIVAL_RATE / SERVERS / SERVICE_RATE:.2f}, {CUSTOMERS} customers")
    print(f"Erlang C mean wait   {expected:.4f}")
    print(f"SimPy    {simpy_rate:>10,.0f} customers/s  mean wait {simpy_wait:.4f}")
    print(f"salabim  {salabim_rate:>10,.0f} customers/s  mean wait {salabim_wait:.4f}")
    print(f"SimPy / salabim: {simpy_rate / salabim_rate:.2f}x")
    agree = abs(simpy_wait - salabim_wait) <= TOLERANCE * simpy_wait
    if not agree:
        print("the engines found different mean waits: the comparison is void")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
