"""Worked examples of placement, computed by hand from the weights, and the solver's determinism.

The default weights (``data/weights.yaml``): 100 points a person placed, 10 points less per
100 km to the IND office, 25 for the school's municipality, 30 for staying, 40 less a person
in an emergency location, 5 less a person above a municipality's fair share.
"""

from __future__ import annotations

import random

import pytest

from migrationpact.reception.placement import (
    Override,
    OverrideError,
    PlacementInput,
    place,
    place_greedily,
    violations,
)
from migrationpact.reception.placement.texts import why_here, why_not, why_unplaced

from .world import adult, family, problem, site, unit


def near_and_far() -> PlacementInput:
    """One adult for the Ter Apel office; site a is at 0 km, site b at 200 km, one place each."""
    return problem(
        [adult("h1", ind_office="ter-apel")],
        [unit("ua", "a", free=1), unit("ub", "b", free=1)],
        [site("a", "Westerwolde", km=0), site("b", "Zwolle", km=200)],
    )


def test_the_nearer_unit_wins_by_the_proximity_points() -> None:
    result = place(near_and_far())
    (placement,) = result.placements
    assert placement.unit == "ua"
    # 100 for the person; 0 km costs nothing. Ub would score 100 - 10 * 200 / 100 = 80.
    assert placement.score == 100
    assert placement.next_best is not None
    assert (placement.next_best.unit, placement.next_best.score_difference) == ("ub", 20)
    # Fair shares: 1 person over 2 free places in two municipalities: 0.5 each, so 0.5 too many
    # in Westerwolde: 100 - 5 * 0.5 = 97.5.
    assert result.objective == 97.5
    assert result.gap is not None
    assert result.gap <= 1e-3


def test_school_continuity_decides_who_gets_the_one_near_place() -> None:
    given = problem(
        [
            adult("h1", ind_office="ter-apel"),
            family("h2", ages=(35, 33, 8), ind_office="ter-apel", school_municipality="Zwolle"),
        ],
        [unit("ua", "a", free=1), unit("ub", "b", free=1),
         unit("fa", "a", free=3, families=True), unit("fb", "b", free=3, families=True)],
        [site("a", "Westerwolde", km=0), site("b", "Zwolle", km=100)],
    )  # fmt: skip
    result = place(given)
    where = {p.household: p.unit for p in result.placements}
    # The family: fa scores 300, fb 300 - 10 + 25 = 315.
    assert where == {"h1": "ua", "h2": "fb"}
    goals = {g.goal: g.points for g in result.placements[1].goals}
    assert goals == {"placed": 300, "proximity": -10, "school": 25}


def test_emergency_locations_are_the_last_resort() -> None:
    given = problem(
        [adult("h1"), adult("h2")],
        [unit("reg", "a", free=1), unit("nood", "n", kind="NOODOPVANG", free=5)],
        [site("a"), site("n", kind="NOODOPVANG")],
    )
    result = place(given)
    assert sorted(p.unit for p in result.placements) == ["nood", "reg"]
    in_nood = next(p for p in result.placements if p.unit == "nood")
    assert {g.goal: g.points for g in in_nood.goals} == {"placed": 100, "emergency": -40}
    assert in_nood.next_best is not None
    assert in_nood.next_best.excluded_by == "capacity"
    assert "capacity" in in_nood.bound_by
    assert "it is full" in str(why_not(in_nood))
    assert [str(t) for t in why_here(in_nood)][-1] == (
        "Bound by: room in the unit (2 suitable units)"
    )


def test_a_household_that_moves_frees_its_place() -> None:
    # h1 lives in nood (counted in its occupancy); reg has one place. Moving h1 to reg and
    # h2 into h1's old place... h2 is a family and may not go to nood, so h2 needs reg: the
    # family goes to reg only if it fits (3 places): it does not, so h1 moves to reg.
    given = problem(
        [adult("h1", current_unit="nood")],
        [unit("reg", "a", free=1), unit("nood", "n", kind="NOODOPVANG", free=0)],
        [site("a"), site("n", kind="NOODOPVANG")],
    )
    result = place(given)
    (placement,) = result.placements
    assert (placement.unit, placement.moved) == ("reg", True)
    assert violations(given, result) == []


def test_the_unplaced_household_names_the_blocking_constraint() -> None:
    given = problem([adult("h1", phase="border", current_unit="u")], [unit("u", "a")], [site("a")])
    result = place(given)
    (unplaced,) = result.unplaced
    assert (unplaced.blocked_by, unplaced.stays_in) == ("location-type", "u")
    assert str(why_unplaced(unplaced)) == (
        "No place for household h1: no unit meets the location type the phase of the case "
        "requires; it stays in unit u"
    )


def test_the_explanation_says_why_here() -> None:
    (placement,) = place(near_and_far()).placements
    said = [str(t) for t in why_here(placement)]
    assert said[0] == "Household h1 to unit ua (Westerwolde): 100 points"
    assert said[1:] == ["placed: 100 points"]  # 0 km to the office: no points off, no bounds
    assert str(why_not(placement)) == "Not unit ub: it scores 20 points less"


def test_an_override_is_respected() -> None:
    given = near_and_far().model_copy(
        update={"overrides": (Override(household="h1", unit="ub", reason="near a hospital"),)}
    )
    (placement,) = place(given).placements
    assert (placement.unit, placement.override) == ("ub", "near a hospital")
    assert why_here(placement)[-1] == "Placed by the planner: near a hospital"


@pytest.mark.parametrize(
    ("target", "constraint"), [("nood", "emergency-minors"), ("small", "capacity")]
)
def test_an_override_that_breaks_a_hard_constraint_is_refused(target: str, constraint: str) -> None:
    given = problem(
        [family("h1")],
        [unit("small", "a", free=2, families=True),
         unit("nood", "n", kind="NOODOPVANG", families=True)],
        [site("a"), site("n", kind="NOODOPVANG")],
        overrides=(Override(household="h1", unit=target, reason="planner"),),
    )  # fmt: skip
    with pytest.raises(OverrideError) as refused:
        place(given)
    assert refused.value.constraint == constraint
    assert f"Household h1 cannot be placed in unit {target}" in str(refused.value)


def shuffled(given: PlacementInput, seed: int) -> PlacementInput:
    rng = random.Random(seed)
    parts = {}
    for name in ("households", "units", "sites"):
        items = list(getattr(given, name))
        rng.shuffle(items)
        parts[name] = tuple(items)
    return given.model_copy(update=parts)


def crowded() -> PlacementInput:
    """Twelve households competing for too few places in two municipalities."""
    households = [adult(f"s{i:02d}", ind_office="ter-apel") for i in range(8)]
    households += [family(f"f{i:02d}", ind_office="ter-apel") for i in range(4)]
    units = [unit(f"a{i}", "a", free=2) for i in range(2)] + [unit("b0", "b", free=3)]
    units += [unit("fa", "a", free=4, families=True), unit("fb", "b", free=3, families=True)]
    return problem(households, units, [site("a", "Westerwolde"), site("b", "Zwolle", km=150)])


def test_the_same_input_gives_the_same_plan_in_any_order() -> None:
    first = place(crowded()).model_dump_json()
    assert place(crowded()).model_dump_json() == first
    assert place(shuffled(crowded(), 1)).model_dump_json() == first
    assert (
        place_greedily(crowded()).model_dump_json()
        == place_greedily(shuffled(crowded(), 2)).model_dump_json()
    )


def test_the_solver_scores_at_least_the_greedy_plan() -> None:
    optimal, greedy = place(crowded()), place_greedily(crowded())
    assert violations(crowded(), optimal) == violations(crowded(), greedy) == []
    assert optimal.objective >= greedy.objective
    assert greedy.bound is None
    assert optimal.bound is not None
    assert optimal.bound >= optimal.objective


def test_the_needs_report_counts_needs_met() -> None:
    given = problem(
        [
            adult("w1", "F", needs={"women_only": True}),
            adult("w2", "F", needs={"women_only": True}),
        ],
        [unit("wo", "a", free=1, women_only=True), unit("mixed", "a", free=1)],
        [site("a")],
    )
    rows = {(r.kind, r.category): r for r in place(given).needs_report}
    women = rows[("need", "women-only")]
    assert (women.households, women.met, women.share) == (2, 1, 0.5)
    adults = rows[("group", "single-adult")]
    assert (adults.households, adults.met, adults.regular) == (2, 2, 2)
