"""What placement takes in and gives back: households, units, sites, weights; placements.

A **household** is the people who are placed together (one person, a family, an unaccompanied
minor). It has a composition, members with age and sex, needs, the phase of its case (which
fixes the location types it may go to) and, when it already lives somewhere, its current unit.
A **unit** is the smallest place a household is given (a wing, a house, a corridor) with a
capacity, an occupancy and attributes saying whom it admits. A **site** is the location that
holds units: its municipality, its main location type and its distance to the IND offices
(from coordinates, or a table of kilometres).

The output says for each household where it goes and why (``Placement``), or why it cannot be
placed (``Unplaced``), with the solver's objective, bound and gap. Everything is a frozen
pydantic model, so the input is checked where it enters (a clear error, nothing computed) and
the JSON Schema of both sides is written by ``schema.json_schema``.

>>> Household(id="h1", members=(Member(age=30, sex="F"),), composition="single-adult").persons
1
>>> Household(id="h2", members=(Member(age=30, sex="F"),), composition="family")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Household
  Value error, household h2: a family has two or more members ...
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from migrationpact.law import yamltext

LocationType = Literal[
    "COL",
    "COL-AMV",
    "POL",
    "AZC",
    "KWV",
    "NIDOS",
    "NOODOPVANG",
    "CRISISNOODOPVANG",
    "GEMEENTELIJK",
    "IBO",
    "HTL",
    "VBL",
    "GL",
    "GRENS",
    "DOL",
]
EMERGENCY: frozenset[str] = frozenset({"NOODOPVANG", "CRISISNOODOPVANG"})
Phase = Literal["arrival", "procedure", "border", "transfer", "departure", "ibo", "htl"]
Composition = Literal["family", "single-adult", "uam"]
#: Children of these ages go to school (leerplicht from 5; most start at 4).
SCHOOL_AGES = range(4, 18)
ADULT = 18

Code = str  # an id: a household, unit, site, office or municipality


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Member(Frozen):
    age: int = Field(ge=0, le=125)
    sex: Literal["F", "M", "X"]


class Needs(Frozen):
    """Needs from the special-reception-needs assessment (RCD Art 24-25) that placement uses:
    ``accessible`` and ``medical`` are hard constraints, ``women_only`` and ``lgbti`` goals."""

    accessible: bool = False
    medical: bool = False
    women_only: bool = False
    lgbti: bool = False


class Household(Frozen):
    id: Code = Field(min_length=1)
    members: tuple[Member, ...] = Field(min_length=1)
    composition: Composition
    needs: Needs = Needs()
    phase: Phase = "procedure"
    school_municipality: Code | None = None
    tie_municipalities: tuple[Code, ...] = ()
    tie_households: tuple[Code, ...] = ()
    current_unit: Code | None = None
    ind_office: Code | None = None

    @property
    def persons(self) -> int:
        return len(self.members)

    @property
    def has_minors(self) -> bool:
        return any(m.age < ADULT for m in self.members)

    @property
    def women_only_admissible(self) -> bool:
        """Every adult is a woman (children may come with their mother)."""
        return all(m.sex == "F" for m in self.members if m.age >= ADULT) and any(
            m.age >= ADULT for m in self.members
        )

    @property
    def school_age(self) -> bool:
        return any(m.age in SCHOOL_AGES for m in self.members)

    @model_validator(mode="after")
    def _composition_fits(self) -> Self:
        adults = [m for m in self.members if m.age >= ADULT]
        problem = None
        if self.composition == "family" and len(self.members) < 2:
            problem = "a family has two or more members"
        elif self.composition == "single-adult" and (len(self.members) != 1 or not adults):
            problem = "a single adult is one member aged 18 or over"
        elif self.composition == "uam" and (len(self.members) != 1 or adults):
            problem = "an unaccompanied minor is one member under 18"
        elif self.school_municipality is not None and not self.school_age:
            problem = "a school municipality is given but no member is of school age"
        if problem:
            raise ValueError(f"household {self.id}: {problem}")
        return self


class AgeRange(Frozen):
    age_min: int = Field(ge=0, le=17)
    age_max: int = Field(ge=0, le=17)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.age_min > self.age_max:
            raise ValueError(f"age_min {self.age_min} is above age_max {self.age_max}")
        return self


class Unit(Frozen):
    """A unit; its municipality is its site's, its location type may differ from the site's
    main type (target groups and regimes share sites)."""

    id: Code = Field(min_length=1)
    site: Code
    location_type: LocationType
    capacity: int = Field(ge=0)
    occupancy: int = Field(ge=0)
    families: bool = False
    single_adults: bool = False
    women_only: bool = False
    uam: AgeRange | None = None
    accessible: bool = False
    medical: bool = False
    lgbti: bool = False

    @property
    def free(self) -> int:
        return self.capacity - self.occupancy

    @model_validator(mode="after")
    def _within_capacity(self) -> Self:
        if self.occupancy > self.capacity:
            raise ValueError(
                f"unit {self.id}: occupancy {self.occupancy} exceeds capacity {self.capacity}"
            )
        return self


class Site(Frozen):
    id: Code = Field(min_length=1)
    municipality: Code
    location_type: LocationType
    coordinates: tuple[float, float] | None = Field(
        default=None, description="latitude and longitude in degrees (WGS 84)"
    )
    ind_distance_km: dict[Code, float] = Field(
        default_factory=dict, description="kilometres to each IND office, by office id"
    )


class IndOffice(Frozen):
    id: Code = Field(min_length=1)
    coordinates: tuple[float, float]


class Override(Frozen):
    """A planner's decision: this household goes to this unit, for this reason."""

    household: Code
    unit: Code
    reason: str = Field(min_length=1)


def _default(goal: str) -> float:
    return default_weights()[goal]


class Weights(Frozen):
    """The points of each soft goal (defaults in ``data/weights.yaml``)."""

    placed: float = Field(default_factory=lambda: _default("placed"), ge=0)
    needs: float = Field(default_factory=lambda: _default("needs"), ge=0)
    proximity: float = Field(default_factory=lambda: _default("proximity"), ge=0)
    stay: float = Field(default_factory=lambda: _default("stay"), ge=0)
    school: float = Field(default_factory=lambda: _default("school"), ge=0)
    ties: float = Field(default_factory=lambda: _default("ties"), ge=0)
    spread: float = Field(default_factory=lambda: _default("spread"), ge=0)
    emergency: float = Field(default_factory=lambda: _default("emergency"), ge=0)


@cache
def default_weights() -> dict[str, float]:
    text = resources.files(__package__).joinpath("data/weights.yaml").read_text("utf-8")
    return {key: float(value) for key, value in yamltext.safe_load(text).items()}


class PlacementInput(Frozen):
    households: tuple[Household, ...]
    units: tuple[Unit, ...]
    sites: tuple[Site, ...]
    ind_offices: tuple[IndOffice, ...] = ()
    weights: Weights = Field(default_factory=Weights)
    overrides: tuple[Override, ...] = ()

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        problems: list[str] = []
        for kind, items in (("household", self.households), ("unit", self.units)):
            problems += _duplicates(kind, [item.id for item in items])
        problems += _duplicates("site", [s.id for s in self.sites])
        sites = {s.id for s in self.sites}
        units = {u.id for u in self.units}
        offices = {o.id for o in self.ind_offices}
        households = {h.id for h in self.households}
        problems += [
            f"unit {u.id}: unknown site {u.site}" for u in self.units if u.site not in sites
        ]
        for h in self.households:
            if h.current_unit is not None and h.current_unit not in units:
                problems.append(f"household {h.id}: unknown current unit {h.current_unit}")
            if h.ind_office is not None and h.ind_office not in offices:
                problems.append(f"household {h.id}: unknown IND office {h.ind_office}")
        for o in self.overrides:
            if o.household not in households:
                problems.append(f"override: unknown household {o.household}")
            if o.unit not in units:
                problems.append(f"override of {o.household}: unknown unit {o.unit}")
        problems += _duplicates("override of household", [o.household for o in self.overrides])
        for s in self.sites:
            lacking = [o for o in sorted(offices) if o not in s.ind_distance_km]
            if s.coordinates is None and lacking:
                problems.append(f"site {s.id}: no coordinates and no distance to {lacking[0]}")
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _duplicates(kind: str, ids: list[str]) -> list[str]:
    seen: set[str] = set()
    twice = sorted({i for i in ids if i in seen or seen.add(i)})  # type: ignore[func-returns-value]
    return [f"{kind} {i} appears more than once" for i in twice]


# -- the output -------------------------------------------------------------------------------

Goal = Literal["placed", "needs", "proximity", "stay", "school", "ties", "spread", "emergency"]
#: The hard constraints, in the order they are checked (``rules.CONSTRAINTS``).
Constraint = Literal[
    "location-type",
    "composition",
    "uam-age",
    "emergency-minors",
    "women-only",
    "lgbti-unit",
    "accessible",
    "medical",
    "capacity",
    "together",
]


class Score(Frozen):
    goal: Goal
    points: float


class Alternative(Frozen):
    """The next-best unit and why the household is not there: it scores ``score_difference``
    points less, or ``excluded_by`` a hard constraint (``capacity``: it is full)."""

    unit: Code
    score_difference: float
    excluded_by: Constraint | None = None


class Placement(Frozen):
    household: Code
    unit: Code
    site: Code
    municipality: Code
    location_type: LocationType
    persons: int
    moved: bool
    score: float
    goals: tuple[Score, ...]
    bound_by: tuple[Constraint, ...] = Field(
        description="the hard constraints that narrowed this household's choice of units"
    )
    candidates: int = Field(description="units that meet every hard constraint but capacity")
    next_best: Alternative | None
    override: str | None = Field(default=None, description="the planner's reason, if overridden")
    ind_office: Code | None = Field(
        default=None, description="the household's IND office, when its proximity counted"
    )
    ind_distance_km: float | None = Field(
        default=None, description="kilometres from the site to that IND office"
    )


class Unplaced(Frozen):
    household: Code
    persons: int
    blocked_by: Constraint
    stays_in: Code | None = Field(description="the current unit it stays in, if any")


class NeedsRow(Frozen):
    """Of the households with this need (``kind`` "need") or of this composition (``kind``
    "group"), how many were placed in a unit that meets the need (for a group: placed at all,
    and placed outside emergency locations)."""

    kind: Literal["need", "group"]
    category: str
    households: int
    met: int
    share: float = Field(description="met / households (1 when there are none)")
    regular: int | None = Field(
        default=None, description="for a group: placed outside emergency locations"
    )


class PlacementResult(Frozen):
    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    objective: float
    bound: float | None = Field(description="the solver's proven upper bound (none: greedy)")
    gap: float | None = Field(
        description="(bound - objective) / |objective|: the proven optimality gap"
    )
    solver: str
    status: str
    needs_report: tuple[NeedsRow, ...]
    phase_basis: dict[str, str] = Field(
        description="the legal basis of each phase's location types used in this run"
    )
