"""Every hard constraint holds, and each one, left out, lets its violation through.

For each constraint a problem whose only way to place the household breaks it: with the
constraint the household is not placed and the blocking constraint is named; with the
constraint switched off (the tests' switch ``disabled``) the solver places it and the
independent check ``violations`` finds the breach. So each constraint is shown to be the
thing that prevents the violation.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from migrationpact.reception.placement import PlacementInput, place, place_greedily, violations
from migrationpact.reception.placement.model import AgeRange

from .world import adult, family, minor, problem, site, unit

A = site("a")
NOOD = site("n", kind="NOODOPVANG")

CASES: dict[str, Callable[[], PlacementInput]] = {
    "location-type": lambda: problem([adult("h", phase="transfer")], [unit("u", "a")], [A]),
    "composition": lambda: problem([adult("h")], [unit("u", "a", families=True)], [A]),
    "uam-age": lambda: problem(
        [minor("h", 16)], [unit("u", "a", uam=AgeRange(age_min=0, age_max=14))], [A]
    ),
    "emergency-minors": lambda: problem(
        [family("h")], [unit("u", "n", kind="NOODOPVANG", families=True)], [NOOD]
    ),
    "women-only": lambda: problem([adult("h", "M")], [unit("u", "a", women_only=True)], [A]),
    "lgbti-unit": lambda: problem([adult("h")], [unit("u", "a", lgbti=True)], [A]),
    "accessible": lambda: problem([adult("h", needs={"accessible": True})], [unit("u", "a")], [A]),
    "medical": lambda: problem([adult("h", needs={"medical": True})], [unit("u", "a")], [A]),
    "capacity": lambda: problem([family("h")], [unit("u", "a", free=2, families=True)], [A]),
    "together": lambda: problem(
        [family("h")],
        [unit("u1", "a", free=2, families=True), unit("u2", "a", free=2, families=True)],
        [A],
    ),
}


@pytest.mark.parametrize("constraint", sorted(CASES))
def test_the_constraint_keeps_the_household_out(constraint: str) -> None:
    given = CASES[constraint]()
    result = place(given)
    assert violations(given, result) == []
    assert result.placements == ()
    blocked = result.unplaced[0].blocked_by
    assert blocked == ("capacity" if constraint == "together" else constraint)


@pytest.mark.parametrize("constraint", sorted(CASES))
@pytest.mark.parametrize("solver", [place, place_greedily])
def test_without_the_constraint_the_violation_appears(
    constraint: str, solver: Callable[..., object]
) -> None:
    given = CASES[constraint]()
    result = solver(given, disabled={constraint})
    found = violations(given, result)  # type: ignore[arg-type]
    assert found
    assert all(v.startswith(constraint + ":") for v in found), found


def test_a_family_is_never_split_when_one_unit_has_room() -> None:
    given = problem(
        [family("h")],
        [unit("u1", "a", free=2, families=True), unit("u2", "a", free=3, families=True)],
        [A],
    )
    result = place(given)
    assert [(p.household, p.unit, p.persons) for p in result.placements] == [("h", "u2", 3)]
