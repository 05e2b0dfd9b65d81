"""Proposing a place for everyone waiting for one: the store's cases and sites, through the
placement solver, for every front end.

``propose_placements`` asks the access policy (``reception.place``: COA planners and
supervisors), reads the open sites with their units and the open cases, turns them into the
solver's input (``reception.placement.from_cases``: who is waiting, households, needs, phase,
IND office, family ties; ``placement.offices``: the offices' coordinates),
writes one access-log row per case whose data the proposal uses or names as left out (before
anything leaves the service), runs ``place`` and returns the proposal with its explanations.

It records nothing (``reception_recording.record_placements`` records what it proposes). A
case that already has a place (``store.reception_sites.placed_cases``) waits only for a move
(``from_cases.waiting``); each unit's occupancy is everyone living there (the last count plus
the households placed). A planner's ``overrides`` (household, unit, reason) are fixed choices,
checked against the hard constraints first; an overridden household is taken even beyond
``limit``.

Refusals: ``Forbidden`` (the policy's reason), ``Invalid`` (no open site with an open unit, a
limit below 1, an override that breaks a hard constraint (named) or names an unknown household
or unit, or sites and cases the solver's input refuses, with its reason).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.reception.placement import (
    Override,
    OverrideError,
    PlacementInput,
    PlacementResult,
)
from migrationpact.reception.placement.from_cases import (
    Lodging,
    Skipped,
    households,
    units_and_sites,
    waiting,
)
from migrationpact.reception.placement.offices import ind_offices
from migrationpact.reception.placement.override import check_all as check_overrides
from migrationpact.reception.sites.state import SiteState
from migrationpact.services.errors import Invalid, refuse_unless
from migrationpact.services.finding import log_people_shown
from migrationpact.services.reading import UNSTATED, Asking
from migrationpact.services.recording import dutch_now
from migrationpact.store.eventstore import EventStore
from migrationpact.store.reception_sites import Place, placed_cases, read_site_states, read_sites
from migrationpact.store.states import read_open_states

#: What of each waiting case the proposal uses (written on its access-log row).
USED_FIELDS = (
    "person.date_of_birth",
    "person.sex",
    "family",
    "facts.age",
    "facts.unaccompanied",
    "reception_needs.needs",
    "procedure",
    "dublin",
    "decision",
    "ind_office",
)


@dataclass(frozen=True)
class Proposal:
    """The solver's input and answer, the cases of each household, and the waiting cases it
    could not take (with the reason); the sites' states it read (``sites``) and where the
    cases with a place live (``places``), for recording. ``dry_run``: nothing was recorded
    (False only in what ``reception_recording.record_placements`` returns)."""

    problem: PlacementInput
    result: PlacementResult
    cases: dict[str, list[str]]
    skipped: tuple[Skipped, ...]
    dry_run: bool = True
    sites: dict[str, SiteState] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    #: Open sites without coordinates: the IND office's proximity was left out of this run.
    unlocated: tuple[str, ...] = ()


def lodgings(store: EventStore) -> dict[str, Lodging]:
    """Where each case with a place lives (its unit and the site's location type), by case."""
    return _lodged(placed_cases(store.engine))


def _lodged(places: Mapping[str, Place]) -> dict[str, Lodging]:
    return {
        c: Lodging(f"{p.site_id}/{p.unit_id}", p.location_type, p.municipality)
        for c, p in places.items()
    }


def propose_placements(
    *,
    store: EventStore,
    principal: Principal,
    limit: int | None = None,
    overrides: Sequence[Override] = (),
    asking: Asking = UNSTATED,
) -> Proposal:
    """Propose a unit for each household waiting (the ``limit`` that waited longest, and the
    overridden ones)."""
    refuse_unless(principal, Action.RECEPTION_PLACE)
    if limit is not None and limit < 1:
        raise Invalid(f"the limit must be 1 or more, not {limit}")
    ids = [row.site["site_id"] for row in read_sites(store.engine)]
    site_states = read_site_states(store.engine, ids)
    units, sites = units_and_sites(site_states.values())
    if not units:
        raise Invalid("no open reception site with an open unit: import and open sites first")
    places = placed_cases(store.engine)
    lodged = _lodged(places)
    states = waiting(read_open_states(store.engine).values(), lodged)
    found, cases, skipped = households(states, dutch_now(store).date(), lodged)
    made = {s.case_id: s.made_at for s in states}
    found.sort(key=lambda h: (min(str(made[c]) for c in cases[h.id]), h.id))
    overridden = {o.household for o in overrides}
    chosen = [h for n, h in enumerate(found) if limit is None or n < limit or h.id in overridden]
    used = [c for h in chosen for c in cases[h.id]] + [s.case_id for s in skipped]
    offices, chosen, unlocated = ind_offices(chosen, sites)
    try:
        problem = PlacementInput(
            households=tuple(chosen), units=tuple(units), sites=tuple(sites),
            ind_offices=tuple(offices), overrides=tuple(overrides),
        )  # fmt: skip
    except ValidationError as exc:
        raise Invalid(f"placement refuses the sites or cases: {_first(exc)}") from None
    try:  # before the access log: a refused override reads and writes nothing
        check_overrides(problem)
    except OverrideError as exc:
        raise Invalid(str(exc), kind="override-refused", text=exc.text) from None
    log_people_shown(
        store, principal, used, action=Action.RECEPTION_PLACE.value, asking=asking,
        fields=USED_FIELDS,
    )  # fmt: skip
    # The solver (HiGHS, numpy) is loaded by the first proposal, not with the server.
    from migrationpact.reception.placement.solve import place

    result = place(problem)
    return Proposal(
        problem=problem,
        result=result,
        cases={h.id: cases[h.id] for h in chosen},
        skipped=tuple(skipped),
        sites=site_states,
        places=places,
        unlocated=tuple(unlocated),
    )


def _first(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return " ".join(str(error["msg"]).split())
