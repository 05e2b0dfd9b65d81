"""Filling what a rounded plan leaves free: a unit's newcomers are chosen again so their sizes
fill it, households that live somewhere or were overridden keep what the plan gave them, a
waiting household stays where it lives, and on random problems no unit is ever over full and
no unit scores less than before. And the parts of the integer programme solved after it."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings

from migrationpact.reception.placement import Override, PlacementInput
from migrationpact.reception.placement.fill import Counts, fill
from migrationpact.reception.placement.greedy import greedy_assignment
from migrationpact.reception.placement.pairs import Pairs, neighbourhood, pairs_of
from migrationpact.reception.placement.prepare import Prepared, prepare

from .test_properties import problems
from .world import family, problem, site, unit

FOUR, THREE, TWO = (35, 33, 8, 6), (35, 33, 8), (35, 8)


def setting(given_problem: PlacementInput) -> tuple[Prepared, Pairs]:
    prepared = prepare(given_problem)
    return prepared, pairs_of(prepared)


def class_of(prepared: Prepared, household: str) -> int:
    index = next(i for i, h in enumerate(prepared.households) if h.id == household)
    return next(c for c, g in enumerate(prepared.classes) if index in g.members)


def where(prepared: Prepared, counts: Counts) -> dict[str, str]:
    """Household id → unit id of a plan in counts (the tests' classes have one member)."""
    return {
        prepared.households[prepared.classes[c].first].id: prepared.units[j].id
        for (c, j), n in counts.items()
        if n
    }


def run(prepared: Prepared, p: Pairs, start: dict[str, str]) -> dict[str, str]:
    counts = {(class_of(prepared, h), prepared.unit_index[u]): 1 for h, u in sorted(start.items())}
    members = [len(g.members) for g in prepared.classes]
    return where(prepared, fill(p, np.array(members, dtype=np.int64), counts))


def five_places(**fields: Any) -> PlacementInput:
    """One family unit with five free places; families of four, three and two."""
    return problem(
        [family("f4", FOUR, **fields), family("f3", THREE), family("f2", TWO)],
        [unit("fam", "a", free=5, families=True), unit("home", "a", free=0, families=True)],
        [site("a")],
    )


def test_a_unit_is_filled_with_the_sizes_that_fit() -> None:
    # The family of four leaves one place no family fits; three and two fill all five.
    prepared, p = setting(five_places())
    assert run(prepared, p, {"f4": "fam"}) == {"f3": "fam", "f2": "fam"}


def test_a_waiting_household_is_added_where_it_fits() -> None:
    prepared, p = setting(five_places())
    assert run(prepared, p, {"f3": "fam"}) == {"f3": "fam", "f2": "fam"}


def test_an_overridden_household_keeps_its_unit() -> None:
    given_problem = five_places().model_copy(
        update={"overrides": (Override(household="f4", unit="fam", reason="planner"),)}
    )
    prepared, p = setting(given_problem)
    assert run(prepared, p, {"f4": "fam"}) == {"f4": "fam"}


def test_a_household_that_lives_somewhere_is_not_sent_back_to_wait() -> None:
    # Sent back, it would take its place in "home" again, which the family of three is given.
    prepared, p = setting(five_places(current_unit="home"))
    assert run(prepared, p, {"f4": "fam"}) == {"f4": "fam", "f3": "home"}


def test_a_waiting_household_stays_where_it_lives() -> None:
    prepared, p = setting(five_places(current_unit="home"))
    assert run(prepared, p, {"f3": "fam", "f2": "fam"}) == {
        "f4": "home",
        "f3": "fam",
        "f2": "fam",
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_no_unit_is_over_full_and_none_scores_less(given_problem: PlacementInput) -> None:
    prepared, p = setting(given_problem)
    start = {
        prepared.households[h].id: prepared.units[j].id
        for h, j in greedy_assignment(prepared).items()
    }
    after = run(prepared, p, start)
    people = {h.id: h for h in prepared.households}
    for plan in (start, after):
        load = {u.id: u.occupancy for u in prepared.units}
        for h, to in plan.items():
            if people[h].current_unit != to:
                load[to] += people[h].persons
                home = people[h].current_unit
                if home is not None:
                    load[home] -= people[h].persons
        assert all(load[each.id] <= each.capacity for each in prepared.units)

    def points(plan: dict[str, str], unit_id: str) -> float:
        total = 0.0
        for h, v in plan.items():
            if v == unit_id:
                group = prepared.classes[class_of(prepared, h)]
                total += float(group.points[list(group.candidates).index(prepared.unit_index[v])])
        return total

    for u in prepared.units:
        assert points(after, u.id) >= points(start, u.id) - 1e-9


def test_the_integer_programme_is_freed_near_the_relaxation_then_around_its_classes() -> None:
    prepared, p = setting(five_places())
    cols = np.arange(len(p.unit))
    relaxed = np.zeros(len(cols))
    start = relaxed.copy()
    f4 = class_of(prepared, "f4")
    first = int(np.flatnonzero(p.klass == f4)[0])
    start[first] = 1.0  # the plan differs from the relaxation in one column of f4's class
    near = neighbourhood(p, cols, relaxed, start, start, "near")
    assert list(np.flatnonzero(near)) == [first]
    around = neighbourhood(p, cols, relaxed, start, start, "classes")
    assert list(np.flatnonzero(around)) == list(np.flatnonzero(p.klass == f4))
    assert len(np.flatnonzero(around)) > 1
    assert neighbourhood(p, cols, relaxed, start, start, "all").all()


def test_the_part_around_free_places_frees_who_waits_for_them_and_who_is_there() -> None:
    # The family of four leaves one place in "fam": the families waiting may go there, and the
    # family of four may go anywhere it may; nothing else may change ("home" is full).
    prepared, p = setting(five_places())
    cols = np.arange(len(p.unit))
    plan = np.zeros(len(cols))
    f4, fam = class_of(prepared, "f4"), prepared.unit_index["fam"]
    plan[int(np.flatnonzero((p.klass == f4) & (p.unit == fam))[0])] = 1.0
    free = neighbourhood(p, cols, plan, plan, plan, "room")
    expected = (p.klass == f4) | ((p.unit == fam) & (p.klass != f4))
    assert list(np.flatnonzero(free)) == list(np.flatnonzero(expected))
    assert not free[p.unit != fam].all()
