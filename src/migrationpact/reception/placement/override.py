"""A planner's override: "this household goes to this unit, because …".

The solver takes an override as a fixed assignment. Before it does, ``check`` makes sure the
choice breaks no hard constraint: the unit must meet every constraint on the pair (location
type, composition, age, emergency, women-only, LGBTI, accessibility, medical), and the overrides
into one unit must fit in its free places (counting the places that overridden households
leave). A choice that breaks one is refused with ``OverrideError``, which names the
constraint; the integration records the override as an event only after this check passes.
"""

from __future__ import annotations

from collections import defaultdict

from migrationpact.law.text import Text

from .model import Constraint, Household, Override, PlacementInput, Unit
from .rules import excluded_by
from .texts import label


class OverrideError(ValueError):
    """The override breaks ``constraint``; ``text`` says so in a sentence."""

    def __init__(self, override: Override, constraint: Constraint) -> None:
        self.override = override
        self.constraint = constraint
        self.text = Text(
            "Household %(household)s cannot be placed in unit %(unit)s: %(constraint)s",
            household=override.household,
            unit=override.unit,
            constraint=label(constraint),
        )
        super().__init__(str(self.text))


def check(problem: PlacementInput, override: Override) -> None:
    """Refuse ``override`` if it breaks a hard constraint, alone or with the other overrides."""
    households = {h.id: h for h in problem.households}
    units = {u.id: u for u in problem.units}
    constraint = excluded_by(households[override.household], units[override.unit])
    if constraint is not None:
        raise OverrideError(override, constraint)
    together = problem.overrides
    if override not in together:
        together = (*together, override)
    if not _fits(together, households, units, override.unit):
        raise OverrideError(override, "capacity")


def check_all(problem: PlacementInput) -> None:
    for override in problem.overrides:
        check(problem, override)


def _fits(
    overrides: tuple[Override, ...],
    households: dict[str, Household],
    units: dict[str, Unit],
    target: str,
) -> bool:
    needed: dict[str, int] = defaultdict(int)
    freed: dict[str, int] = defaultdict(int)
    for o in overrides:
        h = households[o.household]
        if h.current_unit == o.unit:
            continue
        needed[o.unit] += h.persons
        if h.current_unit is not None:
            freed[h.current_unit] += h.persons
    return needed[target] <= units[target].free + freed[target]
