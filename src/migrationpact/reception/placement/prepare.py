"""The placement problem in the form a solver takes: classes of alike households, the units each
may go to, and the points of every such pair.

Households that are alike in everything placement looks at (size, composition, age of a minor,
phase, needs, school municipality, ties, current unit, IND office) form one **class**: the
solver decides how many of a class go to a unit, not which one, which keeps the model small
(5,000 households are a few hundred classes). A household with a planner's override is a class
of its own. Units are grouped by their **kind** (location type and attributes) to check the
hard constraints once per class and kind; the **candidates** of a class are the units of the
kinds that break none. The points of a pair are the sum of the soft goals (``goal_points``),
computed for all candidates of a class at once.

Family ties to other households count as ties to the municipality of their current unit.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .model import (
    EMERGENCY,
    Constraint,
    Goal,
    Household,
    IndOffice,
    PlacementInput,
    Score,
    Site,
    Unit,
)
from .rules import CONSTRAINTS, excluded_by

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
EARTH_RADIUS_KM = 6371.0


def kilometres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points.

    >>> round(kilometres((52.9, 7.0), (51.9, 6.1)))  # Ter Apel to Zevenaar, roughly
    127
    """
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _distance(site: Site, office: IndOffice) -> float:
    """Kilometres from the site to the office: from its table, else from the coordinates
    (the input's validation makes sure one of them is there)."""
    if office.id in site.ind_distance_km:
        return site.ind_distance_km[office.id]
    assert site.coordinates is not None
    return kilometres(site.coordinates, office.coordinates)


@dataclass
class HouseholdClass:
    """Alike households (``members``: their indices) and the units they may go to."""

    members: list[int]
    candidates: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    points: Floats = field(default_factory=lambda: np.zeros(0))
    override: str | None = None

    @property
    def first(self) -> int:
        return self.members[0]


@dataclass
class Prepared:
    problem: PlacementInput
    households: tuple[Household, ...]
    units: tuple[Unit, ...]
    unit_index: dict[str, int]
    municipality: npt.NDArray[np.object_]  # of each unit (str)
    site_row: Ints  # each unit's site, as an index into the distance matrix
    distance: Floats  # site x office kilometres
    office_index: dict[str, int]
    classes: list[HouseholdClass]
    fair: dict[str, float]  # each municipality's fair share of the persons placed
    tie_municipalities: list[frozenset[str]]
    disabled: frozenset[str]
    kinds: list[list[int]]  # units alike in type and attributes (for the hard constraints)
    flags: dict[str, Bools]  # per unit: women_only, lgbti, emergency
    capacity: Ints  # per unit

    def persons(self, h: int) -> int:
        return self.households[h].persons


def prepare(problem: PlacementInput, disabled: Collection[str] = ()) -> Prepared:
    off = frozenset(disabled)
    households = tuple(sorted(problem.households, key=lambda h: h.id))
    if "together" in off:
        households = _one_by_one(households)
    units = tuple(sorted(problem.units, key=lambda u: u.id))
    unit_index = {u.id: i for i, u in enumerate(units)}
    sites = sorted(problem.sites, key=lambda s: s.id)
    site_index = {s.id: i for i, s in enumerate(sites)}
    offices = sorted(problem.ind_offices, key=lambda o: o.id)
    distance = np.array(
        [[_distance(s, o) for o in offices] for s in sites],
        dtype=np.float64,
    ).reshape(len(sites), len(offices))
    site_municipality = {s.id: s.municipality for s in sites}
    municipality = [site_municipality[u.site] for u in units]
    current_municipality = {
        h.id: municipality[unit_index[h.current_unit]]
        for h in households
        if h.current_unit is not None
    }
    ties = [
        frozenset(h.tie_municipalities)
        | {current_municipality[t] for t in h.tie_households if t in current_municipality}
        for h in households
    ]
    prepared = Prepared(
        problem=problem,
        households=households,
        units=units,
        unit_index=unit_index,
        municipality=np.array(municipality, dtype=object),
        site_row=np.array([site_index[u.site] for u in units], dtype=np.int64),
        distance=distance,
        office_index={o.id: i for i, o in enumerate(offices)},
        classes=[],
        fair=_fair_shares(households, units, municipality, unit_index),
        tie_municipalities=ties,
        disabled=off,
        kinds=_kinds(units),
        capacity=np.array([u.capacity for u in units], dtype=np.int64),
        flags={
            "women_only": np.array([u.women_only for u in units], dtype=bool),
            "lgbti": np.array([u.lgbti for u in units], dtype=bool),
            "emergency": np.array([u.location_type in EMERGENCY for u in units], dtype=bool),
        },
    )
    prepared.classes = _classes(prepared)
    return prepared


def _one_by_one(households: tuple[Household, ...]) -> tuple[Household, ...]:
    """Each member as a household of one (only when the "together" constraint is left out)."""
    return tuple(
        h.model_construct(**{**dict(h), "members": (m,)}) for h in households for m in h.members
    )


def _fair_shares(
    households: Sequence[Household],
    units: Sequence[Unit],
    municipality: list[str],
    unit_index: dict[str, int],
) -> dict[str, float]:
    """Each municipality's share of the persons to place, in proportion to its free places
    (counting the places of the households that may move out)."""
    free: dict[str, float] = defaultdict(float)
    for unit, m in zip(units, municipality, strict=True):
        free[m] += unit.free
    for h in households:
        if h.current_unit is not None:
            free[municipality[unit_index[h.current_unit]]] += h.persons
    total = sum(free.values())
    persons = sum(h.persons for h in households)
    return {m: persons * f / total if total else 0.0 for m, f in sorted(free.items())}


def _key(prepared: Prepared, i: int) -> tuple[object, ...]:
    h = prepared.households[i]
    return (
        h.persons,
        h.composition,
        h.members[0].age if h.composition == "uam" else None,
        h.phase,
        h.has_minors,
        h.women_only_admissible,
        h.needs,
        h.school_municipality,
        prepared.tie_municipalities[i],
        h.current_unit,
        h.ind_office,
    )


def _unit_kind(u: Unit) -> tuple[object, ...]:
    return (
        u.location_type,
        u.families,
        u.single_adults,
        u.women_only,
        u.uam,
        u.accessible,
        u.medical,
        u.lgbti,
    )


def _kinds(units: Sequence[Unit]) -> list[list[int]]:
    kinds: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for j, u in enumerate(units):
        kinds[_unit_kind(u)].append(j)
    return list(kinds.values())


def _classes(prepared: Prepared) -> list[HouseholdClass]:
    overrides = {o.household: o.reason for o in prepared.problem.overrides}
    grouped: dict[tuple[object, ...], HouseholdClass] = {}
    for i, h in enumerate(prepared.households):
        key = ("override", h.id) if h.id in overrides else _key(prepared, i)
        grouped.setdefault(key, HouseholdClass(members=[], override=overrides.get(h.id)))
        grouped[key].members.append(i)
    for group in grouped.values():
        first = prepared.households[group.first]
        allowed = [
            j
            for members in prepared.kinds
            if excluded_by(first, prepared.units[members[0]], prepared.disabled) is None
            for j in members
        ]
        if group.override is not None:
            target = next(o.unit for o in prepared.problem.overrides if o.household == first.id)
            allowed = [prepared.unit_index[target]]
        group.candidates = np.array(sorted(allowed), dtype=np.int64)
        group.points = total_points(prepared, group.first, group.candidates)
    return list(grouped.values())


def goal_vectors(prepared: Prepared, h: int, units: Ints) -> dict[Goal, Floats]:
    """The points of each soft goal (but the spread, which belongs to the whole plan) for
    household ``h`` in each of ``units``."""
    w = prepared.problem.weights
    household = prepared.households[h]
    persons = household.persons
    munis = prepared.municipality[units]
    met = (household.needs.women_only & prepared.flags["women_only"][units]).astype(float) + (
        household.needs.lgbti & prepared.flags["lgbti"][units]
    )
    vectors: dict[Goal, Floats] = {
        "placed": np.full(len(units), w.placed * persons),
        "needs": w.needs * met,
    }
    if household.ind_office is not None:
        office = prepared.office_index[household.ind_office]
        km = prepared.distance[prepared.site_row[units], office]
        vectors["proximity"] = -w.proximity * km / 100.0
    if household.current_unit is not None:
        vectors["stay"] = w.stay * (units == prepared.unit_index[household.current_unit])
    if household.school_municipality is not None:
        vectors["school"] = w.school * (munis == household.school_municipality).astype(float)
    if prepared.tie_municipalities[h]:
        ties = list(prepared.tie_municipalities[h])
        vectors["ties"] = w.ties * np.isin(munis, np.array(ties, dtype=object)).astype(float)
    vectors["emergency"] = -w.emergency * persons * prepared.flags["emergency"][units].astype(float)
    return vectors


def total_points(prepared: Prepared, h: int, units: Ints) -> Floats:
    vectors = goal_vectors(prepared, h, units)
    return np.sum(list(vectors.values()), axis=0) if len(units) else np.zeros(0)


def goal_scores(prepared: Prepared, h: int, unit: int) -> tuple[Score, ...]:
    """The soft goals of one placement that score, with their points."""
    vectors = goal_vectors(prepared, h, np.array([unit], dtype=np.int64))
    return tuple(
        Score(goal=goal, points=round(float(v[0]), 3)) for goal, v in vectors.items() if v[0]
    )


def objective(prepared: Prepared, assignment: dict[int, int]) -> float:
    """The points of a plan (household → unit): the pairs' points less the spread penalty."""
    by_household = {m: c for c in prepared.classes for m in c.members}
    placed: dict[str, float] = defaultdict(float)
    total = 0.0
    for h, j in assignment.items():
        group = by_household[h]
        total += float(group.points[np.searchsorted(group.candidates, j)])
        placed[prepared.municipality[j]] += prepared.persons(h)
    over = sum(max(0.0, n - prepared.fair[m]) for m, n in placed.items())
    return total - prepared.problem.weights.spread * over


def first_blocking(prepared: Prepared, h: int) -> Constraint:
    """The constraint that removes the household's last unit, checked in order (``capacity``
    when some unit meets every other constraint)."""
    household = prepared.households[h]
    remaining = [prepared.units[members[0]] for members in prepared.kinds]
    pairwise = CONSTRAINTS[:-2]
    for k, code in enumerate(pairwise):
        if code in prepared.disabled:
            continue
        later = prepared.disabled | frozenset(pairwise[k + 1 :])
        remaining = [u for u in remaining if excluded_by(household, u, later) is None]
        if not remaining:
            return code
    return "capacity"
