"""From a plan (household → unit) to the answer: each placement with its reasons, each household
that could not be placed with the constraint that blocks it, and the needs report.

A placement explains itself in codes and points, which ``texts`` turns into sentences:

- **why here**: the soft goals that score, with their points (``goals``, summed in ``score``),
  and, for a household with an IND office, the office and the kilometres to it;
- **what bound it**: the hard constraints that excluded units for this household, in the order
  of ``rules.CONSTRAINTS``, and ``capacity`` when a unit that would have scored more is full;
- **why not the next-best unit**: the best other candidate, and either how many points less
  it scores or that it is full (``capacity``). A better-scoring unit with room is left for
  the plan as a whole (the spread over municipalities), shown as a negative difference.

Both the solver and the greedy baseline give their plan to ``answer``, so they are explained,
scored and reported in the same way.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from .model import (
    EMERGENCY,
    Alternative,
    Constraint,
    NeedsRow,
    Placement,
    PlacementResult,
    Unplaced,
)
from .prepare import HouseholdClass, Ints, Prepared, first_blocking, goal_scores, objective
from .rules import CONSTRAINTS, excluded_by, phase_basis


def answer(
    prepared: Prepared,
    assignment: dict[int, int],
    *,
    bound: float | None,
    solver: str,
    status: str,
) -> PlacementResult:
    load = _final_load(prepared, assignment)
    placements: list[Placement] = []
    unplaced: list[Unplaced] = []
    for group in prepared.classes:
        bound_by = _narrowing(prepared, group)
        for h in group.members:
            household = prepared.households[h]
            if h in assignment:
                placements.append(_placement(prepared, group, h, assignment[h], load, bound_by))
            else:
                blocked = "capacity" if len(group.candidates) else first_blocking(prepared, h)
                unplaced.append(
                    Unplaced(
                        household=household.id,
                        persons=household.persons,
                        blocked_by=blocked,
                        stays_in=household.current_unit,
                    )
                )
    value = objective(prepared, assignment)
    proven = None if bound is None else max(bound, value)
    phases = sorted({h.phase for h in prepared.households})
    return PlacementResult(
        placements=tuple(sorted(placements, key=lambda p: p.household)),
        unplaced=tuple(sorted(unplaced, key=lambda u: u.household)),
        objective=round(value, 6),
        bound=None if proven is None else round(proven, 6),
        gap=None if proven is None else round((proven - value) / max(abs(value), 1e-9), 9),
        solver=solver,
        status=status,
        needs_report=needs_report(prepared, assignment),
        phase_basis={phase: phase_basis(phase) for phase in phases},
    )


def _final_load(prepared: Prepared, assignment: dict[int, int]) -> Ints:
    load = np.array([u.occupancy for u in prepared.units], dtype=np.int64)
    for h, j in assignment.items():
        current = prepared.households[h].current_unit
        if current is not None:
            load[prepared.unit_index[current]] -= prepared.persons(h)
        load[j] += prepared.persons(h)
    return load


def _narrowing(prepared: Prepared, group: HouseholdClass) -> tuple[Constraint, ...]:
    household = prepared.households[group.first]
    found = {
        excluded_by(household, prepared.units[members[0]], prepared.disabled)
        for members in prepared.kinds
    }
    return tuple(c for c in CONSTRAINTS if c in found)


def _placement(
    prepared: Prepared,
    group: HouseholdClass,
    h: int,
    j: int,
    load: Ints,
    bound_by: tuple[Constraint, ...],
) -> Placement:
    household = prepared.households[h]
    unit = prepared.units[j]
    persons = household.persons
    at = int(np.searchsorted(group.candidates, j))
    mine = float(group.points[at])
    full = prepared.capacity[group.candidates] - load[group.candidates] < persons
    others = np.ones(len(group.candidates), dtype=bool)
    others[at] = False
    better_full = bool(np.any((group.points > mine) & full & others))
    next_best = None
    if others.any():
        best = int(np.argmax(np.where(others, group.points, -np.inf)))
        difference = round(mine - float(group.points[best]), 3)
        next_best = Alternative(
            unit=prepared.units[int(group.candidates[best])].id,
            score_difference=difference,
            excluded_by="capacity" if difference < 0 and full[best] else None,
        )
    goals = goal_scores(prepared, h, j)
    office = household.ind_office
    km = None
    if office is not None:
        km = round(float(prepared.distance[prepared.site_row[j], prepared.office_index[office]]), 1)
    return Placement(
        household=household.id,
        unit=unit.id,
        site=unit.site,
        municipality=prepared.municipality[j],
        location_type=unit.location_type,
        persons=persons,
        moved=household.current_unit is not None and household.current_unit != unit.id,
        score=round(sum(g.points for g in goals), 3),
        goals=goals,
        bound_by=bound_by + (("capacity",) if better_full and "capacity" not in bound_by else ()),
        candidates=len(group.candidates),
        next_best=next_best,
        override=group.override,
        ind_office=office,
        ind_distance_km=km,
    )


def needs_report(prepared: Prepared, assignment: dict[int, int]) -> tuple[NeedsRow, ...]:
    """Per need, how many households that have it were placed where it is met; per group
    (family, single adult, unaccompanied minor), how many were placed, and outside emergency."""
    have: dict[str, int] = defaultdict(int)
    met: dict[str, int] = defaultdict(int)
    regular: dict[str, int] = defaultdict(int)
    for h, household in enumerate(prepared.households):
        j = assignment.get(h)
        unit = prepared.units[j] if j is not None else None
        municipality = prepared.municipality[j] if j is not None else None
        needs = {
            "accessible": (household.needs.accessible, unit is not None and unit.accessible),
            "medical": (household.needs.medical, unit is not None and unit.medical),
            "women-only": (household.needs.women_only, unit is not None and unit.women_only),
            "lgbti": (household.needs.lgbti, unit is not None and unit.lgbti),
            "school": (
                household.school_municipality is not None,
                municipality == household.school_municipality,
            ),
            "ties": (
                bool(prepared.tie_municipalities[h]),
                municipality in prepared.tie_municipalities[h],
            ),
        }
        for need, (has, is_met) in needs.items():
            have[need] += has
            met[need] += has and is_met
        group = f"group:{household.composition}"
        have[group] += 1
        met[group] += unit is not None
        regular[group] += unit is not None and unit.location_type not in EMERGENCY
    rows = []
    for key in sorted(have):
        kind, _, category = key.rpartition(":")
        rows.append(
            NeedsRow(
                kind="group" if kind else "need",
                category=category,
                households=have[key],
                met=met[key],
                share=round(met[key] / have[key], 4) if have[key] else 1.0,
                regular=regular[key] if kind else None,
            )
        )
    return tuple(rows)
