"""The greedy baseline: one household at a time, into the best unit that still has room.

Overridden households go first, to their unit; then the households with the fewest candidate
units (the hardest to place), larger ones before smaller, in the order of their ids; each takes
the candidate that scores most and has room (ties: the first unit by id). A household that moves
frees its old place when it is placed. It is deterministic and quick, and it is what the
benchmark compares the solver with: the same points, the same explanations, no optimality.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from .model import PlacementInput, PlacementResult
from .override import check_all
from .prepare import Prepared, prepare
from .result import answer

SOLVER = "greedy"


def place_greedily(problem: PlacementInput, *, disabled: Collection[str] = ()) -> PlacementResult:
    check_all(problem)
    prepared = prepare(problem, disabled)
    assignment = greedy_assignment(prepared)
    return answer(prepared, assignment, bound=None, solver=SOLVER, status="heuristic")


def greedy_assignment(prepared: Prepared) -> dict[int, int]:
    """Household → unit, one household at a time (see the module's text)."""
    room = np.array([u.free for u in prepared.units], dtype=np.int64)
    ordered = sorted(
        ((group.override is None, len(group.candidates), -prepared.persons(h), h), group)
        for group in prepared.classes
        for h in group.members
    )
    order = {id(g): g.candidates[np.argsort(-g.points, kind="stable")] for g in prepared.classes}
    ignore_room = "capacity" in prepared.disabled
    assignment: dict[int, int] = {}
    for (_, _, _, h), group in ordered:
        persons = prepared.persons(h)
        current = prepared.households[h].current_unit
        stay = -1 if current is None else prepared.unit_index[current]
        units = order[id(group)]
        fits = (units == stay) | (room[units] >= persons) | ignore_room
        if not fits.any():
            continue
        best = int(units[int(np.argmax(fits))])
        assignment[h] = best
        if best != stay:
            room[best] -= persons
            if stay >= 0:
                room[stay] += persons
    return assignment
