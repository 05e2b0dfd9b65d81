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

from .greedy import place_greedily
from .mip import Options
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
from .solve import place

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
