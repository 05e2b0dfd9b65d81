"""Recording placements: what the proposal places becomes ``household_placed`` events, and a
household that leaves its site becomes ``household_left``, for every front end.

``record_placements`` runs the proposal (``reception_placement.propose_placements``, with the
planner's overrides checked against the hard constraints first) and records, in ONE
transaction, one ``household_placed`` per household it places in a unit it does not live in
yet (``basis`` ``proposal``, or ``override`` with the planner's reason). A household that
lives somewhere already (a move: its phase needs another location type) first leaves its old
site (``household_left``, reason ``moved``) in the same transaction; on a site's stream the
leaving comes before the placing, so the places it frees count. Each site is written at the
sequence it was read at: when another writer changed a site in between, nothing is recorded
(``Conflict``), so two planners never overbook a unit; the site's own rules (free places, one
place per household and case) are checked again as each event is decided.

``record_departure`` records that the household of a case left its site (``household_left``):
the whole household leaves, on ``on`` (default today, never in the future, never before it was
placed), for one of the reasons of ``HouseholdLeft``.

Both ask the policy for ``reception.place`` (COA planners and supervisors) and write an
access-log row for each case they read. Refusals: ``Forbidden``, ``Invalid`` (the proposal's,
a bad reason or day, a refusal of a site's rules), ``NotFound`` (a case without a place),
``Conflict`` (a site changed meanwhile); nothing is written on any of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.reception.placement import Override
from migrationpact.reception.sites import events as ev
from migrationpact.reception.sites.decide import SiteRefused
from migrationpact.services.errors import Conflict, Invalid, NotFound, refuse_unless
from migrationpact.services.finding import log_people_shown
from migrationpact.services.reading import UNSTATED, Asking
from migrationpact.services.reception_placement import Proposal, propose_placements
from migrationpact.services.recording import dutch_now
from migrationpact.store.errors import ConcurrencyError
from migrationpact.store.eventstore import EventStore
from migrationpact.store.reception_sites import SITE, placed_cases, read_site_states
from migrationpact.store.unit_of_work import NewEvent

#: What of a case a departure reads and shows: where it lives.
PLACE_FIELDS = ("reception.place",)


@dataclass(frozen=True)
class Recorded:
    """One household placed: where, its cases and persons, why, and the site it left (a move)."""

    household: str
    cases: tuple[str, ...]
    site_id: str
    unit_id: str
    persons: int
    basis: ev.PlacementBasis
    reason: str | None
    moved_from: str | None


@dataclass(frozen=True)
class Recording:
    """What ``record_placements`` did: the proposal it recorded and each household placed."""

    proposal: Proposal
    recorded: tuple[Recorded, ...]
    events: int


@dataclass(frozen=True)
class Departure:
    """What ``record_departure`` recorded."""

    household: str
    cases: tuple[str, ...]
    site_id: str
    unit_id: str
    left_on: date
    reason: str


def _allow(principal: Principal) -> None:
    refuse_unless(principal, Action.RECEPTION_PLACE)


def record_placements(
    *,
    store: EventStore,
    principal: Principal,
    limit: int | None = None,
    overrides: Sequence[Override] = (),
    asking: Asking = UNSTATED,
) -> Recording:
    """Propose and record a place for each household waiting (see the module text)."""
    proposal = propose_placements(
        store=store, principal=principal, limit=limit, overrides=overrides, asking=asking
    )
    now = dutch_now(store)
    leaving: dict[str, list[Any]] = defaultdict(list)
    placing: dict[str, list[Any]] = defaultdict(list)
    recorded: list[Recorded] = []
    lives = {h.id: h.current_unit for h in proposal.problem.households}
    for p in proposal.result.placements:
        if lives[p.household] == p.unit:
            continue  # stays where it lives: nothing to record
        cases = tuple(proposal.cases[p.household])
        old = {(pl.site_id, pl.household) for c in cases if (pl := proposal.places.get(c))}
        for site_id, left in sorted(old):
            leaving[site_id].append(
                ev.HouseholdLeft(occurred_at=now, household=left, left_on=now.date(),
                                 reason="moved")
            )  # fmt: skip
        unit_id = p.unit.removeprefix(f"{p.site}/")
        basis: ev.PlacementBasis = "override" if p.override is not None else "proposal"
        placing[p.site].append(
            ev.HouseholdPlaced(
                occurred_at=now, unit_id=unit_id, household=p.household, cases=cases,
                persons=p.persons, placed_on=now.date(), basis=basis, reason=p.override,
            )
        )  # fmt: skip
        moved_from = min((s for s, _ in old), default=None)
        recorded.append(
            Recorded(p.household, cases, p.site, unit_id, p.persons, basis, p.override, moved_from)
        )
    batch = [
        NewEvent(site_id, event, proposal.sites[site_id].seq + n, None, principal.actor,
                 principal.organisation.value, SITE)
        for site_id in sorted({*leaving, *placing})
        for n, event in enumerate([*leaving[site_id], *placing[site_id]])
    ]  # fmt: skip
    _append(store, batch)
    return Recording(replace(proposal, dry_run=False), tuple(recorded), len(batch))


def record_departure(
    *,
    store: EventStore,
    principal: Principal,
    case_id: str,
    reason: str,
    on: date | None = None,
    asking: Asking = UNSTATED,
) -> Departure:
    """Record that the household of ``case_id`` left its site (see the module text)."""
    _allow(principal)
    now = dutch_now(store)
    day = on or now.date()
    if day > now.date():
        raise Invalid(f"a departure is recorded once it happened, not on {day.isoformat()}")
    try:
        data = {"household": "x", "left_on": day, "reason": reason}
        event = ev.parse_site_event({"type": "household_left", "occurred_at": now, **data})
    except ev.SiteEventError as exc:
        raise Invalid(str(exc)) from None
    place = placed_cases(store.engine, [case_id]).get(case_id)
    log_people_shown(
        store, principal, [case_id], action=Action.RECEPTION_PLACE.value, asking=asking,
        fields=PLACE_FIELDS,
    )  # fmt: skip
    if place is None:
        raise NotFound(f"case {case_id} has no place at a reception site", kind="not-placed")
    state = read_site_states(store.engine, [place.site_id])[place.site_id]
    resident = state.resident(place.household)
    assert resident is not None  # the projection is the state's
    event = event.model_copy(update={"household": place.household})
    _append(store, [NewEvent(place.site_id, event, state.seq, None, principal.actor,
                             principal.organisation.value, SITE)])  # fmt: skip
    return Departure(place.household, resident.cases, place.site_id, place.unit_id, day, reason)


def _append(store: EventStore, batch: Sequence[NewEvent]) -> None:
    if not batch:
        return
    try:
        store.append_many(batch)
    except ConcurrencyError as exc:
        raise Conflict(
            f"site {exc.case_id} was changed by another writer since it was read; "
            "nothing was recorded: propose again",
            kind="site-changed",
        ) from exc
    except SiteRefused as exc:
        raise Invalid(str(exc), kind="site-refused") from None
