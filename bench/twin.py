"""The chain twin: its events per second against the core's replay alone, and replications on
two cores against one after another.

1. **Kernel cost.** One replication of a year of the shipped base scenario at ``SHARE`` of its
   people (every flow and the housing quota scaled alike, ``twin.backtest.scaled``; one in
   four, the share the shipped back-test runs at), keeping every case's decided events. The
   same events are then replayed alone (``cases.machine.replay``, per case) under a fresh law
   built from the same scenario, so both start with empty caches. CPU seconds; the figure is
   simulated events per second over replayed events per second. Goal: at least 0.5 (the
   kernel's own cost, SimPy and the person's path, is at most as much as the domain's). The
   replays must end in the same states as the simulation: a single difference fails the run.
2. **Replications on two cores.** ``REPLICATIONS`` replications of the same year, one after
   another in this process, then on a local Dask cluster of two single-threaded worker
   processes (its start-up included). Wall-clock seconds; goal: parallel at most 0.6x.

Run with ``python -m bench twin``.
"""

from __future__ import annotations

import sys
import time

from migrationpact.cases.machine import replay
from migrationpact.twin.backtest import scaled
from migrationpact.twin.kernel import World
from migrationpact.twin.lawbuild import build_law
from migrationpact.twin.montecarlo import run_many
from migrationpact.twin.scenario import SCENARIOS, Scenario, read_scenario

SHARE = 0.25
REPLICATIONS = 10
SEED = 20260612
GOAL_EVENTS_RATIO = 0.5
GOAL_PARALLEL_RATIO = 0.6


def year() -> Scenario:
    """The shipped base scenario's year at ``SHARE`` of its people."""
    return scaled(read_scenario(SCENARIOS / "base.yaml"), SHARE)


def kernel_cost(scenario: Scenario) -> tuple[float, float, int]:
    """(simulated events/s, replayed events/s, events); exits on a replay that differs."""
    world = World(scenario, build_law(scenario), SEED, keep_events=True)
    start = time.process_time()
    world.run()
    simulated = time.process_time() - start
    events = sum(c.decided for c in world.cases)
    law = build_law(scenario)
    start = time.process_time()
    states = [replay(c.state.case_id, c.history or [], law=law) for c in world.cases]
    replayed = time.process_time() - start
    differing = [s.case_id for s, c in zip(states, world.cases, strict=True) if s != c.state]
    if differing:
        print(f"replay differs from the simulation for {len(differing)} cases: {differing[:3]}")
        sys.exit(1)
    return events / simulated, events / replayed, events


def parallel_cost(scenario: Scenario) -> tuple[float, float]:
    """(seconds one after another, seconds on two Dask workers)."""
    start = time.perf_counter()
    run_many(scenario, REPLICATIONS, SEED, parallel=False)
    sequential = time.perf_counter() - start
    start = time.perf_counter()
    run_many(scenario, REPLICATIONS, SEED, workers=2)
    parallel = time.perf_counter() - start
    return sequential, parallel


def main() -> int:
    scenario = year()
    simulated, replayed, events = kernel_cost(scenario)
    ratio = simulated / replayed
    print(f"base scenario, {scenario.months} months at {SHARE:g} of its people: {events:,} events")
    print(f"simulation {simulated:,.0f} events/s, replay alone {replayed:,.0f} events/s")
    events_met = ratio >= GOAL_EVENTS_RATIO
    print(f"simulation / replay: {ratio:.2f}x (goal >= {GOAL_EVENTS_RATIO}: "
          f"{'met' if events_met else 'NOT met'})")  # fmt: skip
    sequential, parallel = parallel_cost(scenario)
    share = parallel / sequential
    parallel_met = share <= GOAL_PARALLEL_RATIO
    print(f"{REPLICATIONS} replications: one after another {sequential:.1f} s, "
          f"two Dask workers {parallel:.1f} s")  # fmt: skip
    print(f"two cores / one after another: {share:.2f}x (goal <= {GOAL_PARALLEL_RATIO}: "
          f"{'met' if parallel_met else 'NOT met'})")  # fmt: skip
    return 0 if events_met and parallel_met else 1


if __name__ == "__main__":
    sys.exit(main())
