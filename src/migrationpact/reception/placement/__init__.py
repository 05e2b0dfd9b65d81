"""Placement in suitable locations: propose a unit for each household waiting for one (or
moving), under hard constraints, as the optimum of weighted soft goals, with reasons.

Call it from another program with a ``PlacementInput`` (or its JSON, see
``docs/reception-placement.schema.json``)::

    from migrationpact.reception.placement import PlacementInput, place
    result = place(PlacementInput.model_validate_json(text))
    print(result.model_dump_json())

``place`` solves the mixed-integer programme (``mip``), ``place_greedily`` is the baseline,
``violations`` checks any plan against the hard constraints, ``check_override`` checks a
planner's override, and ``texts`` says every reason in a sentence (English, with its Dutch
translation in the web catalog). See docs/reception-placement.md.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .model import (
    Household,
    IndOffice,
    Member,
    Needs,
    Override,
    Placement,
    PlacementInput,
    PlacementResult,
    Site,
    Unit,
    Unplaced,
    Weights,
)
from .override import OverrideError
from .override import check as check_override
from .rules import required_types, violations

if TYPE_CHECKING:
    from .greedy import place_greedily
    from .mip import Options
    from .solve import place

#: The names whose modules load the solver (HiGHS) and numpy: imported when first asked for,
#: so that a program that only reads or checks plans (the server at start) does not load them.
_SOLVING = {"place": ".solve", "place_greedily": ".greedy", "Options": ".mip"}

__all__ = [
    "Household",
    "IndOffice",
    "Member",
    "Needs",
    "Options",
    "Override",
    "OverrideError",
    "Placement",
    "PlacementInput",
    "PlacementResult",
    "Site",
    "Unit",
    "Unplaced",
    "Weights",
    "check_override",
    "place",
    "place_greedily",
    "required_types",
    "violations",
]


def __getattr__(name: str) -> Any:
    """``place``, ``place_greedily`` and ``Options``, from their modules on first use."""
    if name in _SOLVING:
        value = getattr(import_module(_SOLVING[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
