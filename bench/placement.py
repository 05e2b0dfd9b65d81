"""Placement of 5,000 households over 300 sites (about 2,000 units): the solver beside the greedy
baseline, on the same instance in the same run.

The instance is ``bench.placementgen.instance()`` (seeded, Dutch-shaped). The benchmark prints,
for the mixed-integer programme and for the greedy baseline, the objective, the households left
unplaced and the time (wall clock and this process's CPU time, since the machine may be shared),
the proven bound and optimality gap of the programme, and the ratio of the two times (the greedy
is the in-run baseline). The goal (issue 15): a gap under 1 % in under 10 s on two cores of a
fast machine; the line ``goal`` says whether this run met it. A plan that breaks a hard
constraint fails the benchmark.

Run with ``python -m bench placement`` (or ``python -m bench.placement``).
"""

from __future__ import annotations

import sys
import time

from bench.placementgen import instance
from migrationpact.reception.placement import (
    Options,
    PlacementResult,
    place,
    place_greedily,
    violations,
)

SEED = 2026
HOUSEHOLDS = 5000
GOAL_GAP = 0.01
GOAL_SECONDS = 10.0
OPTIONS = Options(gap=GOAL_GAP, time_limit=10.0)  # the gap the goal asks for


def _timed(run: object) -> tuple[PlacementResult, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()  # type: ignore[operator]
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _line(name: str, result: PlacementResult, wall: float, cpu: float) -> str:
    placed = sum(p.persons for p in result.placements)
    return (
        f"{name:<7} objective {result.objective:>12,.1f}  placed {len(result.placements):>5} "
        f"households ({placed:,} persons), unplaced {len(result.unplaced):>4}  "
        f"time {wall:6.2f} s (CPU {cpu:6.2f} s)"
    )


def main() -> int:
    problem = instance(SEED, HOUSEHOLDS)
    print(
        f"placement: {len(problem.households):,} households "
        f"({sum(h.persons for h in problem.households):,} persons), {len(problem.sites)} sites, "
        f"{len(problem.units):,} units ({sum(u.free for u in problem.units):,} free places); "
        f"seed {SEED}"
    )
    greedy, g_wall, g_cpu = _timed(lambda: place_greedily(problem))
    optimal, m_wall, m_cpu = _timed(lambda: place(problem, OPTIONS))
    print(_line("greedy", greedy, g_wall, g_cpu))
    print(_line("MIP", optimal, m_wall, m_cpu))
    gap = optimal.gap if optimal.gap is not None else float("inf")
    print(
        f"MIP: {optimal.solver}, status {optimal.status}; proven bound {optimal.bound:,.1f}, "
        f"gap {gap:.3%}; objective +{optimal.objective - greedy.objective:,.1f} over the greedy; "
        f"time ratio MIP/greedy {m_wall / g_wall:.1f} (CPU {m_cpu / max(g_cpu, 1e-9):.1f})"
    )
    met = gap < GOAL_GAP and m_wall < GOAL_SECONDS
    print(f"goal: gap < {GOAL_GAP:.0%} in < {GOAL_SECONDS:.0f} s: {'met' if met else 'not met'}")
    broken = violations(problem, optimal) + violations(problem, greedy)
    if broken:
        print(f"FAIL: {len(broken)} hard constraints broken, e.g. {broken[0]}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
