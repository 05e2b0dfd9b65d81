"""On random small problems, any plan the solver or the greedy baseline makes keeps every hard
constraint, places each household at most once, and the solver's plan is within its proven gap
of the bound and scores at least the greedy plan (less the gap it may leave)."""

from __future__ import annotations

from typing import Any, cast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrationpact.reception.placement import (
    Household,
    Member,
    Needs,
    PlacementInput,
    Unit,
    place,
    place_greedily,
    violations,
)
from migrationpact.reception.placement.model import AgeRange, LocationType, Phase

from .world import OFFICE, site

TYPES: list[LocationType] = ["AZC", "NOODOPVANG", "DOL", "KWV", "GRENS", "POL"]
PHASES: list[Phase] = ["procedure", "transfer", "border", "arrival"]


@st.composite
def units(draw: st.DrawFn, n_sites: int) -> list[Unit]:
    made = []
    for k in range(draw(st.integers(1, 6))):
        capacity = draw(st.integers(0, 8))
        audience = draw(st.sampled_from(["families", "single_adults", "uam", "both"]))
        made.append(
            Unit(
                id=f"u{k}",
                site=f"s{draw(st.integers(0, n_sites - 1))}",
                location_type=draw(st.sampled_from(TYPES)),
                capacity=capacity,
                occupancy=draw(st.integers(0, capacity)),
                families=audience in ("families", "both"),
                single_adults=audience in ("single_adults", "both"),
                uam=AgeRange(age_min=draw(st.integers(0, 12)), age_max=17)
                if audience == "uam"
                else None,
                women_only=draw(st.booleans()) and audience == "single_adults",
                accessible=draw(st.booleans()),
                medical=draw(st.booleans()),
                lgbti=draw(st.integers(0, 5)) == 0,
            )
        )
    return made


@st.composite
def households(draw: st.DrawFn, unit_list: list[Unit]) -> list[Household]:
    room = {u.id: u.occupancy for u in unit_list}
    made = []
    for k in range(draw(st.integers(1, 8))):
        composition = draw(st.sampled_from(["family", "single-adult", "uam"]))
        sex = cast(Any, draw(st.sampled_from(["F", "M"])))
        if composition == "family":
            members = (
                Member(age=30, sex=sex),
                *tuple(
                    Member(age=a, sex="F")
                    for a in draw(st.lists(st.integers(0, 40), min_size=1, max_size=4))
                ),
            )
        elif composition == "uam":
            members = (Member(age=draw(st.integers(8, 17)), sex=sex),)
        else:
            members = (Member(age=draw(st.integers(18, 70)), sex=sex),)
        current = draw(st.sampled_from([None, *sorted(room)]))
        if current is not None and room[current] >= len(members):
            room[current] -= len(members)
        else:
            current = None
        made.append(
            Household(
                id=f"h{k}",
                members=members,
                composition=cast(Any, composition),
                phase=draw(st.sampled_from(PHASES)),
                needs=Needs(
                    accessible=draw(st.booleans()),
                    medical=draw(st.integers(0, 3)) == 0,
                    women_only=draw(st.booleans()),
                    lgbti=draw(st.integers(0, 3)) == 0,
                ),
                current_unit=current,
                ind_office=draw(st.sampled_from([None, OFFICE.id])),
                tie_municipalities=draw(st.sampled_from([(), ("m1",)])),
            )
        )
    return made


@st.composite
def problems(draw: st.DrawFn) -> PlacementInput:
    n_sites = draw(st.integers(1, 3))
    unit_list = draw(units(n_sites))
    return PlacementInput(
        households=tuple(draw(households(unit_list))),
        units=tuple(unit_list),
        sites=tuple(site(f"s{k}", f"m{k}", km=50.0 * k) for k in range(n_sites)),
        ind_offices=(OFFICE,),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_plan_keeps_the_hard_constraints(problem: PlacementInput) -> None:
    optimal = place(problem)
    greedy = place_greedily(problem)
    for result in (optimal, greedy):
        assert violations(problem, result) == []
        seen = [p.household for p in result.placements] + [u.household for u in result.unplaced]
        assert sorted(seen) == sorted(h.id for h in problem.households)
    assert optimal.bound is not None
    assert optimal.bound >= optimal.objective - 1e-6
    assert optimal.objective >= greedy.objective - 1e-3 * abs(optimal.bound) - 1e-6
