"""The hard constraints of placement: which unit may take which household at all.

Each constraint has a code (``model.Constraint``) and is checked in the order of
``CONSTRAINTS``; the first one a unit breaks is the reason it is excluded, and the constraint
that removes a household's last candidates is the one that blocks it. Capacity and keeping a
household together are not properties of one pair; the solver enforces them, ``violations``
checks them afterwards.

The location types a phase requires are data (``data/phases.yaml``), with their legal basis.
A switch to leave out a constraint (``disabled``) exists for the tests only: they show that
each constraint, left out, lets its violation through.

>>> sorted(required_types("transfer")), phase_basis("transfer")
(['DOL'], 'AMMR Art 18(1); RCD Art 21')
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from functools import cache
from importlib import resources
from typing import Any, get_args

from migrationpact.law import yamltext

from .model import (
    EMERGENCY,
    Constraint,
    Household,
    Phase,
    PlacementInput,
    PlacementResult,
    Unit,
)

#: The hard constraints in the order they are checked (the order of ``model.Constraint``).
CONSTRAINTS: tuple[Constraint, ...] = get_args(Constraint)


@cache
def _phases() -> dict[str, dict[str, Any]]:
    text = resources.files(__package__).joinpath("data/phases.yaml").read_text("utf-8")
    loaded: dict[str, dict[str, Any]] = yamltext.safe_load(text)
    return loaded


def required_types(phase: Phase) -> frozenset[str]:
    """The location types a household in ``phase`` may be placed in."""
    return frozenset(_phases()[phase]["types"])


def phase_basis(phase: Phase) -> str:
    """The legal basis of the phase's location types, marked when unverified."""
    entry = _phases()[phase]
    return str(entry["basis"]) + ("" if entry["verified"] else " (UNVERIFIED)")


def excluded_by(
    household: Household, unit: Unit, disabled: Collection[str] = ()
) -> Constraint | None:
    """The first hard constraint (not capacity) that keeps ``household`` out of ``unit``."""
    for code in CONSTRAINTS[:-2]:
        if code not in disabled and _breaks(code, household, unit):
            return code
    return None


def _breaks(code: Constraint, h: Household, u: Unit) -> bool:
    if code == "location-type":
        return u.location_type not in required_types(h.phase)
    if code == "composition":
        admits = {"family": u.families, "single-adult": u.single_adults, "uam": u.uam is not None}
        return not admits[h.composition] or (u.uam is not None and h.composition != "uam")
    if code == "uam-age":
        age = h.members[0].age
        return h.composition == "uam" and (
            u.uam is None or not u.uam.age_min <= age <= u.uam.age_max
        )
    if code == "emergency-minors":
        return u.location_type in EMERGENCY and (h.composition == "family" or h.has_minors)
    if code == "women-only":
        return u.women_only and not h.women_only_admissible
    if code == "lgbti-unit":
        return u.lgbti and not h.needs.lgbti
    if code == "accessible":
        return h.needs.accessible and not u.accessible
    if code == "medical":
        return h.needs.medical and not u.medical
    raise ValueError(f"{code} is not a constraint on one household and one unit")


def violations(problem: PlacementInput, result: PlacementResult) -> list[str]:
    """Every hard constraint the result breaks, as ``"<constraint>: <what>"`` (none: ``[]``).

    An independent check of a solution: it recomputes each unit's load from the placements
    and the households that stay where they are.
    """
    households = {h.id: h for h in problem.households}
    units = {u.id: u for u in problem.units}
    found: list[str] = []
    times = Counter(p.household for p in result.placements)
    found += [f"together: household {h} is split over {n} units" for h, n in times.items() if n > 1]
    load: dict[str, int] = defaultdict(int)
    for unit in problem.units:
        load[unit.id] = unit.occupancy
    moved = {p.household for p in result.placements}
    for h in problem.households:
        if h.current_unit is not None and h.id in moved:
            load[h.current_unit] -= h.persons
    for placement in result.placements:
        household = households[placement.household]
        unit = units[placement.unit]
        load[unit.id] += placement.persons
        broken = [c for c in CONSTRAINTS[:-2] if _breaks(c, household, unit)]
        found += [f"{c}: household {household.id} in unit {unit.id}" for c in broken]
    found += [
        f"capacity: unit {u} holds {n} of {units[u].capacity}"
        for u, n in sorted(load.items())
        if n > units[u].capacity
    ]
    return found
