"""``place``: propose a unit for each household, as the optimum of the mixed-integer programme.

The overrides are checked first (``override.check``): a planner's choice that breaks a hard
constraint is refused with that constraint named, and nothing is solved. Then the problem is
prepared (classes and candidates), solved (``mip``), and each class's count per unit is handed
out to its households in the order of their ids, so the same input gives the same answer.
"""

from __future__ import annotations

from collections.abc import Collection

from .mip import Options, solve
from .model import PlacementInput, PlacementResult
from .override import check_all
from .prepare import Prepared, prepare
from .result import answer

SOLVER = "HiGHS (mixed-integer, single thread)"


def place(
    problem: PlacementInput,
    options: Options | None = None,
    *,
    disabled: Collection[str] = (),
) -> PlacementResult:
    """The optimal placement of ``problem`` (``disabled``: for tests only, see ``rules``)."""
    check_all(problem)
    prepared = prepare(problem, disabled)
    found = solve(prepared, options or Options())
    return answer(
        prepared,
        assignment_of(prepared, found.counts),
        bound=found.bound,
        solver=SOLVER,
        status=found.status,
    )


def assignment_of(prepared: Prepared, counts: dict[tuple[int, int], int]) -> dict[int, int]:
    """Household → unit from the number of each class's households per unit."""
    assignment: dict[int, int] = {}
    waiting = {c: iter(group.members) for c, group in enumerate(prepared.classes)}
    for (c, j), n in sorted(counts.items()):
        for _ in range(n):
            assignment[next(waiting[c])] = j
    return assignment
